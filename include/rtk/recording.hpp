// Recording of a meeting as the wire shows it (issue 11): RealtimeKit's recordingState of the
// receiver's current meeting and its active recordings, sent as recording.updated whenever a
// recording of that meeting changes status and with every room.joined. The requests
// recording.start / stop / pause / resume act on the sender's current meeting; the permission
// is the preset's can_record (check_record in permissions.hpp). Messages are declared in
// protocol.hpp (type names, all_messages()).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"

namespace rtk::proto {

// RealtimeKit's recordingState: IDLE (no active recording), STARTING (invoked, waiting for
// media), RECORDING, PAUSED, STOPPING (a client-side step while stop() is in flight).
enum class RecordingState { unknown = 0, idle, starting, recording, paused, stopping };
std::string_view to_string(RecordingState s) noexcept;
RecordingState recording_state_from_string(std::string_view s) noexcept;

struct RecordingItem {  // {id, status (REST status: INVOKED|RECORDING|PAUSED), type}
  std::string id;
  std::string status;
  std::string type = "COMPOSITE";
  friend bool operator==(const RecordingItem&, const RecordingItem&) = default;
};

// recording.updated, the reply of every recording.* request, and room.joined's `recording`.
struct RecordingUpdate {  // {meeting_id, state, recordings:[...]}
  std::string meeting_id;
  RecordingState state = RecordingState::idle;
  std::vector<RecordingItem> recordings;  // the meeting's active recordings (at most one)
  friend bool operator==(const RecordingUpdate&, const RecordingUpdate&) = default;
};

// recording.stop / pause / resume: {recording_id?}; absent = the current meeting's active one.
struct RecordingRequest {
  std::optional<std::string> recording_id;
  friend bool operator==(const RecordingRequest&, const RecordingRequest&) = default;
};

Status from_json(const Json& j, RecordingUpdate& out);
Json to_json(const RecordingUpdate& m);
Status from_json(const Json& j, RecordingRequest& out);
Json to_json(const RecordingRequest& m);

}  // namespace rtk::proto
