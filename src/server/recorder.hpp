// The recordings service (issue 11): starts, pauses, resumes and stops recordings of meetings
// (parents or breakout rooms) and keeps each one's timeline in line with the group. It observes
// Groups: inside the transaction of every committed command it writes the timeline rows that the
// command's moves change (recordings.hpp: reconcile), so the timeline never disagrees with the
// assignment; presence changes (connect, disconnect) write their rows in their own transaction.
// After each change it tells the SFU which Janus recording each publisher writes (one file pair
// per segment), and a stopped recording goes to the processing thread (recording_job.hpp).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "groups.hpp"
#include "recording_job.hpp"
#include "recordings.hpp"
#include "registry.hpp"
#include "rtk/recording.hpp"
#include "store.hpp"
#include "util.hpp"

namespace rtk::server {

class SfuController;

struct RecorderOptions {
  std::string dir;                 // recordings directory (absolute)
  std::int64_t min_free_mb = 100;  // refuse a start below this much free space
  bool sfu = false;                // recording needs the SFU mode
  std::string signing_secret;
  std::int64_t download_ttl_s = 3600;
};

class Recorder : public GroupObserver {
 public:
  Recorder(Registry& registry, Store& store, Clock clock, RecorderOptions options);
  void set_sfu(SfuController* sfu) { sfu_ = sfu; }
  // Called after a recording was created or changed status (processing finished included), so
  // the participants of its meeting get recording.updated.
  void set_on_change(std::function<void(const Recording&)> f) { on_change_ = std::move(f); }

  // After the registry was loaded: reads the recordings and recovers from a crash (a recording
  // that was still taking media stops with INTERNAL_ERROR and is processed; one that was being
  // processed is processed again).
  Status load();

  // POST /v2/recordings: meeting_id is a parent or a breakout room. mesh mode: unavailable;
  // unknown meeting: not_found; one already active for the meeting: conflict; low disk:
  // limit_exceeded.
  // start_reason: API_CALL or RECORD_ON_START.
  // caller: Recording::caller (REST: API_KEY).
  Result<Recording> start(const std::string& meeting_id, const std::string& start_reason = "API_CALL",
                          Json caller = Json{{"type", "API_KEY"}});
  Result<Recording> act(const std::string& id, RecordingAction action);
  const Recording* find(const std::string& id) const;
  // Newest first; meeting_id filters when not empty.
  std::vector<const Recording*> list(const std::string& meeting_id) const;
  const Recording* active_for(const std::string& meeting_id) const;
  // The meeting's recording state as participants see it (recording.updated, room.joined):
  // IDLE, STARTING (INVOKED), RECORDING or PAUSED, and its newest recordings (REST statuses).
  proto::RecordingUpdate state_of(const std::string& meeting_id) const;

  // The signed download link of an UPLOADED recording's file (default: the composite).
  std::optional<DownloadLink> download_link(const Recording& r, const std::string& file = "") const;
  // The absolute path of one of a recording's output files, or nullopt (not one of its files).
  std::optional<std::string> output_path(const Recording& r, const std::string& file) const;
  Json to_json(const Recording& r, bool timeline) const;

  // Applies finished processing results (the io loop calls it with the timers).
  std::size_t poll();
  std::size_t processing() const { return worker_.pending(); }
  const RecorderOptions& options() const { return options_; }
  // The Janus prefix each participant records to now (tests, the SFU).
  std::map<std::string, std::string> recording_files() const { return files_; }

  // GroupObserver
  Status in_transaction(const std::string& group_id, const GroupState& after, const PresenceMap& presence) override;
  void committed(const std::string& group_id, bool ok) override;
  void presence_changed(const std::string& group_id, const GroupState& state, const PresenceMap& presence) override;

 private:
  Status write(const Recording& r, const RecordingChange& ch);
  void push_files(const std::string& group_id);
  void finished_change(const std::string& id, RecordingStatus before);
  void enqueue(const Recording& r);
  // record_on_start (the group's first connection starts the parent's recording) and
  // record_breakout_rooms (every new breakout room gets its own recording); RECORD_ON_START.
  void auto_start(const std::string& group_id, const GroupState& state, const PresenceMap& presence);
  bool option(const std::string& group_id, const char* name) const;
  std::string dir_of(const Recording& r) const { return options_.dir + "/" + r.id; }

  Registry& registry_;
  Store& store_;
  Clock clock_;
  RecorderOptions options_;
  SfuController* sfu_ = nullptr;
  std::function<void(const Recording&)> on_change_;
  std::map<std::string, Recording> recordings_;              // by id
  std::vector<std::string> order_;                           // creation order
  std::vector<Recording> pending_;                           // written in the open transaction
  std::map<std::string, std::string> files_;                 // participant id -> Janus prefix it records to
  std::map<std::string, std::set<std::string>> rooms_seen_;  // by group: its breakout rooms so far
  std::map<std::string, bool> occupied_;                     // by group: someone was connected
  ProcessorThread worker_;
};

}  // namespace rtk::server
