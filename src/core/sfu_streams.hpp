// Inside the core: the m-line list codec shared by sfu.offer (protocol.cpp) and sfu.slots
// (protocol_slots.cpp); "data.streams[i]" in error messages.
#pragma once

#include <vector>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"
#include "rtk/protocol.hpp"

namespace rtk::proto {

Status sfu_streams_from_json(const Json& streams, std::vector<SfuStream>& out);
Json sfu_streams_json(const std::vector<SfuStream>& streams);

}  // namespace rtk::proto
