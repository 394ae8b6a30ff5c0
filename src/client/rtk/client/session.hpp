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
#include "rtk/errors.hpp"
#include "rtk/json.hpp"
#include "rtk/meeting.hpp"
#include "rtk/preset.hpp"

namespace rtk::client {

using RequestId = std::uint32_t;  // never 0

// Reconnect schedule: delay(n) = min(base << n, cap) for attempt n = 0..max_attempts-1; after
// max_attempts failed attempts the socket state is `failed`. Deterministic (no jitter): the
// session has no randomness of its own.
struct BackoffPolicy {
  std::uint32_t base_ms = 250;
  std::uint32_t cap_ms = 5000;
  std::uint32_t max_attempts = 8;
  std::uint32_t delay_ms(std::uint32_t attempt) const;
};

struct Config {
  BackoffPolicy backoff;
  bool audio = true;  // defaults.audio: microphone enabled when joining
  bool video = true;  // defaults.video: camera enabled when joining
};

namespace out {
struct SendFrame {  // send this text frame on the WebSocket
  std::string text;
};
struct OpenSocket {};   // open the WebSocket (the host knows the URL)
struct CloseSocket {};  // close it (after leave or session end)
struct StartTimer {     // call on_timer() after delay_ms (replaces any pending timer)
  std::uint32_t delay_ms = 0;
};
struct OpenPeer {  // create an RTCPeerConnection to `peer`
  std::string peer;
  bool polite = false;
};
struct ClosePeer {
  std::string peer;
};
struct AttachLocalTracks {  // add the local audio/video tracks to the peer connection
  std::string peer;
};
struct CreateOffer {  // pc.setLocalDescription(); report with on_local_description
  std::string peer;
};
struct SetRemoteDescription {  // pc.setRemoteDescription({type, sdp}); for an offer, then
  std::string peer;            // pc.setLocalDescription() and report the answer
  std::string type;            // "offer" | "answer"
  std::string sdp;
};
struct AddIceCandidate {
  std::string peer;
  std::string candidate;
  std::string sdp_mid;
  std::int64_t sdp_m_line_index = 0;
};
struct SetTrackEnabled {  // local track.enabled = enabled (tracks are never stopped)
  std::string kind;       // "audio" | "video"
  bool enabled = false;
};
struct Event {  // an API event for the JS facade
  std::string name;
  Json payload;
};
}  // namespace out

using Output = std::variant<out::SendFrame, out::OpenSocket, out::CloseSocket, out::StartTimer, out::OpenPeer,
                            out::ClosePeer, out::AttachLocalTracks, out::CreateOffer, out::SetRemoteDescription,
                            out::AddIceCandidate, out::SetTrackEnabled, out::Event>;

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
  const std::string& meeting_id() const { return meeting_id_; }
  const std::string& self_id() const { return self_.id; }
  bool audio_enabled() const { return audio_enabled_; }
  bool video_enabled() const { return video_enabled_; }
  std::vector<std::string> peers() const;  // open peer connections, sorted
  bool is_polite_towards(std::string_view peer) const;
  const GroupState& group() const { return group_; }

 private:
  struct Peer {
    bool polite = false;
    bool making_offer = false;
    bool ignore_offer = false;
    bool tracks_attached = false;
    std::string signaling = "stable";
  };
  struct Pending {
    std::string type;
    Json context;  // request-specific data for shaping the result
  };

  // helpers
  void emit(std::string name, Json payload);
  RequestId next_id() { return ++last_request_; }
  RequestId reject_now(ErrorCode code, std::string message);
  void resolve(RequestId id, Json data);
  void reject(RequestId id, ErrorCode code, std::string message);
  RequestId send_request(std::string_view type, Json data, Json context = Json::object());
  void send_event_frame(std::string_view type, Json data);
  bool online() const;
  void set_socket_state(std::string state);
  void handle_reply(const std::string& id, const std::string& type, const Json& data, const std::optional<Error>& err);
  void handle_event(const std::string& type, const Json& data);
  void on_room_joined(const Json& data);
  void on_moving(const Json& data);
  void on_state(const Json& data);
  void on_participant_joined(const Json& data);
  void on_participant_left(const Json& data);
  void on_participant_updated(const Json& data);
  void on_media_changed(const Json& data);
  void on_chat_message(const Json& data);
  void on_poll(const Json& data);
  void on_session_ended(const Json& data);
  void on_relay(const std::string& type, const Json& data);
  void sync_mesh();
  void open_peer(const std::string& id);
  void close_peer(const std::string& id);
  void close_all_peers();
  void fail_pending(ErrorCode code, const std::string& message);
  void settle_joins(bool ok, ErrorCode code, const std::string& message);
  void push_self_media_if_needed();
  RequestId set_media(const char* kind, bool enabled);
  void end_room(RoomState state, std::string_view left_state);
  Json participant_json(const Participant& p) const;
  Json self_json() const;
  Json chat_json(const ChatMessage& m) const;
  Json poll_json(const Json& wire_poll) const;
  Json cm_state_json() const;
  std::string name_of(std::string_view participant_id) const;

  Config config_;
  std::vector<Output> outputs_;
  RequestId last_request_ = 0;
  std::map<std::string, Pending> pending_;  // wire id -> request
  std::map<std::string, RequestId> wire_to_request_;
  std::vector<RequestId> join_waiters_;
  std::optional<RequestId> leave_request_;

  // connection
  bool want_connected_ = false;  // join() called and not left/ended
  bool socket_open_ = false;
  bool socket_opening_ = false;
  bool was_ever_joined_ = false;
  bool reconnecting_ = false;
  std::uint32_t attempt_ = 0;
  std::string socket_state_ = "disconnected";

  // room mirror
  RoomState room_state_ = RoomState::init;
  std::string meeting_id_;
  std::string meeting_title_;
  bool is_parent_ = true;
  Participant self_;
  Permissions permissions_;
  bool has_permissions_ = false;
  std::vector<Participant> roster_;  // connected participants of the room, self excluded
  std::vector<ChatMessage> chat_;
  std::vector<Json> polls_;  // wire polls
  GroupState group_;
  bool has_group_ = false;
  std::string moving_to_;

  // local media
  bool audio_enabled_;
  bool video_enabled_;
  bool has_audio_track_ = true;
  bool has_video_track_ = true;
  bool server_audio_ = false;
  bool server_video_ = false;

  std::map<std::string, Peer> peers_;
};

}  // namespace rtk::client
