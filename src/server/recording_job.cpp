#include "recording_job.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

extern char** environ;

namespace rtk::server {

namespace fs = std::filesystem;

std::optional<Json> read_mjr_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8];
  if (!in.read(magic, 8) || std::string_view(magic, 8) != "MJR00002") return std::nullopt;
  unsigned char len[2];
  if (!in.read(reinterpret_cast<char*>(len), 2)) return std::nullopt;
  const std::size_t n = (static_cast<std::size_t>(len[0]) << 8) | len[1];
  std::string text(n, '\0');
  if (n == 0 || !in.read(text.data(), static_cast<std::streamsize>(n))) return std::nullopt;
  auto j = parse_json(text);
  if (!j || !j->is_object()) return std::nullopt;
  return *j;
}

std::vector<std::string> compose_command(const std::vector<TrackInput>& tracks, std::int64_t duration_ms,
                                         const std::string& out) {
  constexpr int kW = 320, kH = 240;
  std::vector<std::string> cells;  // participants with video, first appearance first
  for (const auto& t : tracks)
    if (t.video && std::find(cells.begin(), cells.end(), t.participant_id) == cells.end())
      cells.push_back(t.participant_id);
  int cols = 1;
  while (cols * cols < static_cast<int>(cells.size())) ++cols;
  const int rows = cells.empty() ? 1 : (static_cast<int>(cells.size()) + cols - 1) / cols;
  auto secs = [](std::int64_t ms) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(3);
    s << static_cast<double>(ms) / 1000.0;
    return s.str();
  };

  std::vector<std::string> argv{"ffmpeg", "-nostdin", "-y", "-loglevel", "error"};
  for (const auto& t : tracks) {
    argv.insert(argv.end(), {"-i", t.file});
  }
  std::ostringstream f;
  f << "color=c=black:s=" << cols * kW << "x" << rows * kH << ":r=15:d=" << secs(duration_ms) << "[base0];";
  int base = 0, audio = 0;
  std::string mix;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const auto& t = tracks[i];
    if (t.video) {
      const auto cell = static_cast<int>(std::find(cells.begin(), cells.end(), t.participant_id) - cells.begin());
      f << "[" << i << ":v]scale=" << kW << ":" << kH << ":force_original_aspect_ratio=decrease,pad=" << kW << ":" << kH
        << ":(ow-iw)/2:(oh-ih)/2,setpts=PTS-STARTPTS+" << secs(t.offset_ms) << "/TB[v" << i << "];";
      f << "[base" << base << "][v" << i << "]overlay=x=" << (cell % cols) * kW << ":y=" << (cell / cols) * kH
        << ":eof_action=pass:repeatlast=0[base" << base + 1 << "];";
      ++base;
    } else {
      f << "[" << i << ":a]aresample=48000,adelay=delays=" << t.offset_ms << ":all=1[a" << i << "];";
      mix += "[a" + std::to_string(i) + "]";
      ++audio;
    }
  }
  // Silence under everything: the composite always has an audio track of the full length.
  f << "anullsrc=r=48000:cl=stereo,atrim=duration=" << secs(duration_ms) << "[silence];";
  f << mix << "[silence]amix=inputs=" << audio + 1 << ":duration=longest:normalize=0[aout];";
  // overlay can yield a format with alpha, which libvpx refuses to encode with auto-alt-ref
  f << "[base" << base << "]format=yuv420p[vout]";
  argv.insert(argv.end(), {"-filter_complex",
                           f.str(),
                           "-map",
                           "[vout]",
                           "-map",
                           "[aout]",
                           "-t",
                           secs(duration_ms),
                           "-c:v",
                           "libvpx",
                           "-deadline",
                           "realtime",
                           "-cpu-used",
                           "8",
                           "-b:v",
                           "600k",
                           "-c:a",
                           "libopus",
                           "-b:a",
                           "64k",
                           "-f",
                           "webm",
                           out});
  return argv;
}

namespace {

// Runs argv (PATH lookup), stdout and stderr appended to `log`; the exit code, or -1.
int run(const std::vector<std::string>& argv, const std::string& log) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The last `n` bytes of a log file (for an error message).
std::string tail_of(const std::string& path, std::size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > n) s = s.substr(s.size() - n);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

struct MjrFile {
  std::string path, name, prefix;  // prefix: <participant>-<seq>
  bool video = false;
};

std::vector<MjrFile> mjr_files(const std::string& dir, bool* tmp_left) {
  std::vector<MjrFile> out;
  std::error_code ec;
  *tmp_left = false;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const bool tmp = ends_with(name, ".mjr.tmp");
    if (!tmp && !ends_with(name, ".mjr")) continue;
    if (tmp) *tmp_left = true;
    for (const char* kind : {"-video-", "-audio-"}) {
      const auto at = name.rfind(kind);
      if (at == std::string::npos) continue;
      out.push_back(MjrFile{e.path().string(), name, name.substr(0, at), std::string_view(kind) == "-video-"});
      break;
    }
  }
  std::sort(out.begin(), out.end(), [](const MjrFile& a, const MjrFile& b) { return a.name < b.name; });
  return out;
}

}  // namespace

std::string segment_key(const std::string& prefix) {
  const auto dot = prefix.rfind('.');
  if (dot == std::string::npos || dot + 1 == prefix.size() || prefix.find('-', dot) != std::string::npos) return prefix;
  for (std::size_t i = dot + 1; i < prefix.size(); ++i)
    if (prefix[i] < '0' || prefix[i] > '9') return prefix;
  return prefix.substr(0, dot);
}

ProcessResult process_recording(const ProcessJob& job) {
  const std::int64_t t0 = now_ms();
  const Recording& r = job.recording;
  ProcessResult res;
  res.recording_id = r.id;
  auto failed = [&](std::string why) {
    res.ok = false;
    res.error = std::move(why);
    res.took_ms = now_ms() - t0;
    return res;
  };
  std::error_code ec;
  fs::create_directories(job.dir, ec);
  const std::string log = job.dir + "/processing.log";
  // Janus renames a recording from .mjr.tmp to .mjr when it closes it (after our record:false);
  // wait for that, then take what is there (a Janus that died leaves .tmp files: still readable).
  bool tmp_left = false;
  std::vector<MjrFile> files = mjr_files(job.dir, &tmp_left);
  for (std::int64_t waited = 0; tmp_left && waited < job.tmp_wait_ms; waited += 100) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    files = mjr_files(job.dir, &tmp_left);
  }
  std::map<std::string, const RecordingSegment*> segs;
  for (const auto& s : r.timeline) segs[s.participant_id + "-" + std::to_string(s.seq)] = &s;

  std::vector<TrackInput> tracks;
  Json track_json = Json::array();
  for (const auto& f : files) {
    auto seg = segs.find(segment_key(f.prefix));
    if (seg == segs.end()) continue;  // not a segment of this recording's timeline
    auto header = read_mjr_header(f.path);
    if (!header) continue;
    std::string base = f.name.substr(0, f.name.find(".mjr"));
    const std::string out = job.dir + "/" + base + (f.video ? ".webm" : ".opus");
    if (run({"janus-pp-rec", "-o", f.path, out}, log) != 0 || !fs::exists(out) || fs::file_size(out, ec) == 0) {
      fs::remove(out, ec);
      continue;  // an empty recording (nothing was sent): no track
    }
    // Where the track starts: its first packet (Janus's `u`), else when the segment opened.
    std::int64_t wall = header->value("u", std::int64_t{0}) / 1000;
    if (wall <= 0) wall = seg->second->joined_ms;
    wall = std::max(wall, seg->second->joined_ms);
    TrackInput t{seg->second->participant_id, seg->second->seq, f.video, out, r.offset_ms(wall)};
    tracks.push_back(t);
    track_json.push_back(Json{{"participant_id", t.participant_id},
                              {"segment", t.segment},
                              {"kind", f.video ? "video" : "audio"},
                              {"file", fs::path(out).filename().string()},
                              {"offset_ms", t.offset_ms}});
  }
  if (tracks.empty()) return failed("nothing was recorded: no media of this meeting reached the SFU");
  const std::int64_t duration = r.duration_ms(r.stopped_ms);
  if (duration <= 0) return failed("the recording has no duration");
  const std::string composite = job.dir + "/composite.webm";
  const std::string compose_log = job.dir + "/compose.log";
  if (int rc = run(compose_command(tracks, duration, composite), compose_log); rc != 0 || !fs::exists(composite))
    return failed("ffmpeg could not compose the recording (exit " + std::to_string(rc) + ", " + compose_log +
                  "): " + tail_of(compose_log, 400));
  res.ok = true;
  res.file_size = static_cast<std::int64_t>(fs::file_size(composite, ec));
  res.outputs = Json{{"composite", "composite.webm"}, {"tracks", std::move(track_json)}};
  res.took_ms = now_ms() - t0;
  return res;
}

ProcessorThread::~ProcessorThread() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ProcessorThread::enqueue(ProcessJob job) {
  {
    std::lock_guard<std::mutex> l(mu_);
    jobs_.push_back(std::move(job));
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  }
  cv_.notify_all();
}

std::vector<ProcessResult> ProcessorThread::take() {
  std::lock_guard<std::mutex> l(mu_);
  return std::exchange(done_, {});
}

std::size_t ProcessorThread::pending() const {
  std::lock_guard<std::mutex> l(mu_);
  return jobs_.size() + running_ + done_.size();
}

void ProcessorThread::run() {
  for (;;) {
    ProcessJob job;
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait(l, [this] { return stop_ || !jobs_.empty(); });
      if (stop_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      ++running_;
    }
    ProcessResult r = process_recording(job);
    std::lock_guard<std::mutex> l(mu_);
    --running_;
    done_.push_back(std::move(r));
  }
}

}  // namespace rtk::server
