// Checks that docs/protocol.md names every message type the core declares (native only:
// it reads the source tree). Exit code 0 when all are documented.
#include <fstream>
#include <iostream>
#include <sstream>

#include "rtk/protocol.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: protocol_doc_check <docs/protocol.md>\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 2;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  int missing = 0;
  for (const auto& m : rtk::proto::all_messages()) {
    const std::string quoted = "`" + std::string(m.type) + "`";
    if (doc.find(quoted) == std::string::npos) {
      std::cerr << "docs/protocol.md does not document " << quoted << "\n";
      ++missing;
    }
  }
  std::cout << rtk::proto::all_messages().size() << " message types, " << missing << " undocumented\n";
  return missing == 0 ? 0 : 1;
}
