#include "rtk/breakout_help.hpp"

#include "field_reader.hpp"

namespace rtk {

Json to_json(const HelpRequest& r) {
  return Json{{"participant_id", r.participant_id}, {"meeting_id", r.meeting_id}, {"time_ms", r.time_ms}};
}

Result<HelpRequest> help_request_from_json(const Json& j) {
  FieldReader r(j, "help_request");
  HelpRequest h;
  r.req("participant_id", h.participant_id);
  r.req("meeting_id", h.meeting_id);
  r.req("time_ms", h.time_ms);
  if (!r.ok()) return r.error();
  return h;
}

Json to_json(const std::vector<HelpRequest>& list) {
  Json a = Json::array();
  for (const auto& r : list) a.push_back(to_json(r));
  return a;
}

Result<std::vector<HelpRequest>> help_requests_from_json(const Json& j) {
  if (!j.is_array()) return make_error(ErrorCode::invalid_argument, "help: expected array");
  std::vector<HelpRequest> out;
  for (const auto& x : j) {
    auto h = help_request_from_json(x);
    if (!h) return h.error();
    out.push_back(std::move(h).value());
  }
  return out;
}

}  // namespace rtk
