// Processing of a stopped recording, off the signalling thread: each Janus .mjr file becomes a
// track file (janus-pp-rec: VP8 -> .webm, Opus -> .opus), then ffmpeg composes one WebM for the
// recorded meeting: a grid with one cell per participant that published video, each segment
// placed at its offset in the recording (its first packet's time, pauses cut out), and every
// audio segment mixed. The Recorder applies the result on its own thread (ProcessorThread::take).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "recordings.hpp"

namespace rtk::server {

// The JSON header of a Janus recording (.mjr, MJR00002): t (a|v|d), c (codec), s (created, µs),
// u (first packet written, µs). nullopt when the file is not a readable .mjr.
std::optional<Json> read_mjr_header(const std::string& path);

struct TrackInput {
  std::string participant_id;
  int segment = 0;
  bool video = false;
  std::string file;            // the converted track (absolute)
  std::int64_t offset_ms = 0;  // where it starts in the recording
};

// The ffmpeg argv that composes `tracks` into `out` (duration_ms long): a 320x240 cell per
// participant with video, in the order of first appearance; silence when there is no audio.
std::vector<std::string> compose_command(const std::vector<TrackInput>& tracks, std::int64_t duration_ms,
                                         const std::string& out);

struct ProcessJob {
  Recording recording;
  std::string dir;                   // <recordings dir>/<recording id>
  std::int64_t tmp_wait_ms = 10000;  // how long to wait for Janus to close its .mjr.tmp files
};

struct ProcessResult {
  std::string recording_id;
  bool ok = false;
  std::string error;
  std::int64_t file_size = 0;
  Json outputs = Json::object();
  std::int64_t took_ms = 0;
};

// Blocking: converts and composes (janus-pp-rec and ffmpeg from PATH).
ProcessResult process_recording(const ProcessJob& job);
// The timeline segment ("<participant>-<seq>") a Janus file prefix belongs to: a later piece of a
// segment (a republish after a Janus restart) is "<participant>-<seq>.<n>".
std::string segment_key(const std::string& prefix);

// One worker thread that runs jobs in order; results are collected by take() on the caller's
// thread (the io loop's tick), so the store and the registry are touched from one thread only.
class ProcessorThread {
 public:
  ProcessorThread() = default;
  ~ProcessorThread();
  ProcessorThread(const ProcessorThread&) = delete;
  ProcessorThread& operator=(const ProcessorThread&) = delete;
  void enqueue(ProcessJob job);
  std::vector<ProcessResult> take();
  // Jobs queued or running (tests wait for 0).
  std::size_t pending() const;

 private:
  void run();
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ProcessJob> jobs_;
  std::vector<ProcessResult> done_;
  std::size_t running_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace rtk::server
