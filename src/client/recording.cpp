// The recording state of the current meeting on the client: mirrors recording.updated (and the
// `recording` of room.joined and of every recording.* reply). The server decides the state; the
// JS facade (web/src/recording.js) names it as RealtimeKit's meeting.recording.
#include "rtk/client/session.hpp"

namespace rtk::client {

// {recordingState, recordings: [{id, state, type}], available}: RealtimeKit's names (state = the
// REST status); available: the server can record (SFU mode; mesh answers unavailable).
Json ClientSession::recording_json() const {
  Json list = Json::array();
  for (const auto& r : recording_.recordings) list.push_back(Json{{"id", r.id}, {"state", r.status}, {"type", r.type}});
  return Json{{"recordingState", to_string(recording_.state)},
              {"recordings", std::move(list)},
              {"available", media_mode_ == "sfu"}};
}

// recordingUpdate: the current meeting's recording state or its recordings changed; payload
// recording_json(). A frame about a meeting we just left, or one that repeats, emits nothing.
void ClientSession::on_recording(const proto::RecordingUpdate& u) {
  if (u.meeting_id != mirror_.meeting_id() || u == recording_) return;
  recording_ = u;
  emit(EventName::recordingUpdate, recording_json());
}

}  // namespace rtk::client
