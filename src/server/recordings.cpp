#include "recordings.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <map>

#include "util.hpp"

namespace rtk::server {

namespace {
constexpr std::array<std::pair<RecordingStatus, std::string_view>, 7> kStatuses{{
    {RecordingStatus::unknown, "UNKNOWN"},
    {RecordingStatus::invoked, "INVOKED"},
    {RecordingStatus::recording, "RECORDING"},
    {RecordingStatus::paused, "PAUSED"},
    {RecordingStatus::uploading, "UPLOADING"},
    {RecordingStatus::uploaded, "UPLOADED"},
    {RecordingStatus::errored, "ERRORED"},
}};
constexpr std::array<std::pair<StopReason, std::string_view>, 4> kReasons{{
    {StopReason::none, ""},
    {StopReason::api_call, "API_CALL"},
    {StopReason::all_peers_left, "ALL_PEERS_LEFT"},
    {StopReason::internal_error, "INTERNAL_ERROR"},
}};
}  // namespace

std::string_view to_string(RecordingStatus s) {
  for (const auto& [k, v] : kStatuses)
    if (k == s) return v;
  return "UNKNOWN";
}
std::string_view to_string(StopReason r) {
  for (const auto& [k, v] : kReasons)
    if (k == r) return v;
  return "";
}
RecordingStatus recording_status_from(std::string_view s) {
  for (const auto& [k, v] : kStatuses)
    if (v == s) return k;
  return RecordingStatus::unknown;
}
StopReason stop_reason_from(std::string_view s) {
  for (const auto& [k, v] : kReasons)
    if (v == s) return k;
  return StopReason::none;
}
RecordingAction recording_action_from(std::string_view s) {
  if (s == "stop") return RecordingAction::stop;
  if (s == "pause") return RecordingAction::pause;
  if (s == "resume") return RecordingAction::resume;
  return RecordingAction::unknown;
}

bool is_active(RecordingStatus s) {
  return s == RecordingStatus::invoked || s == RecordingStatus::recording || s == RecordingStatus::paused;
}

std::int64_t Recording::offset_ms(std::int64_t wall_ms) const {
  if (started_ms == 0 || wall_ms <= started_ms) return 0;
  std::int64_t paused = 0;
  for (const auto& p : pauses) {
    if (p.from_ms >= wall_ms) break;
    const std::int64_t to = p.to_ms ? std::min(*p.to_ms, wall_ms) : wall_ms;
    if (to > p.from_ms) paused += to - p.from_ms;
  }
  return wall_ms - started_ms - paused;
}

std::int64_t Recording::duration_ms(std::int64_t now_ms) const {
  if (started_ms == 0) return 0;
  return offset_ms(stopped_ms ? stopped_ms : now_ms);
}

const RecordingSegment* Recording::open_segment(std::string_view pid) const {
  for (const auto& s : timeline)
    if (s.participant_id == pid && !s.left_ms) return &s;
  return nullptr;
}

namespace {
void close_open_segments(Recording& r, std::int64_t now, RecordingChange& ch,
                         const std::map<std::string, std::uint32_t>* keep) {
  for (std::size_t i = 0; i < r.timeline.size(); ++i) {
    auto& seg = r.timeline[i];
    if (seg.left_ms) continue;
    if (keep) {
      auto it = keep->find(seg.participant_id);
      if (it != keep->end() && it->second == seg.session) continue;
    }
    seg.left_ms = now;
    ch.segments.push_back(i);
  }
}

int next_seq(const Recording& r, std::string_view pid) {
  int n = 0;
  for (const auto& s : r.timeline)
    if (s.participant_id == pid) n = std::max(n, s.seq + 1);
  return n;
}
}  // namespace

RecordingChange stop_recording(Recording& r, StopReason reason, std::int64_t now) {
  RecordingChange ch;
  if (!is_active(r.status)) return ch;
  close_open_segments(r, now, ch, nullptr);
  if (!r.pauses.empty() && !r.pauses.back().to_ms) r.pauses.back().to_ms = now;
  r.status = RecordingStatus::uploading;
  r.stopped_ms = now;
  r.stop_reason = reason;
  ch.row = true;
  return ch;
}

RecordingChange reconcile(Recording& r, const GroupState& s, const PresenceMap& presence, std::int64_t now) {
  RecordingChange ch;
  if (!is_active(r.status)) return ch;
  const Meeting* m = s.find_meeting(r.meeting_id);
  std::map<std::string, std::uint32_t> here;  // connected in the recorded meeting, by session
  if (m)
    for (const auto& p : m->participants)
      if (const Presence& pr = presence_of(presence, p.id); pr.connected) here.emplace(p.id, pr.session);
  if (here.empty()) {
    if (r.status == RecordingStatus::invoked && m) return ch;  // still waiting for someone
    return stop_recording(r, StopReason::all_peers_left, now);
  }
  if (r.status == RecordingStatus::invoked) {
    r.status = RecordingStatus::recording;
    r.started_ms = now;
    ch.row = true;
  }
  if (r.status == RecordingStatus::paused) {
    close_open_segments(r, now, ch, nullptr);
    return ch;
  }
  close_open_segments(r, now, ch, &here);
  for (const auto& [pid, session] : here) {
    if (r.open_segment(pid)) continue;
    r.timeline.push_back(RecordingSegment{pid, next_seq(r, pid), session, now, std::nullopt});
    ch.segments.push_back(r.timeline.size() - 1);
  }
  return ch;
}

Result<RecordingChange> apply_action(Recording& r, RecordingAction a, std::int64_t now) {
  const std::string state(to_string(r.status));
  switch (a) {
    case RecordingAction::stop:
      if (!is_active(r.status))
        return make_error(ErrorCode::conflict, "the recording is " + state + ": already stopped");
      return stop_recording(r, StopReason::api_call, now);
    case RecordingAction::pause: {
      if (r.status != RecordingStatus::recording)
        return make_error(ErrorCode::conflict, "the recording is " + state + ": only a RECORDING one can pause");
      RecordingChange ch;
      close_open_segments(r, now, ch, nullptr);
      r.pauses.push_back(Pause{now, std::nullopt});
      r.status = RecordingStatus::paused;
      ch.row = true;
      return ch;
    }
    case RecordingAction::resume: {
      if (r.status != RecordingStatus::paused)
        return make_error(ErrorCode::conflict, "the recording is " + state + ": only a PAUSED one can resume");
      if (!r.pauses.empty() && !r.pauses.back().to_ms) r.pauses.back().to_ms = now;
      r.status = RecordingStatus::recording;
      RecordingChange ch;
      ch.row = true;
      return ch;
    }
    case RecordingAction::unknown: break;
  }
  return make_error(ErrorCode::invalid_argument, "action: expected stop, pause or resume");
}

std::string segment_prefix(const std::string& dir, const Recording& r, const RecordingSegment& seg) {
  return dir + "/" + r.id + "/" + seg.participant_id + "-" + std::to_string(seg.seq);
}

namespace {
std::string hex(std::string_view bytes) {
  static const char* d = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(d[c >> 4]);
    out.push_back(d[c & 15]);
  }
  return out;
}
}  // namespace

std::string download_signature(std::string_view secret, std::string_view id, std::string_view file,
                               std::int64_t expires_s) {
  const std::string msg =
      "openrtk-recording-download\n" + std::string(id) + "\n" + std::string(file) + "\n" + std::to_string(expires_s);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(msg.data()),
       msg.size(), out, &len);
  return hex(std::string_view(reinterpret_cast<const char*>(out), len));
}

Status check_download_signature(std::string_view secret, std::string_view id, std::string_view file,
                                std::string_view expires, std::string_view sig, std::int64_t now_s) {
  std::int64_t exp = 0;
  if (expires.empty() || expires.size() > 12) return make_error(ErrorCode::permission_denied, "expires: malformed");
  for (char c : expires) {
    if (c < '0' || c > '9') return make_error(ErrorCode::permission_denied, "expires: malformed");
    exp = exp * 10 + (c - '0');
  }
  if (!constant_time_equals(download_signature(secret, id, file, exp), sig))
    return make_error(ErrorCode::permission_denied, "the download link's signature does not match (tampered link)");
  if (exp < now_s) return make_error(ErrorCode::unauthenticated, "the download link expired; get a new one");
  return ok_status();
}

Json recording_json(const Recording& r, std::int64_t now, const std::optional<DownloadLink>& download, bool timeline) {
  auto time = [](std::int64_t ms) { return ms ? Json(iso_time(ms)) : Json(nullptr); };
  Json j{
      {"id", r.id},
      {"meeting_id", r.meeting_id},
      {"group_meeting_id", r.group_id},
      {"session_id", nullptr},
      {"status", to_string(r.status)},
      {"invoked_time", time(r.invoked_ms)},
      {"started_time", time(r.started_ms)},
      {"stopped_time", time(r.stopped_ms)},
      {"recording_duration", r.duration_ms(now) / 1000},
      {"file_size", r.status == RecordingStatus::uploaded ? Json(r.file_size) : Json(nullptr)},
      {"output_file_name", r.outputs.value("composite", std::string())},
      {"start_reason", Json{{"reason", r.start_reason}, {"caller", r.caller}}},
      {"stop_reason", r.stop_reason == StopReason::none ? Json(nullptr) : Json{{"reason", to_string(r.stop_reason)}}},
      {"download_url", download ? Json(download->url) : Json(nullptr)},
      {"download_url_expiry", download ? Json(iso_time(download->expires_ms)) : Json(nullptr)},
      {"audio_download_url", nullptr},
      {"error", r.error.empty() ? Json(nullptr) : Json(r.error)}};
  if (timeline) {
    Json t = Json::array();
    for (const auto& s : r.timeline)
      t.push_back(Json{{"participant_id", s.participant_id},
                       {"segment", s.seq},
                       {"joined_at", iso_time(s.joined_ms)},
                       {"left_at", s.left_ms ? Json(iso_time(*s.left_ms)) : Json(nullptr)},
                       {"offset_ms", r.offset_ms(s.joined_ms)}});
    j["timeline"] = std::move(t);
    j["files"] = r.outputs.value("tracks", Json::array());
  }
  return j;
}

}  // namespace rtk::server
