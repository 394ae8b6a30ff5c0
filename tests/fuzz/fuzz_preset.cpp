// Target "preset": the preset JSON reader (include/rtk/preset.hpp), as REST create/PUT and
// PATCH bodies and room.joined reach it. Invariants: a decoded preset re-encodes to JSON that
// decodes to the same name and permissions; a patch of a valid base is itself re-decodable.
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "rtk/preset.hpp"

using namespace rtk;

namespace {
void round_trip(const Preset& p) {
  auto again = preset_from_json(preset_to_json(p));
  RTK_FUZZ_CHECK(again.ok(), "preset_to_json(decoded) does not decode");
  RTK_FUZZ_CHECK(again->name == p.name, "round trip changed the name");
  RTK_FUZZ_CHECK(again->permissions == p.permissions, "round trip changed the permissions");
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  auto j = parse_json(std::string_view(reinterpret_cast<const char*>(bytes), size));
  if (!j) return 0;
  if (auto p = preset_from_json(*j)) {
    round_trip(*p);
    (void)permissions_to_camel_json(p->permissions);
  }
  static const Preset base = default_host_preset();
  if (auto p = preset_patch(base, *j)) round_trip(*p);
  return 0;
}
