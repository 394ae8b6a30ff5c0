// Target "frame": what rtk-server does with a WebSocket text frame from a client.
// decode_envelope, then the payload codec of the frame's type, then every other payload codec
// of the v2 table (proto::all_messages()) on the same data, so a message added to the table
// is fuzzed without touching this file. Invariants: no crash or sanitizer report; a decoded
// envelope encodes to a frame that decodes to the same envelope.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "rtk/protocol.hpp"

using namespace rtk;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  std::string request_id;
  auto env = proto::decode_envelope(text, &request_id);
  if (!env) {
    // The id still reaches the error reply; it must be bounded like a decoded one.
    RTK_FUZZ_CHECK(request_id.size() <= proto::kMaxRequestIdBytes, "request id over its bound");
    return 0;
  }
  const proto::MessageSpec* spec = proto::find_message(env->type);
  RTK_FUZZ_CHECK(spec != nullptr, "decode_envelope accepted an unknown type");
  (void)spec->check(env->data);
  for (const auto& m : proto::all_messages()) (void)m.check(env->data);

  // The server's replies go through encode(); what decoded must survive the round trip.
  auto again = proto::decode_envelope(proto::encode(*env));
  RTK_FUZZ_CHECK(again.ok(), "encode(decode(frame)) does not decode");
  RTK_FUZZ_CHECK(again->type == env->type && again->id == env->id, "round trip changed type or id");
  RTK_FUZZ_CHECK(again->error.has_value() == env->error.has_value(), "round trip changed the error");
  if (!env->error) RTK_FUZZ_CHECK(again->data == env->data, "round trip changed data");
  return 0;
}
