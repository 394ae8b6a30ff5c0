// Codecs of the breakout extensions (timer); the messages are declared in rtk/protocol.hpp
// and listed in all_messages() with the rest.
#include "field_reader.hpp"
#include "rtk/protocol.hpp"

namespace rtk::proto {
namespace {
Error err(std::string m) { return make_error(ErrorCode::invalid_argument, std::move(m)); }
}  // namespace

Status from_json(const Json& j, CmTimer& out) {
  FieldReader r(j, "data");
  r.opt("duration_ms", out.duration_ms);
  r.opt("extend_ms", out.extend_ms);
  r.opt("grace_ms", out.grace_ms);
  if (!r.ok()) return r.error();
  if (out.duration_ms.has_value() == out.extend_ms.has_value())
    return err("data: give exactly one of duration_ms or extend_ms");
  if (out.grace_ms && !out.duration_ms) return err("data.grace_ms: only with duration_ms");
  return ok_status();
}

Json to_json(const CmTimer& m) {
  Json j = Json::object();
  if (m.duration_ms) j["duration_ms"] = *m.duration_ms;
  if (m.extend_ms) j["extend_ms"] = *m.extend_ms;
  if (m.grace_ms) j["grace_ms"] = *m.grace_ms;
  return j;
}

Status from_json(const Json& j, CmTimerUpdate& out) {
  FieldReader r(j, "data");
  std::string reason;
  r.req("reason", reason);
  r.req("now_ms", out.now_ms);
  const Json* timer = r.opt_object("timer");
  if (!r.ok()) return r.error();
  out.reason = timer_reason_from_string(reason);
  if (timer) {
    auto t = breakout_timer_from_json(*timer);
    if (!t) return make_error(ErrorCode::invalid_argument, "data." + t.error().message);
    out.timer = *t;
  }
  return ok_status();
}

Json to_json(const CmTimerUpdate& m) {
  return Json{
      {"timer", m.timer ? to_json(*m.timer) : Json(nullptr)}, {"reason", to_string(m.reason)}, {"now_ms", m.now_ms}};
}

}  // namespace rtk::proto

namespace rtk::proto {

Status from_json(const Json& j, CmBroadcast& out) {
  FieldReader r(j, "data");
  r.req("text", out.text);
  r.opt("meeting_ids", out.meeting_ids);
  if (!r.ok()) return r.error();
  return ok_status();
}
Json to_json(const CmBroadcast& m) { return Json{{"text", m.text}, {"meeting_ids", m.meeting_ids}}; }

Status from_json(const Json& j, BroadcastReply& out) {
  FieldReader r(j, "data");
  r.req("meeting_ids", out.meeting_ids);
  r.req("time_ms", out.time_ms);
  if (!r.ok()) return r.error();
  return ok_status();
}
Json to_json(const BroadcastReply& m) { return Json{{"meeting_ids", m.meeting_ids}, {"time_ms", m.time_ms}}; }

Status from_json(const Json& j, CmBroadcastMessage& out) {
  FieldReader r(j, "data");
  const Json* m = r.req_object("message");
  if (!r.ok()) return r.error();
  auto msg = chat_message_from_json(*m);
  if (!msg) return make_error(ErrorCode::invalid_argument, "data." + msg.error().message);
  out.message = std::move(msg).value();
  return ok_status();
}
Json to_json(const CmBroadcastMessage& m) { return Json{{"message", rtk::to_json(m.message)}}; }

Status from_json(const Json& j, CmHelp& out) {
  FieldReader r(j, "data");
  r.opt("participant_id", out.participant_id);
  if (!r.ok()) return r.error();
  return ok_status();
}
Json to_json(const CmHelp& m) {
  Json j = Json::object();
  if (m.participant_id) j["participant_id"] = *m.participant_id;
  return j;
}

Status from_json(const Json& j, CmHelpQueue& out) {
  FieldReader r(j, "data");
  const Json* list = r.req_array("requests");
  if (!r.ok()) return r.error();
  for (std::size_t i = 0; i < list->size(); ++i) {
    FieldReader x((*list)[i], "data.requests[" + std::to_string(i) + "]");
    HelpQueueItem it;
    x.req("participant_id", it.participant_id);
    x.opt("display_name", it.display_name);
    x.req("meeting_id", it.meeting_id);
    x.opt("meeting_title", it.meeting_title);
    x.req("time_ms", it.time_ms);
    if (!x.ok()) return x.error();
    out.requests.push_back(std::move(it));
  }
  return ok_status();
}
Json to_json(const CmHelpQueue& m) {
  Json a = Json::array();
  for (const auto& it : m.requests)
    a.push_back(Json{{"participant_id", it.participant_id},
                     {"display_name", it.display_name},
                     {"meeting_id", it.meeting_id},
                     {"meeting_title", it.meeting_title},
                     {"time_ms", it.time_ms}});
  return Json{{"requests", std::move(a)}};
}

CmHelpQueue help_queue_for(const GroupState& s, std::string_view viewer, bool viewer_is_host) {
  CmHelpQueue q;
  for (const auto& h : s.help) {
    if (!viewer_is_host && h.participant_id != viewer) continue;
    const Participant* p = s.find_participant(h.participant_id);
    const Meeting* m = s.find_meeting(h.meeting_id);
    q.requests.push_back(HelpQueueItem{h.participant_id, p ? p->name : "", h.meeting_id, m ? m->title : "", h.time_ms});
  }
  return q;
}

}  // namespace rtk::proto
