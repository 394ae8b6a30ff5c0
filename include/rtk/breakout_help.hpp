// Ask for help: a participant in a breakout room asks; hosts (presets with
// can_alter_connected_meetings) see the queue. Durable: part of the group state. A request is
// resolved when a host moves itself into that room or the participant (or a host) cancels it;
// it is dropped when its participant leaves that room or the room closes. The reducer
// (rtk/connected_meetings.hpp, cmd::RequestHelp / cmd::CancelHelp) decides all of it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"

namespace rtk {

struct HelpRequest {
  std::string participant_id;
  std::string meeting_id;  // the breakout room it was asked from
  std::int64_t time_ms = 0;
  friend bool operator==(const HelpRequest&, const HelpRequest&) = default;
};

Json to_json(const HelpRequest& r);
Result<HelpRequest> help_request_from_json(const Json& j);
Json to_json(const std::vector<HelpRequest>& list);
Result<std::vector<HelpRequest>> help_requests_from_json(const Json& j);

}  // namespace rtk
