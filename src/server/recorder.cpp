#include "recorder.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <utility>

#include "log.hpp"
#include "sfu.hpp"

namespace rtk::server {

namespace fs = std::filesystem;

namespace {
// The group (parent meeting id) that holds meeting `id`, a parent or a breakout room.
const GroupData* group_of(const Registry& reg, const std::string& id, std::string* group_id) {
  for (const auto& [gid, g] : reg.groups)
    if (g.state.find_meeting(id)) {
      *group_id = gid;
      return &g;
    }
  return nullptr;
}

// The newest modification time (ms) of the files in dir; 0 when none.
std::int64_t newest_mtime_ms(const std::string& dir) {
  std::int64_t out = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    struct stat st {};
    if (::stat(e.path().c_str(), &st) != 0) continue;
    out =
        std::max<std::int64_t>(out, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000);
  }
  return out;
}
}  // namespace

Recorder::Recorder(Registry& registry, Store& store, Clock clock, RecorderOptions options)
    : registry_(registry), store_(store), clock_(std::move(clock)), options_(std::move(options)) {}

Status Recorder::write(const Recording& r, const RecordingChange& ch) {
  if (ch.row)
    if (auto s = store_.put_recording(r, clock_()); !s) return s;
  for (std::size_t i : ch.segments)
    if (auto s = store_.put_segment(r.id, r.timeline[i]); !s) return s;
  return ok_status();
}

Status Recorder::load() {
  for (const auto& [gid, g] : registry_.groups) {
    for (const auto& m : g.state.meetings) rooms_seen_[gid].insert(m.id);
    occupied_[gid] = false;  // after a restart nobody is connected yet
  }
  std::vector<Recording> all;
  if (auto s = store_.load_recordings(all); !s) return s;
  for (auto& r : all) {
    order_.push_back(r.id);
    recordings_[r.id] = std::move(r);
  }
  for (const auto& id : order_) {
    Recording& r = recordings_[id];
    if (is_active(r.status)) {
      // The server died while this recording took media: it ends where its files end.
      std::int64_t at = newest_mtime_ms(dir_of(r));
      if (at < std::max(r.started_ms, r.invoked_ms)) at = std::max(r.started_ms, r.invoked_ms);
      Recording next = r;
      RecordingChange ch = stop_recording(next, StopReason::internal_error, at);
      if (auto s = store_.transaction([&] { return write(next, ch); }); !s) return s;
      r = std::move(next);
      log_event("recording_recovered", Json{{"recording_id", id}, {"stop_reason", "INTERNAL_ERROR"}});
      enqueue(r);
    } else if (r.status == RecordingStatus::uploading) {
      log_event("recording_recovered", Json{{"recording_id", id}, {"status", "UPLOADING"}});
      enqueue(r);
    }
  }
  return ok_status();
}

Result<Recording> Recorder::start(const std::string& meeting_id, const std::string& start_reason, Json caller) {
  if (!options_.sfu)
    return make_error(ErrorCode::unavailable,
                      "recording needs the SFU media mode: start rtk-server with --media sfu (and Janus); this "
                      "server runs --media mesh, where no server sees the media");
  std::string gid;
  const GroupData* g = group_of(registry_, meeting_id, &gid);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + meeting_id);
  if (const Recording* a = active_for(meeting_id))
    return make_error(ErrorCode::conflict, "meeting " + meeting_id + " is already being recorded (recording " + a->id +
                                               ", " + std::string(to_string(a->status)) + "); stop it first");
  std::error_code ec;
  fs::create_directories(options_.dir, ec);
  if (ec)
    return make_error(ErrorCode::unavailable,
                      "cannot create the recordings directory " + options_.dir + ": " + ec.message());
  const auto space = fs::space(options_.dir, ec);
  const std::int64_t free_mb = ec ? 0 : static_cast<std::int64_t>(space.available / (std::uintmax_t{1024} * 1024));
  if (free_mb < options_.min_free_mb)
    return make_error(ErrorCode::limit_exceeded, "only " + std::to_string(free_mb) + " MB free in " + options_.dir +
                                                     "; recording needs at least " +
                                                     std::to_string(options_.min_free_mb) +
                                                     " MB (--recording-min-free-mb)");
  const std::int64_t now = clock_();
  Recording r;
  r.id = random_uuid();
  r.meeting_id = meeting_id;
  r.group_id = gid;
  r.invoked_ms = now;
  r.start_reason = start_reason;
  r.caller = std::move(caller);
  RecordingChange ch = reconcile(r, g->state, g->presence, now);
  ch.row = true;
  fs::create_directories(dir_of(r), ec);
  if (ec) return make_error(ErrorCode::unavailable, "cannot create " + dir_of(r) + ": " + ec.message());
  if (auto s = store_.transaction([&] { return write(r, ch); }); !s) return s.error();
  order_.push_back(r.id);
  recordings_[r.id] = r;
  log_event("recording_started",
            Json{{"recording_id", r.id}, {"meeting_id", meeting_id}, {"status", to_string(r.status)}});
  push_files(gid);
  if (on_change_) on_change_(r);
  return r;
}

Result<Recording> Recorder::act(const std::string& id, RecordingAction action) {
  auto it = recordings_.find(id);
  if (it == recordings_.end()) return make_error(ErrorCode::not_found, "no recording " + id);
  Recording next = it->second;
  const std::int64_t now = clock_();
  auto ch = apply_action(next, action, now);
  if (!ch) return ch.error();
  if (action == RecordingAction::resume)
    if (const GroupData* g = registry_.group(next.group_id)) {
      RecordingChange more = reconcile(next, g->state, g->presence, now);
      ch->segments.insert(ch->segments.end(), more.segments.begin(), more.segments.end());
      ch->row = ch->row || more.row;
    }
  if (auto s = store_.transaction([&] { return write(next, *ch); }); !s) return s.error();
  const RecordingStatus before = it->second.status;
  it->second = std::move(next);
  log_event("recording_action", Json{{"recording_id", id}, {"status", to_string(it->second.status)}});
  push_files(it->second.group_id);
  finished_change(id, before);
  return it->second;
}

const Recording* Recorder::find(const std::string& id) const {
  auto it = recordings_.find(id);
  return it == recordings_.end() ? nullptr : &it->second;
}

std::vector<const Recording*> Recorder::list(const std::string& meeting_id) const {
  std::vector<const Recording*> out;
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    const Recording& r = recordings_.at(*it);
    if (meeting_id.empty() || r.meeting_id == meeting_id) out.push_back(&r);
  }
  return out;
}

const Recording* Recorder::active_for(const std::string& meeting_id) const {
  for (const auto& [id, r] : recordings_)
    if (r.meeting_id == meeting_id && is_active(r.status)) return &r;
  return nullptr;
}

proto::RecordingUpdate Recorder::state_of(const std::string& meeting_id) const {
  constexpr std::size_t kShown = 5;
  proto::RecordingUpdate u{meeting_id, proto::RecordingState::idle, {}};
  if (const Recording* a = active_for(meeting_id)) {
    switch (a->status) {
      case RecordingStatus::invoked: u.state = proto::RecordingState::starting; break;
      case RecordingStatus::paused: u.state = proto::RecordingState::paused; break;
      default: u.state = proto::RecordingState::recording; break;
    }
  }
  for (const Recording* r : list(meeting_id)) {
    if (u.recordings.size() == kShown) break;
    u.recordings.push_back(proto::RecordingItem{r->id, std::string(to_string(r->status)), "COMPOSITE"});
  }
  return u;
}

std::optional<DownloadLink> Recorder::download_link(const Recording& r, const std::string& file) const {
  if (r.status != RecordingStatus::uploaded) return std::nullopt;
  const std::string f = file.empty() ? r.outputs.value("composite", std::string()) : file;
  if (f.empty()) return std::nullopt;
  const std::int64_t exp = clock_() / 1000 + options_.download_ttl_s;
  DownloadLink l;
  l.url = "/v2/recordings/" + r.id + "/download?file=" + f + "&expires=" + std::to_string(exp) +
          "&sig=" + download_signature(options_.signing_secret, r.id, f, exp);
  l.expires_ms = exp * 1000;
  return l;
}

std::optional<std::string> Recorder::output_path(const Recording& r, const std::string& file) const {
  if (r.status != RecordingStatus::uploaded) return std::nullopt;
  bool known = r.outputs.value("composite", std::string()) == file;
  for (const auto& t : r.outputs.value("tracks", Json::array()))
    known = known || t.value("file", std::string()) == file;
  if (!known || file.empty()) return std::nullopt;
  return dir_of(r) + "/" + file;
}

Json Recorder::to_json(const Recording& r, bool timeline) const {
  Json j = recording_json(r, clock_(), download_link(r), timeline);
  if (timeline && r.status == RecordingStatus::uploaded) {
    for (auto& t : j["files"])
      if (auto l = download_link(r, t.value("file", std::string()))) t["download_url"] = l->url;
  }
  return j;
}

// ---- group changes ----

Status Recorder::in_transaction(const std::string& group_id, const GroupState& after, const PresenceMap& presence) {
  pending_.clear();
  const std::int64_t now = clock_();
  for (const auto& [id, r] : recordings_) {
    if (r.group_id != group_id || !is_active(r.status)) continue;
    Recording next = r;
    RecordingChange ch = reconcile(next, after, presence, now);
    if (ch.empty()) continue;
    if (auto s = write(next, ch); !s) return s;
    pending_.push_back(std::move(next));
  }
  return ok_status();
}

void Recorder::committed(const std::string& group_id, bool ok) {
  std::vector<Recording> done = std::move(pending_);
  pending_.clear();
  if (!ok) return;
  for (auto& r : done) {
    const RecordingStatus before = recordings_[r.id].status;
    const std::string id = r.id;
    recordings_[id] = std::move(r);
    finished_change(id, before);
  }
  push_files(group_id);
  if (const GroupData* g = registry_.group(group_id)) auto_start(group_id, g->state, g->presence);
}

void Recorder::presence_changed(const std::string& group_id, const GroupState& state, const PresenceMap& presence) {
  const std::int64_t now = clock_();
  for (auto& [id, r] : recordings_) {
    if (r.group_id != group_id || !is_active(r.status)) continue;
    Recording next = r;
    RecordingChange ch = reconcile(next, state, presence, now);
    if (ch.empty()) continue;
    if (auto s = store_.transaction([&] { return write(next, ch); }); !s) {
      log_event("recording_timeline_failed", Json{{"recording_id", id}, {"message", s.error().message}});
      continue;  // the next change reconciles again
    }
    const RecordingStatus before = r.status;
    r = std::move(next);
    finished_change(id, before);
  }
  push_files(group_id);
  auto_start(group_id, state, presence);
}

bool Recorder::option(const std::string& group_id, const char* name) const {
  auto it = registry_.meetings.find(group_id);
  if (it == registry_.meetings.end() || !it->second.options.is_object()) return false;
  auto o = it->second.options.find(name);
  return o != it->second.options.end() && o->is_boolean() && o->get<bool>();
}

void Recorder::auto_start(const std::string& group_id, const GroupState& state, const PresenceMap& presence) {
  if (!options_.sfu) return;
  auto try_start = [&](const std::string& mid) {
    if (active_for(mid)) return;
    if (auto r = start(mid, "RECORD_ON_START", Json{{"type", "SYSTEM"}}); !r)
      log_event("recording_auto_start_failed", Json{{"meeting_id", mid}, {"message", r.error().message}});
  };
  // A new session of the meeting: its first participant connected (nobody was before).
  bool anyone = false;
  for (const auto& [pid, pr] : presence) anyone = anyone || pr.connected;
  const bool was = std::exchange(occupied_[group_id], anyone);
  if (anyone && !was && option(group_id, "record_on_start")) try_start(group_id);
  // Breakout rooms that appeared since the last change.
  auto& seen = rooms_seen_[group_id];
  std::set<std::string> now;
  for (const auto& m : state.meetings) now.insert(m.id);
  const bool each_room = option(group_id, "record_breakout_rooms");
  for (const auto& id : now)
    if (!seen.count(id) && each_room) try_start(id);
  seen = std::move(now);
}

void Recorder::finished_change(const std::string& id, RecordingStatus before) {
  const Recording& r = recordings_.at(id);
  if (r.status == before) return;
  log_event("recording_status", Json{{"recording_id", id},
                                     {"meeting_id", r.meeting_id},
                                     {"status", to_string(r.status)},
                                     {"stop_reason", to_string(r.stop_reason)}});
  if (r.status == RecordingStatus::uploading) enqueue(r);
  if (on_change_) on_change_(r);
}

void Recorder::push_files(const std::string& group_id) {
  std::map<std::string, std::string> want;
  for (const auto& [id, r] : recordings_) {
    if (r.group_id != group_id || r.status != RecordingStatus::recording) continue;
    for (const auto& seg : r.timeline)
      if (!seg.left_ms) want[seg.participant_id] = segment_prefix(options_.dir, r, seg);
  }
  std::vector<std::pair<std::string, std::string>> changes;
  for (auto it = files_.begin(); it != files_.end();) {
    const bool ours = it->second.rfind(options_.dir + "/", 0) == 0 && [&] {
      const std::string rec_id = it->second.substr(options_.dir.size() + 1, 36);
      auto r = recordings_.find(rec_id);
      return r != recordings_.end() && r->second.group_id == group_id;
    }();
    if (ours && !want.count(it->first)) {
      changes.emplace_back(it->first, "");
      it = files_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [pid, prefix] : want) {
    auto it = files_.find(pid);
    if (it != files_.end() && it->second == prefix) continue;
    files_[pid] = prefix;
    changes.emplace_back(pid, prefix);
  }
  if (!sfu_) return;
  for (const auto& [pid, prefix] : changes) sfu_->set_recording(pid, prefix);
}

// ---- processing ----

void Recorder::enqueue(const Recording& r) { worker_.enqueue(ProcessJob{r, dir_of(r)}); }

std::size_t Recorder::poll() {
  std::size_t n = 0;
  for (auto& res : worker_.take()) {
    auto it = recordings_.find(res.recording_id);
    if (it == recordings_.end() || it->second.status != RecordingStatus::uploading) continue;
    Recording next = it->second;
    next.status = res.ok ? RecordingStatus::uploaded : RecordingStatus::errored;
    next.file_size = res.file_size;
    next.outputs = res.outputs;
    next.error = res.error;
    RecordingChange ch;
    ch.row = true;
    if (auto s = store_.transaction([&] { return write(next, ch); }); !s) {
      log_event("recording_store_failed", Json{{"recording_id", res.recording_id}, {"message", s.error().message}});
      continue;
    }
    it->second = std::move(next);
    ++n;
    log_event("recording_processed", Json{{"recording_id", res.recording_id},
                                          {"status", to_string(it->second.status)},
                                          {"file_size", res.file_size},
                                          {"took_ms", res.took_ms},
                                          {"duration_ms", it->second.duration_ms(it->second.stopped_ms)},
                                          {"error", res.error}});
    if (on_change_) on_change_(it->second);
  }
  return n;
}

}  // namespace rtk::server
