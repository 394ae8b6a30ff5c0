// Target "client_session": the browser runtime's ClientSession (src/client) fed frames from a
// (possibly hostile) server, and API calls with arbitrary arguments from the page. The wasm
// build has no exceptions (nlohmann with JSON_NOEXCEPTION: a throw is abort()), so anything a
// server or a page can send must end as an error value, never a throw; this target is also
// replayed under node in the wasm preset (ctest --preset wasm, fuzz.client_session).
//
// Input: lines separated by '\n'. A line "@<method> <args JSON>" is ClientSession::call(method,
// args); any other line is a WebSocket text frame from the server. The session is joined
// (local media, join, socket open) before the first line; after each line the outputs are
// drained as the wasm runtime does (event payloads dumped), and the snapshot is rebuilt.
// Seeds: corpus/client_frames/ (server frames) and corpus/client_session/ (calls mixed in).
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "fuzz_check.hpp"
#include "rtk/client/session.hpp"
#include "rtk/protocol.hpp"

using namespace rtk;
using namespace rtk::client;

namespace {
void drain(ClientSession& s) {
  for (auto& o : s.take_outputs()) {
    std::visit(
        [](auto& c) {
          using T = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<T, out::Event>) {
            (void)c.payload.dump(-1, ' ', false, Json::error_handler_t::replace);
          } else if constexpr (std::is_same_v<T, out::SendFrame>) {
            // What the session sends is ours: it must always be a frame the codec reads.
            RTK_FUZZ_CHECK(proto::decode_envelope(c.text).ok(), "the session sent a frame that does not decode");
          }
        },
        o);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Config config;
  config.random = [] { return 0u; };
  ClientSession s(std::move(config));
  s.on_local_media(true, true);
  (void)s.join();
  s.on_socket_open();
  drain(s);
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  int lines = 0;
  while (!rest.empty() && ++lines <= 64) {  // bound the work per input
    const auto nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!line.empty() && line[0] == '@') {
      const auto sp = line.find(' ');
      const std::string_view method = line.substr(1, sp == std::string_view::npos ? std::string_view::npos : sp - 1);
      const std::string_view args = sp == std::string_view::npos ? std::string_view("[]") : line.substr(sp + 1);
      (void)s.call(method, args);
    } else {
      s.on_socket_message(line);
    }
    drain(s);
    (void)s.snapshot().dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  s.on_timer();
  s.on_socket_close();
  drain(s);
  return 0;
}
