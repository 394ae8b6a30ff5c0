// Recordings of meetings (issue 11): RealtimeKit's recording resource, one per recorded meeting
// (a parent or one breakout room), and its timeline: who was in the recorded meeting, connected,
// while it recorded, one segment per stretch (a move, a reconnect or a pause cuts a segment; each
// segment is one Janus recording of that participant's publisher). Pure: no I/O, no clock; the
// Recorder (recorder.hpp) stores what these functions decide, in the same SQLite transaction as
// the command that moved people.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rtk/connected_meetings.hpp"
#include "rtk/errors.hpp"
#include "rtk/json.hpp"
#include "rtk/presence.hpp"

namespace rtk::server {

// RealtimeKit's statuses; UPLOADING is "processing" here, UPLOADED "ready to download".
enum class RecordingStatus { unknown, invoked, recording, paused, uploading, uploaded, errored };
enum class StopReason { none, api_call, all_peers_left, internal_error };
enum class RecordingAction { unknown, stop, pause, resume };

std::string_view to_string(RecordingStatus s);
std::string_view to_string(StopReason r);
RecordingStatus recording_status_from(std::string_view s);  // unknown when not a status
StopReason stop_reason_from(std::string_view s);            // none when not a reason
RecordingAction recording_action_from(std::string_view s);  // unknown when not an action
// INVOKED, RECORDING and PAUSED: the recording still takes media (or waits for it).
bool is_active(RecordingStatus s);

struct RecordingSegment {
  std::string participant_id;
  int seq = 0;                // per participant within the recording, from 0
  std::uint32_t session = 0;  // the participant's connection (a reconnect is a new publisher)
  std::int64_t joined_ms = 0;
  std::optional<std::int64_t> left_ms;  // nullopt while open
  friend bool operator==(const RecordingSegment&, const RecordingSegment&) = default;
};

struct Pause {
  std::int64_t from_ms = 0;
  std::optional<std::int64_t> to_ms;
  friend bool operator==(const Pause&, const Pause&) = default;
};

struct Recording {
  std::string id;
  std::string meeting_id;  // the recorded meeting: the parent or a breakout room
  std::string group_id;    // its group's parent meeting id
  RecordingStatus status = RecordingStatus::invoked;
  std::int64_t invoked_ms = 0;
  std::int64_t started_ms = 0;  // 0: not started yet (INVOKED: nobody to record)
  std::int64_t stopped_ms = 0;  // 0: not stopped
  std::string start_reason = "API_CALL";
  // Who started it (start_reason.caller): {type: API_KEY} over REST, {type: PARTICIPANT,
  // participant_id, name} over the WebSocket, {type: SYSTEM} for record_on_start and the group's
  // record_breakout_rooms.
  Json caller = Json{{"type", "API_KEY"}};
  StopReason stop_reason = StopReason::none;
  std::int64_t file_size = 0;  // bytes of the composite file once UPLOADED
  std::string error;           // why ERRORED
  std::vector<Pause> pauses;
  Json outputs = Json::object();  // {composite: name, tracks: [{participant_id, segment, kind, file}]}
  std::vector<RecordingSegment> timeline;
  friend bool operator==(const Recording&, const Recording&) = default;

  // Media time recorded so far (wall time since the start minus the paused stretches), ms.
  std::int64_t duration_ms(std::int64_t now_ms) const;
  // The recording-time offset of a wall-clock instant (pauses before it cut out), ms.
  std::int64_t offset_ms(std::int64_t wall_ms) const;
  const RecordingSegment* open_segment(std::string_view participant_id) const;
};

// What a reconcile or an action changed: indices of timeline rows written or added, and whether
// the recording's own row changed.
struct RecordingChange {
  std::vector<std::size_t> segments;
  bool row = false;
  bool empty() const { return segments.empty() && !row; }
};

// Brings a recording in line with the group after a change: the participants connected in the
// recorded meeting have one open segment each (while RECORDING), nobody else does. INVOKED turns
// RECORDING when the first participant is there; RECORDING or PAUSED with nobody left stops
// with ALL_PEERS_LEFT (as does a recorded breakout room that was deleted).
RecordingChange reconcile(Recording& r, const GroupState& s, const PresenceMap& presence, std::int64_t now_ms);

// stop (INVOKED, RECORDING, PAUSED -> UPLOADING), pause (RECORDING -> PAUSED), resume
// (PAUSED -> RECORDING: segments reopen at the next reconcile). Anything else is `conflict`
// and changes nothing; an unknown action is `invalid_argument`.
Result<RecordingChange> apply_action(Recording& r, RecordingAction a, std::int64_t now_ms);
// Ends a recording (closes open segments and a running pause) with `reason`; status UPLOADING.
RecordingChange stop_recording(Recording& r, StopReason reason, std::int64_t now_ms);

// The Janus recording prefix of a segment: <dir>/<recording id>/<participant id>-<seq>.
std::string segment_prefix(const std::string& dir, const Recording& r, const RecordingSegment& seg);

// Signed download URLs: HMAC-SHA256 over the recording id, the file and the expiry (seconds
// since the epoch) with the server's signing secret.
std::string download_signature(std::string_view secret, std::string_view recording_id, std::string_view file,
                               std::int64_t expires_s);
// ok, or permission_denied (tampered or wrong file) / unauthenticated (expired) with a message.
Status check_download_signature(std::string_view secret, std::string_view recording_id, std::string_view file,
                                std::string_view expires, std::string_view sig, std::int64_t now_s);

// REST shapes. `timeline` adds the segments; `download` is the signed URL (with its expiry)
// that goes with an UPLOADED recording.
struct DownloadLink {
  std::string url;
  std::int64_t expires_ms = 0;
};
Json recording_json(const Recording& r, std::int64_t now_ms, const std::optional<DownloadLink>& download,
                    bool timeline);

}  // namespace rtk::server
