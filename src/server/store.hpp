// Durable store: SQLite in WAL mode. Every write happens inside a transaction opened by the
// caller (Store::transaction), so a command's effects are on disk before its events go out.
// A group is stored as rows (group_meta, group_rooms, group_members): a command writes only the
// rows it changed, never the whole group. Presence is never stored.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "recordings.hpp"
#include "registry.hpp"
#include "rtk/errors.hpp"
#include "rtk/group_view.hpp"

struct sqlite3;

namespace rtk::server {

class Store {
 public:
  // Opens (creating when missing) the database at `path` and its schema.
  static Result<std::unique_ptr<Store>> open(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Runs fn inside BEGIN IMMEDIATE ... COMMIT; rolls back when fn or the commit fails. Any
  // failure (disk full, read-only, I/O) is returned as `unavailable` and logged (store_error).
  Status transaction(const std::function<Status()>& fn);

  Status put_meeting(const MeetingRecord& m);
  Status put_participant(const ParticipantRecord& p);
  Status delete_participant(const std::string& id);
  Status put_preset(const PresetRecord& p);
  Status delete_preset(const std::string& id);
  // A new group: its meta row and its parent's participants (normally none).
  Status put_group(const GroupState& s);
  // What one applied command changed (rows of rooms and members, the group's version), with
  // the values of `after`; only those rows are written.
  Status write_delta(const GroupState& after, const GroupDelta& d);
  // The rounds and self-selection rows (rtk/breakout_shuffle.hpp, rtk/breakout_self_select.hpp).
  Status write_extras(const GroupState& after, const GroupDelta& d);
  // Pre-assignment plans (rtk/breakout_plan.hpp), per group; loaded into GroupData::plans.
  Status put_plan(const std::string& group_id, const BreakoutPlan& p);
  Status delete_plan(const std::string& id);
  Status put_chat(const std::string& group_id, const ChatMessage& m);
  Status put_poll(const std::string& group_id, const Poll& p);

  // Recordings and their timeline rows (recordings.hpp); a segment row is written when it opens
  // and again when it closes, in the transaction of the change that opened or closed it.
  Status put_recording(const Recording& r, std::int64_t now_ms);
  Status put_segment(const std::string& recording_id, const RecordingSegment& seg);
  // Every recording with its timeline, in creation order.
  Status load_recordings(std::vector<Recording>& out);

  // Loads everything into an empty registry. Participants are marked disconnected (nobody
  // is connected to a server that just started). A stored group that fails its invariants
  // is an error: the server refuses to start on a corrupt store rather than guess.
  Status load(Registry& out);

  // Rows inserted, updated or deleted since the store was opened (tests: a command writes only
  // what it changed).
  std::int64_t rows_written() const;

 private:
  explicit Store(sqlite3* db) : db_(db) {}
  Status exec(const char* sql);
  Status write(const char* sql, std::initializer_list<std::string> binds);
  Status migrate_v1_groups();
  Status migrate_recording_caller();
  sqlite3* db_;
};

}  // namespace rtk::server
