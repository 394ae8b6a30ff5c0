// ClientSession: the sans-IO heart of the OpenRTK browser SDK.
//
// No I/O, no clock, no threads, no randomness; the public API never throws. The host (the wasm
// adapters in wasm/, or a test fake) feeds it inputs and carries out its outputs:
//
//   in:  server frames and socket open/close, the reconnect timer firing, API calls (each
//        returning a RequestId that a later `requestResolved`/`requestRejected` event settles),
//        media callbacks (local description created, ICE candidate gathered, signaling and
//        connection state, negotiation needed, local media acquired).
//   out: take_outputs(): frames to send, socket/timer commands, media commands and API events.
//
// It mirrors the group state and the current room, and plans the mesh: one peer connection per
// pair of connected participants in the same meeting, perfect negotiation with the smaller
// participant id as the impolite side. The room switch follows ARCHITECTURE.md: on
// `connected_meetings.moving` it emits changingMeeting and roomLeft{connected-meeting}; on the
// following `room.joined` it diffs the mesh (kept pairs untouched, departed pairs closed, new
// pairs opened; local tracks never stopped, their enabled state unchanged) and emits
// meetingChanged with a snapshot of the new meeting.
//
// Event names and payloads (JSON, camelCase, RealtimeKit shapes) are listed in kEventNames and
// documented at each emit site in session.cpp; web/ builds the JS objects from them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rtk/chat.hpp"
#include "rtk/client/link.hpp"
#include "rtk/client/mesh.hpp"
#include "rtk/client/mirror.hpp"
#include "rtk/client/outputs.hpp"
#include "rtk/client/requests.hpp"
#include "rtk/client/sfu.hpp"
#include "rtk/errors.hpp"
#include "rtk/json.hpp"
#include "rtk/meeting.hpp"
#include "rtk/preset.hpp"

namespace rtk::client {

struct Config {
  BackoffPolicy backoff;
  RandomSource random;  // the backoff jitter's numbers; empty: default_random_source()
  bool audio = true;    // defaults.audio: microphone enabled when joining
  bool video = true;    // defaults.video: camera enabled when joining
};

// Every event name the session emits (pinned by a unit test).
std::span<const std::string_view> event_names();

enum class RoomState { init, joining, joined, switching, left, ended, kicked, failed };
std::string_view to_string(RoomState s) noexcept;

class ClientSession {
 public:
  explicit ClientSession(Config config = {});

  // ---- transport inputs ----
  void on_socket_open();
  void on_socket_message(std::string_view text);
  void on_socket_close();
  void on_timer();

  // ---- media inputs ----
  void on_local_media(bool has_audio, bool has_video);  // local tracks acquired (or not)
  void on_negotiation_needed(std::string_view peer);
  void on_local_description(std::string_view peer, std::string_view type, std::string_view sdp);
  void on_ice_candidate(std::string_view peer, std::string_view candidate, std::string_view sdp_mid,
                        std::int64_t sdp_m_line_index);
  void on_signaling_state(std::string_view peer, std::string_view state);
  void on_peer_state(std::string_view peer, std::string_view state);  // connectionState
  void on_media_error(std::string_view peer, std::string_view what);

  // ---- API calls; each returns a request id settled later by an event ----
  RequestId join();
  RequestId leave();
  RequestId set_audio(bool enabled);
  RequestId set_video(bool enabled);
  RequestId send_chat(std::string_view text);
  // Generic entry for the bindings: method is one of kCallMethods, args a JSON array/object
  // validated here (bad args reject with invalid_argument, never throw).
  RequestId call(std::string_view method, std::string_view args_json);

  // ---- outputs ----
  std::vector<Output> take_outputs();
  bool has_outputs() const { return !outputs_.empty(); }

  // ---- views ----
  Json snapshot() const;  // the current meeting, as the payload of roomJoined/meetingChanged
  RoomState room_state() const { return room_state_; }
  const std::string& meeting_id() const { return mirror_.meeting_id(); }
  const std::string& self_id() const { return mirror_.self().participant.id; }
  bool audio_enabled() const { return audio_enabled_; }
  bool video_enabled() const { return video_enabled_; }
  std::vector<std::string> peers() const { return mesh_.peers(); }  // open peer connections, sorted
  bool is_polite_towards(std::string_view peer) const { return mesh_.is_polite_towards(peer); }
  // Media: "mesh" or "sfu" (from room.joined), the RTCIceServer list for every new
  // RTCPeerConnection, and in sfu mode whose track a subscriber m-line carries.
  const std::string& media_mode() const { return media_mode_; }
  const Json& ice_servers() const { return ice_servers_; }
  const std::string& ice_transport_policy() const { return ice_transport_policy_; }  // all | relay
  std::string sfu_participant_for_mid(std::string_view mid) const { return sfu_.participant_for_mid(mid); }
  Json sfu_snapshot() const { return sfu_.snapshot(); }

  const GroupView& group() const { return mirror_.group(); }
  LinkState link_state() const { return link_.state(); }
  // What the UI needs to decide nothing itself: the server's limits, this participant's
  // permissions (camelCase) and the meetings it may switch to. Also in snapshot().
  Json rules_json() const;
  // {sendChat, createPoll, votePoll, viewPolls, alterConnectedMeetings, screenshare, record}:
  // the core's permission checks applied to `p` (empty object when not known yet).
  static Json can_json(const Permissions* p);
  // The server's seeded shuffle (rtk::plan_shuffle): [{participantId, meetingId}].
  static Json plan_shuffle(std::string_view args_json);

  // ---- used by the API table (api.cpp) ----
  RequestId reject_now(ErrorCode code, std::string message);
  RequestId send_request(std::string_view type, Json data, Json context = Json::object());

 private:
  void emit(EventName name, Json payload);
  void resolve(RequestId id, Json data);
  void reject(RequestId id, ErrorCode code, std::string message);
  void send_event_frame(std::string_view type, Json data);
  bool online() const;
  void do_link(const LinkAction& a);
  void set_socket_state(std::string state);
  void handle_reply(RequestTable::Entry entry, const proto::Envelope& e);
  void handle_event(const proto::Envelope& e);
  void on_room_joined(proto::RoomJoined rj);
  void on_moving(const proto::CmMoving& m);
  void on_group(GroupResult r);
  void on_room_update(const proto::RoomUpdate& u);
  void on_chat_message(const ChatMessage& m);
  void on_poll(const Json& poll);
  void on_permissions(const proto::SessionPermissions& p);
  // recording.cpp: the current meeting's recording state (recording.updated, replies, room.joined).
  void on_recording(const proto::RecordingUpdate& u);
  Json recording_json() const;
  void on_session_ended(const proto::SessionEnded& e);
  // breakout.cpp: the breakout timer as the server sent it.
  void on_timer_update(const proto::CmTimerUpdate& u);
  void on_broadcast(const proto::CmBroadcastMessage& b);
  void on_help_queue(const proto::CmHelpQueue& q);
  Json help_json() const;
  // listen.cpp: host listen-in (who listens where; which meeting this participant listens to).
  void on_listeners(const proto::CmListeners& l);
  void on_listen_reply(const proto::ListenReply& r);
  void set_listen(proto::CmListeners listeners, std::optional<std::string> listening);
  Json listen_json() const;
  void clear_timer_if_rooms_gone();
  Json timer_json() const;
  // plans.cpp: the plan replies and the placement hosts see (breakoutPlanUpdate).
  bool plans_reply(const std::string& type, RequestId id, const Json& data);
  void emit_placement_if_changed();
  Json placement_json() const;
  void on_relay(const proto::Envelope& e);
  void on_sfu_reset(const proto::SfuReset& r);
  void on_sfu_event(const proto::Envelope& e);  // sfu.offer, sfu.slots (sfu_events.cpp)
  void sync_mesh();
  void send_internal_request(std::string_view type, Json data);
  bool handle_sfu_reply(const RequestTable::Entry& entry, const proto::Envelope& e);
  void close_all_peers();
  void fail_pending(ErrorCode code, const std::string& message);
  void settle_joins(bool ok, ErrorCode code, const std::string& message);
  void push_self_media_if_needed();
  RequestId set_media(const char* kind, bool enabled);
  void end_room(RoomState state, std::string_view left_state);
  void bad_message(std::string_view type, const Error& e);
  Json participant_json(const proto::RoomMember& p) const;
  Json self_json() const;
  Json chat_json(const ChatMessage& m) const;
  Json poll_json(const Json& wire_poll) const;
  Json cm_state_json() const;

  Config config_;
  std::vector<Output> outputs_;
  RequestTable requests_;
  std::vector<RequestId> join_waiters_;
  Link link_;
  Mirror mirror_;
  Mesh mesh_;
  Sfu sfu_;
  std::string media_mode_ = "mesh";
  Json ice_servers_ = Json::array();
  std::string ice_transport_policy_ = "all";

  RoomState room_state_ = RoomState::init;
  bool was_ever_joined_ = false;
  bool reconnecting_ = false;  // the link dropped while joined; the next room.joined is a reconnect
  std::string socket_state_ = "disconnected";

  // local media
  bool audio_enabled_;
  bool video_enabled_;
  bool has_audio_track_ = true;
  bool has_video_track_ = true;
  bool server_audio_ = false;
  bool server_video_ = false;
  // the breakout timer (breakout.cpp): the last connected_meetings.timer_update
  std::optional<proto::CmTimerUpdate> timer_;
  proto::CmHelpQueue help_;               // the help queue as this participant may see it
  proto::RecordingUpdate recording_;      // of the current meeting
  proto::CmListeners listeners_;          // who listens in, as this participant may see it
  std::optional<std::string> listening_;  // the meeting this participant listens to
  PlacementView placement_seen_;          // the placement last announced (plans.cpp)
};

}  // namespace rtk::client
