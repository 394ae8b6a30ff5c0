// SmallJson's operator<< on its own: an object of the archive that only what prints JSON to a
// stream (gtest) pulls in, so the SDK links no iostreams (they bring the locale and the
// environment with them: about 2 KB of Emscripten JS glue).
#include <ostream>

#include "rtk/small_json.hpp"

namespace rtk {

std::ostream& operator<<(std::ostream& os, const SmallJson& j) { return os << j.dump(); }

}  // namespace rtk
