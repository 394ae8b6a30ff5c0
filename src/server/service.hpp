// One command path for the WebSocket and REST: a protocol request (type + data) is decoded by
// its core codec, mapped to a reducer command (or presence, chat, polls), run through Groups,
// and answered with its typed reply. The WebSocket dispatcher and the REST handlers are thin
// adapters over handle(); both therefore answer with the same shapes and the same errors.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "fanout.hpp"
#include "groups.hpp"
#include "registry.hpp"
#include "rtk/protocol.hpp"

namespace rtk::server {

struct Caller {
  std::string group_id;        // the parent meeting
  std::string participant_id;  // empty: the system (REST API key, full access)
  bool is_system() const { return participant_id.empty(); }
};

class Recorder;
enum class RecordingAction;

class CommandService {
 public:
  CommandService(Registry& registry, Groups& groups, Fanout& fanout)
      : registry_(registry), groups_(groups), fanout_(fanout) {}

  // Runs one request; the reply's data (a proto reply struct, encoded) or an error. Requests
  // a participant only makes for itself (media, chat, polls, session) are refused for the
  // system with invalid_argument.
  Result<Json> handle(const Caller& caller, std::string_view type, const Json& data);
  // Every request type handle() serves, in table order (a test checks it covers the protocol).
  static std::vector<std::string_view> handled_types();

  // The WebSocket's connect and disconnect.
  Result<PresenceChange> join(const Caller& caller, bool reconnected);
  void leave(const Caller& caller);

  // Recording requests go to the Recorder (none: unavailable).
  void set_recorder(Recorder* recorder) { recorder_ = recorder; }

  // The group for the REST API: the full view (rooms, participants, who is connected).
  Result<GroupView> view(const std::string& group_id) const;

 private:
  using Fn = Result<Json> (CommandService::*)(const Caller&, const Json&);
  struct Route {
    std::string_view type;
    Fn fn;
    bool participant_only;
  };
  static std::span<const Route> routes();

  Result<Json> cm_get(const Caller& c, const Json& data);
  Result<Json> cm_create(const Caller& c, const Json& data);
  Result<Json> cm_update(const Caller& c, const Json& data);
  Result<Json> cm_delete(const Caller& c, const Json& data);
  Result<Json> cm_move(const Caller& c, const Json& data);
  Result<Json> cm_start(const Caller& c, const Json& data);
  Result<Json> cm_close(const Caller& c, const Json& data);
  Result<Json> cm_timer(const Caller& c, const Json& data);
  Result<Json> cm_broadcast(const Caller& c, const Json& data);
  Result<Json> cm_help(const Caller& c, const Json& data);
  Result<Json> cm_help_cancel(const Caller& c, const Json& data);
  Result<Json> cm_self_selection(const Caller& c, const Json& data);  // service_self_select.cpp
  Result<Json> cm_shuffle(const Caller& c, const Json& data);         // service_self_select.cpp
  // Pre-assignment plans and the late-joiner policy (service_plans.cpp).
  Result<Json> cm_plans(const Caller& c, const Json& data);
  Result<Json> cm_start_plan(const Caller& c, const Json& data);
  Result<Json> cm_policy(const Caller& c, const Json& data);
  // Host listen-in (service_listen.cpp).
  Result<Json> cm_listen(const Caller& c, const Json& data);
  Result<Json> cm_stop_listening(const Caller& c, const Json& data);
  Result<Json> participants_pin(const Caller& c, const Json& data);  // groups_pin.cpp
  Result<Json> self_media(const Caller& c, const Json& data);
  Result<Json> chat_send(const Caller& c, const Json& data);
  Result<Json> chat_history(const Caller& c, const Json& data);
  Result<Json> polls_create(const Caller& c, const Json& data);
  Result<Json> polls_vote(const Caller& c, const Json& data);
  Result<Json> polls_list(const Caller& c, const Json& data);
  Result<Json> session_ping(const Caller& c, const Json& data);
  Result<Json> session_leave(const Caller& c, const Json& data);
  Result<Json> recording_start(const Caller& c, const Json& data);
  Result<Json> recording_stop(const Caller& c, const Json& data);
  Result<Json> recording_pause(const Caller& c, const Json& data);
  Result<Json> recording_resume(const Caller& c, const Json& data);
  // The caller's current meeting, once it may record there and the server can record.
  Result<std::string> recording_meeting(const Caller& c);
  Result<Json> recording_act(const Caller& c, const Json& data, RecordingAction action);

  Result<Actor> actor(const Caller& c) const;
  std::vector<MeetingSpec> new_meetings(const std::vector<std::string>& titles) const;

  Registry& registry_;
  Groups& groups_;
  Fanout& fanout_;
  Recorder* recorder_ = nullptr;
};

}  // namespace rtk::server
