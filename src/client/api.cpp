#include "rtk/client/api.hpp"

#include "rtk/client/session.hpp"
#include "rtk/protocol.hpp"

namespace rtk::client {
namespace {

const Json& arg(const Json& a, std::size_t i) {
  static const Json null_json;
  return a.is_array() && i < a.size() ? a[i] : null_json;
}
// A camelCase JS field, or null.
Json get(const Json& o, const char* key) {
  if (!o.is_object()) return nullptr;
  auto it = o.find(key);
  return it == o.end() ? Json(nullptr) : *it;
}

// Decodes the wire form with the request's codec, then sends what the codec encodes.
template <class T>
RequestId send_as(ClientSession& s, std::string_view type, std::string_view method, const Json& wire) {
  T v{};
  if (auto st = proto::from_json(wire, v); !st)
    return s.reject_now(ErrorCode::invalid_argument, std::string(method) + ": " + st.error().message);
  return s.send_request(type, proto::to_json(v));
}
template <class T>
RequestId send(ClientSession& s, std::string_view method, const Json& wire) {
  return send_as<T>(s, proto::Message<T>::type, method, wire);
}
RequestId bad(ClientSession& s, std::string_view method, std::string_view what) {
  return s.reject_now(ErrorCode::invalid_argument, std::string(method) + ": " + std::string(what));
}

Json titles(const Json& list) {
  Json ms = Json::array();
  if (list.is_array())
    for (const auto& m : list) ms.push_back(Json{{"title", get(m, "title")}});
  return ms;
}

Json assignments(const Json& list) {
  Json as = Json::array();
  if (list.is_array())
    for (const auto& x : list) {
      Json one{{"participant_id", get(x, "participantId")}};
      if (x.is_object() && x.contains("meetingIndex")) one["meeting_index"] = x["meetingIndex"];
      if (x.is_object() && x.contains("meetingId")) one["meeting_id"] = x["meetingId"];
      as.push_back(std::move(one));
    }
  return as;
}

Json page(const Json& a) {
  Json w = Json::object();
  if (!arg(a, 0).is_null()) w["before_id"] = arg(a, 0);
  if (!arg(a, 1).is_null()) w["limit"] = arg(a, 1);
  return w;
}

// stop/pause/resume: [recordingId?]; absent = the current meeting's active recording.
RequestId recording(ClientSession& s, std::string_view type, const Json& a) {
  Json w = Json::object();
  if (!arg(a, 0).is_null()) w["recording_id"] = arg(a, 0);
  return send_as<proto::RecordingRequest>(s, type, type, w);
}

constexpr ApiMethod kMethods[] = {
    {"join", [](ClientSession& s, const Json&) { return s.join(); }},
    {"leave", [](ClientSession& s, const Json&) { return s.leave(); }},
    {"enableAudio", [](ClientSession& s, const Json&) { return s.set_audio(true); }},
    {"disableAudio", [](ClientSession& s, const Json&) { return s.set_audio(false); }},
    {"enableVideo", [](ClientSession& s, const Json&) { return s.set_video(true); }},
    {"disableVideo", [](ClientSession& s, const Json&) { return s.set_video(false); }},
    {"sendTextMessage",
     [](ClientSession& s, const Json& a) {
       if (!arg(a, 0).is_string()) return bad(s, "sendTextMessage", "text must be a string");
       return s.send_chat(arg(a, 0).get<std::string>());
     }},
    {"getChatHistory",  // [beforeId?, limit?]
     [](ClientSession& s, const Json& a) {
       return send_as<proto::HistoryPage>(s, proto::type::chat_history, "getChatHistory", page(a));
     }},
    {"createPoll",  // [question, options, anonymous?, hideVotes?]
     [](ClientSession& s, const Json& a) {
       return send<proto::PollsCreate>(s, "createPoll",
                                       Json{{"question", arg(a, 0)},
                                            {"options", arg(a, 1)},
                                            {"anonymous", arg(a, 2).is_boolean() ? arg(a, 2) : Json(false)},
                                            {"hide_votes", arg(a, 3).is_boolean() ? arg(a, 3) : Json(false)}});
     }},
    {"vote",  // [pollId, optionIndex]
     [](ClientSession& s, const Json& a) {
       return send<proto::PollsVote>(s, "vote", Json{{"poll_id", arg(a, 0)}, {"option_index", arg(a, 1)}});
     }},
    {"listPolls",  // [beforeId?, limit?]
     [](ClientSession& s, const Json& a) {
       return send_as<proto::HistoryPage>(s, proto::type::polls_list, "listPolls", page(a));
     }},
    {"ping", [](ClientSession& s,
                const Json&) { return send_as<proto::Empty>(s, proto::type::session_ping, "ping", Json::object()); }},
    {"getConnectedMeetings",
     [](ClientSession& s, const Json&) {
       return send_as<proto::CmGet>(s, proto::type::cm_get, "getConnectedMeetings", Json::object());
     }},
    {"createMeetings",  // [[{title}]]
     [](ClientSession& s, const Json& a) {
       if (!arg(a, 0).is_array()) return bad(s, "createMeetings", "expected [{title}]");
       return send<proto::CmCreate>(s, "createMeetings", Json{{"meetings", titles(arg(a, 0))}});
     }},
    {"updateMeetings",  // [[{id, title}]]
     [](ClientSession& s, const Json& a) {
       if (!arg(a, 0).is_array()) return bad(s, "updateMeetings", "expected [{id, title}]");
       Json ms = Json::array();
       for (const auto& m : arg(a, 0)) ms.push_back(Json{{"id", get(m, "id")}, {"title", get(m, "title")}});
       return send<proto::CmUpdate>(s, "updateMeetings", Json{{"meetings", ms}});
     }},
    {"deleteMeetings",  // [[id]]
     [](ClientSession& s, const Json& a) {
       return send<proto::CmDelete>(s, "deleteMeetings", Json{{"meeting_ids", arg(a, 0)}});
     }},
    {"moveParticipants",  // [source, destination, [participantId]]
     [](ClientSession& s, const Json& a) {
       return send<proto::CmMove>(s, "moveParticipants",
                                  Json{{"source_meeting_id", arg(a, 0)},
                                       {"destination_meeting_id", arg(a, 1)},
                                       {"participant_ids", arg(a, 2)}});
     }},
    {"moveParticipantsWithCustomPreset",  // [source, destination, [{id, presetName|presetId}]]
     [](ClientSession& s, const Json& a) {
       if (!arg(a, 2).is_array()) return bad(s, "moveParticipantsWithCustomPreset", "expected [{id, presetId}]");
       Json ps = Json::array();
       for (const auto& p : arg(a, 2)) {
         Json preset = get(p, "presetName");
         if (preset.is_null()) preset = get(p, "presetId");
         ps.push_back(Json{{"id", get(p, "id")}, {"preset_name", preset}});
       }
       return send<proto::CmMove>(
           s, "moveParticipantsWithCustomPreset",
           Json{{"source_meeting_id", arg(a, 0)}, {"destination_meeting_id", arg(a, 1)}, {"participants", ps}});
     }},
    {"startBreakout",  // [{meetings:[{title}], assignments:[{participantId, meetingIndex|meetingId}], shuffle?, seed?}]
     [](ClientSession& s, const Json& a) {
       const Json& o = arg(a, 0);
       if (!o.is_object()) return bad(s, "startBreakout", "expected {meetings, assignments, shuffle?}");
       Json w{{"meetings", titles(get(o, "meetings"))},
              {"assignments", assignments(get(o, "assignments"))},
              {"shuffle", get(o, "shuffle").is_boolean() ? get(o, "shuffle") : Json(false)}};
       if (o.contains("seed")) w["seed"] = o["seed"];
       if (get(o, "avoidRepeats").is_boolean()) w["avoid_repeats"] = o["avoidRepeats"];
       if (o.contains("durationMs")) w["duration_ms"] = o["durationMs"];
       if (o.contains("graceMs")) w["grace_ms"] = o["graceMs"];
       return send<proto::CmStart>(s, "startBreakout", w);
     }},
    {"setBreakoutTimer",  // [{durationMs, graceMs?}]: deadline = server now + durationMs
     [](ClientSession& s, const Json& a) {
       const Json& o = arg(a, 0);
       if (!o.is_object()) return bad(s, "setBreakoutTimer", "expected {durationMs, graceMs?}");
       Json w{{"duration_ms", get(o, "durationMs")}};
       if (o.contains("graceMs")) w["grace_ms"] = o["graceMs"];
       return send<proto::CmTimer>(s, "setBreakoutTimer", w);
     }},
    {"broadcastMessage",  // [text, meetingIds?]: to every breakout room, or to the meetings named
     [](ClientSession& s, const Json& a) {
       Json w{{"text", arg(a, 0)}};
       if (!arg(a, 1).is_null()) w["meeting_ids"] = arg(a, 1);
       return send<proto::CmBroadcast>(s, "broadcastMessage", w);
     }},
    {"askForHelp",  // []: from the breakout room this participant is in
     [](ClientSession& s, const Json&) {
       return send_as<proto::CmHelp>(s, proto::type::cm_help, "askForHelp", Json::object());
     }},
    {"cancelHelp",  // [participantId?]: one's own request, or (a host) someone else's
     [](ClientSession& s, const Json& a) {
       Json w = Json::object();
       if (!arg(a, 0).is_null()) w["participant_id"] = arg(a, 0);
       return send_as<proto::CmHelp>(s, proto::type::cm_help_cancel, "cancelHelp", w);
     }},
    {"setSelfSelection",  // [{enabled, capacity?}]: let participants choose their breakout room
     [](ClientSession& s, const Json& a) {
       const Json& o = arg(a, 0);
       if (!o.is_object()) return bad(s, "setSelfSelection", "expected {enabled, capacity?}");
       Json w{{"enabled", get(o, "enabled")}};
       if (o.contains("capacity")) w["capacity"] = o["capacity"];
       return send_as<proto::CmSelfSelection>(s, proto::type::cm_self_selection, "setSelfSelection", w);
     }},
    {"requestShufflePlan",  // [{participantIds, meetingIds, seed, avoidRepeats}]: a plan only, no change
     [](ClientSession& s, const Json& a) {
       const Json& o = arg(a, 0);
       if (!o.is_object()) return bad(s, "requestShufflePlan", "expected {participantIds, meetingIds, seed?}");
       Json w{{"participant_ids", get(o, "participantIds")},
              {"meeting_ids", get(o, "meetingIds")},
              {"avoid_repeats", get(o, "avoidRepeats").is_boolean() ? get(o, "avoidRepeats") : Json(true)}};
       if (get(o, "seed").is_number_unsigned()) w["seed"] = o["seed"];
       return send_as<proto::CmShuffle>(s, proto::type::cm_shuffle, "requestShufflePlan", w);
     }},
    {"getBreakoutPlans",  // []: the saved plans, the late-joiner policy and the running plan
     [](ClientSession& s, const Json&) {
       return send_as<proto::Empty>(s, proto::type::cm_plans, "getBreakoutPlans", Json::object());
     }},
    {"startBreakoutPlan",  // [planId, {durationMs?, graceMs?}?]: open the plan's rooms, seat who it names
     [](ClientSession& s, const Json& a) {
       Json w{{"plan_id", arg(a, 0)}};
       const Json& o = arg(a, 1);
       if (!o.is_null() && !o.is_object())
         return bad(s, "startBreakoutPlan", "expected (planId, {durationMs?, graceMs?})");
       if (!get(o, "durationMs").is_null()) w["duration_ms"] = o["durationMs"];
       if (!get(o, "graceMs").is_null()) w["grace_ms"] = o["graceMs"];
       return send_as<proto::CmStartPlan>(s, proto::type::cm_start_plan, "startBreakoutPlan", w);
     }},
    {"setLateJoinPolicy",  // [parent | planned | smallest]
     [](ClientSession& s, const Json& a) {
       return send_as<proto::CmPolicy>(s, proto::type::cm_policy, "setLateJoinPolicy",
                                       Json{{"late_joiners", arg(a, 0)}});
     }},
    {"extendBreakoutTimer",  // [extendMs]
     [](ClientSession& s, const Json& a) {
       return send<proto::CmTimer>(s, "extendBreakoutTimer", Json{{"extend_ms", arg(a, 0)}});
     }},
    {"assignParticipants",  // [[{participantId, meetingId}]]: a multi-room move, one atomic command
     [](ClientSession& s, const Json& a) {
       if (!arg(a, 0).is_array() || arg(a, 0).empty())
         return bad(s, "assignParticipants", "expected [{participantId, meetingId}]");
       return send<proto::CmStart>(s, "assignParticipants",
                                   Json{{"meetings", Json::array()}, {"assignments", assignments(arg(a, 0))}});
     }},
    {"startRecording",  // []: the current meeting
     [](ClientSession& s, const Json&) {
       return send_as<proto::Empty>(s, proto::type::recording_start, "startRecording", Json::object());
     }},
    {"stopRecording", [](ClientSession& s, const Json& a) { return recording(s, proto::type::recording_stop, a); }},
    {"pauseRecording", [](ClientSession& s, const Json& a) { return recording(s, proto::type::recording_pause, a); }},
    {"resumeRecording", [](ClientSession& s, const Json& a) { return recording(s, proto::type::recording_resume, a); }},
    {"listenIn",  // [meetingId]: a host sees and hears that meeting without leaving its own (SFU)
     [](ClientSession& s, const Json& a) {
       return send<proto::CmListen>(s, "listenIn", Json{{"meeting_id", arg(a, 0)}});
     }},
    {"stopListening",
     [](ClientSession& s, const Json&) {
       return send_as<proto::Empty>(s, proto::type::cm_stop_listening, "stopListening", Json::object());
     }},
    {"pinParticipant",  // [participantId, pinned?]: pin (default) or unpin for everyone (SFU video slots)
     [](ClientSession& s, const Json& a) {
       return send<proto::ParticipantsPin>(s, "pinParticipant",
                                           Json{{"participant_id", arg(a, 0)}, {"pinned", arg(a, 1)}});
     }},
    {"closeBreakout",
     [](ClientSession& s, const Json&) {
       return send_as<proto::CmClose>(s, proto::type::cm_close, "closeBreakout", Json::object());
     }},
};

}  // namespace

std::span<const ApiMethod> api_methods() { return kMethods; }

const ApiMethod* find_api_method(std::string_view name) {
  for (const auto& m : kMethods)
    if (m.name == name) return &m;
  return nullptr;
}

RequestId ClientSession::call(std::string_view method, std::string_view args_json) {
  auto parsed = parse_json(args_json);
  if (!parsed) return reject_now(ErrorCode::invalid_argument, "arguments: " + parsed.error().message);
  if (!parsed->is_array()) return reject_now(ErrorCode::invalid_argument, "arguments: expected an array");
  const ApiMethod* m = find_api_method(method);
  if (!m) return reject_now(ErrorCode::invalid_argument, std::string(method) + ": unknown method");
  return m->invoke(*this, *parsed);
}

}  // namespace rtk::client
