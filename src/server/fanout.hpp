// The fan-out of v2: every change of a burst is recorded here and sent at the end of the burst
// (Scheduler), so each recipient gets one frame per kind however many commands ran:
//   - durable changes become one connected_meetings.delta per scope (from_version -> version,
//     merged), rendered once per scope and shared by every recipient of that scope;
//   - presence changes become one connected_meetings.presence for the full scope;
//   - what happened in a meeting (joins, leaves, updates, media) becomes one room.update per
//     meeting, to that meeting only; chat and poll frames follow, to that meeting only;
//   - a participant that joined or moved gets moving (if moved), then its room.joined (and on
//     a fresh join its group view) built at the flush, so it matches what the others saw;
//   - replies and other direct frames keep their order and go last, so a command's reply
//     follows its own delta.
// Frames larger than proto::kChunkBudgetBytes are cut into parts (proto::split).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "hub.hpp"
#include "registry.hpp"
#include "rtk/group_view.hpp"
#include "rtk/protocol.hpp"
#include "scheduler.hpp"

namespace rtk::server {

enum class MoveReason { switched, moved_by_host, room_deleted, breakout_started, breakout_closed };
std::string_view to_string(MoveReason r) noexcept;

class Fanout {
 public:
  Fanout(Registry& registry, Hub& hub, Scheduler& scheduler, proto::WireLimits limits)
      : registry_(registry), hub_(hub), scheduler_(scheduler), limits_(limits) {}

  // A durable command was applied and committed (registry holds the new state).
  void applied(const std::string& group_id, const GroupDelta& delta, const std::vector<Event>& events,
               MoveReason reason);
  // A presence change was applied (registry holds the new presence).
  void presence(const std::string& group_id, const PresenceChange& change, bool reconnected);
  // A frame for everyone connected in one meeting (chat.message, polls.updated); `render` is
  // called per recipient when the frame differs by viewer (anonymous polls), else use `text`.
  void to_meeting(const std::string& group_id, const std::string& meeting_id, SharedText text);
  void to_meeting(const std::string& group_id, const std::string& meeting_id,
                  std::function<SharedText(const std::string& viewer)> render);
  // A frame for everyone connected in the group, whatever its meeting (the breakout timer), after
  // its delta or its room.joined; a `render` that returns null sends that viewer nothing.
  void to_group(const std::string& group_id, SharedText text);
  void to_group(const std::string& group_id, std::function<SharedText(const std::string& viewer)> render);
  // A frame for one participant (a reply), in order with its other direct frames.
  void direct(const std::string& group_id, const std::string& participant_id, SharedText text);
  // The participant's group view (connected_meetings.state, in its scope) at the flush.
  void state_to(const std::string& group_id, const std::string& participant_id);
  // session.ended {reason} and close, in order with the participant's other frames.
  void end_session(const std::string& group_id, const std::string& participant_id, proto::EndReason reason);
  // A preset changed: compare every connected participant's permissions at the next flush.
  void presets_changed();
  // The participant's connection is gone: forget what it was sent.
  void forget(const std::string& participant_id);

  // Sends everything pending now (the scheduler calls this at the end of a burst).
  void flush();
  std::uint64_t flushes() const { return flushes_; }
  // How media flows, sent with every room.joined.
  // room.joined.media of one participant (its mode, ICE servers and TURN credentials).
  void set_media(std::function<proto::MediaInfo(const std::string& participant_id)> media) {
    media_ = std::move(media);
  }
  // Called after each group's frames went out at a flush (the SFU resyncs its subscriptions).
  void set_after_flush(std::function<void(const std::string& group_id)> f) { after_flush_ = std::move(f); }
  // The recording state of a meeting, sent with every room.joined (the Recorder's).
  void set_recording_state(std::function<proto::RecordingUpdate(const std::string& meeting_id)> f) {
    recording_state_ = std::move(f);
  }

  // A participant's room.joined without its participants (flush_group adds them, each member
  // rendered once per flush).
  proto::RoomJoined room_snapshot(const GroupData& g, const std::string& participant_id, bool reconnected) const;

 private:
  struct Arrival {
    bool joined = false;  // a new connection (first join or reconnect)
    bool reconnected = false;
    bool moved = false;
    MoveReason reason = MoveReason::switched;
  };
  struct Direct {
    enum class Kind { text, state, end } kind = Kind::text;
    SharedText text;
    proto::EndReason reason = proto::EndReason::unknown;
  };
  struct MeetingFrame {
    std::string meeting_id;
    SharedText text;
    std::function<SharedText(const std::string&)> render;
  };
  struct Pending {
    bool has_delta = false;
    GroupDelta delta;
    std::vector<std::string> presence_changed;                          // unique, in order
    std::vector<std::pair<std::string, proto::RoomEvent>> room_events;  // (meeting, event), in order
    std::vector<MeetingFrame> meeting_frames;
    std::vector<MeetingFrame> group_frames;  // meeting_id unused
    std::map<std::string, Arrival> arrivals;
    std::vector<std::pair<std::string, Direct>> direct;
    std::set<std::string> check_permissions;  // participants whose preset may have changed
  };

  // Schedules the flush when a recording method returns, after it recorded (an
  // ImmediateScheduler flushes right there).
  struct ScheduleOnExit {
    Fanout& f;
    ~ScheduleOnExit() { f.schedule(); }
  };
  Pending& pending(const std::string& group_id);
  void schedule();
  void flush_group(const std::string& group_id, Pending& p);
  proto::RoomMember member(const GroupData& g, const Participant& p) const;
  void send_parts(const std::string& pid, const std::vector<SharedText>& parts);
  std::vector<SharedText> state_parts(const GroupData& g, GroupScope scope) const;
  void send_permissions_if_changed(const GroupData& g, const std::string& pid);

  Registry& registry_;
  Hub& hub_;
  Scheduler& scheduler_;
  proto::WireLimits limits_;
  std::function<proto::MediaInfo(const std::string& participant_id)> media_;
  std::function<void(const std::string&)> after_flush_;
  std::function<proto::RecordingUpdate(const std::string&)> recording_state_;
  std::map<std::string, Pending> pending_;  // by group
  bool scheduled_ = false;
  bool all_presets_changed_ = false;
  std::uint64_t flushes_ = 0;
  std::unordered_map<std::string, GroupScope> scope_sent_;    // the scope of the last view sent
  std::unordered_map<std::string, std::string> preset_sent_;  // the preset JSON last sent
};

}  // namespace rtk::server
