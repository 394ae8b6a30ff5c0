#include "store.hpp"

#include <sqlite3.h>

#include <map>

#include "log.hpp"
#include "store_sql.hpp"

namespace rtk::server {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meetings (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS participants (id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS presets (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS groups (meeting_id TEXT PRIMARY KEY, json TEXT NOT NULL);  -- v1, migrated on open
CREATE TABLE IF NOT EXISTS group_meta (group_id TEXT PRIMARY KEY, version INTEGER NOT NULL, title TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_rooms (meeting_id TEXT PRIMARY KEY, group_id TEXT NOT NULL, title TEXT NOT NULL,
  ord INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS group_members (participant_id TEXT PRIMARY KEY, group_id TEXT NOT NULL,
  meeting_id TEXT NOT NULL, json TEXT NOT NULL, ord INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS group_rooms_by_group ON group_rooms(group_id);
CREATE INDEX IF NOT EXISTS group_members_by_group ON group_members(group_id);
CREATE TABLE IF NOT EXISTS group_timer (group_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_help (group_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_rounds (group_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_self_selection (group_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS group_placement (group_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS breakout_plans (id TEXT PRIMARY KEY, group_id TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chat (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
  group_id TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS polls (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
  group_id TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS recordings (id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, group_id TEXT NOT NULL,
  status TEXT NOT NULL, invoked_time INTEGER NOT NULL, started_time INTEGER NOT NULL, stopped_time INTEGER NOT NULL,
  recording_duration INTEGER NOT NULL, file_size INTEGER NOT NULL, start_reason TEXT NOT NULL,
  stop_reason TEXT NOT NULL, error TEXT NOT NULL, pauses TEXT NOT NULL, outputs TEXT NOT NULL,
  caller TEXT NOT NULL DEFAULT '{"type":"API_KEY"}');
CREATE INDEX IF NOT EXISTS recordings_by_meeting ON recordings(meeting_id);
CREATE TABLE IF NOT EXISTS recording_timeline (recording_id TEXT NOT NULL, participant_id TEXT NOT NULL,
  seq INTEGER NOT NULL, session INTEGER NOT NULL, joined_at INTEGER NOT NULL, left_at INTEGER,
  PRIMARY KEY (recording_id, participant_id, seq));
)sql";

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    Error e = db_error(db, "cannot open " + path);
    sqlite3_close(db);
    return e;
  }
  std::unique_ptr<Store> st(new Store(db));
  sqlite3_busy_timeout(db, 5000);
  // WAL + synchronous=NORMAL: a committed transaction survives a crash of the process
  // (kill -9); only an OS crash or power loss may lose the last commits.
  // EXCLUSIVE locking, set before the first WAL access: SQLite then keeps the WAL index in the
  // heap instead of an mmap()ed -shm file. A write fault on that mapping (a data dir that turns
  // read-only or immutable, a failing disk) is a SIGBUS that kills the server; a write(2) that
  // fails is an error the store reports as `unavailable`. It also keeps a second rtk-server off
  // the same data dir (its open waits out the busy timeout, then fails with a clear message).
  auto run = [&](const char* sql) -> Status {
    auto s = st->exec(sql);
    if (!s && sqlite3_errcode(db) == SQLITE_BUSY)
      return make_error(ErrorCode::unavailable,
                        path + " is in use by another process (another rtk-server on the same data dir?)");
    return s;
  };
  for (const char* sql : {"PRAGMA locking_mode=EXCLUSIVE;", "PRAGMA journal_mode=WAL;", "PRAGMA synchronous=NORMAL;",
                          "PRAGMA foreign_keys=ON;", kSchema})
    if (auto s = run(sql); !s) return s.error();
  if (auto s = st->migrate_v1_groups(); !s) return s.error();
  if (auto s = st->migrate_recording_caller(); !s) return s.error();
  return st;
}

Store::~Store() { sqlite3_close(db_); }

Status Store::exec(const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "?";
    sqlite3_free(msg);
    return make_error(ErrorCode::internal, std::string("sqlite: ") + m);
  }
  return ok_status();
}

Status Store::write(const char* sql, std::initializer_list<std::string> binds) {
  Stmt st;
  if (sqlite3_prepare_v2(db_, sql, -1, &st.s, nullptr) != SQLITE_OK) return db_error(db_, "prepare");
  int i = 1;
  for (const auto& b : binds) sqlite3_bind_text(st.s, i++, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(st.s) != SQLITE_DONE) return db_error(db_, "write");
  return ok_status();
}

Status Store::transaction(const std::function<Status()>& fn) {
  Status r = exec("BEGIN IMMEDIATE;");
  if (r) {
    r = fn();
    if (r) r = exec("COMMIT;");
    if (!r) (void)exec("ROLLBACK;");
  }
  if (r) return r;
  // Whatever failed (disk full, read-only, I/O error, a row that is not there), nothing was
  // written and the caller changes nothing in memory: the command is refused as unavailable
  // (503) on every route, REST or WebSocket.
  log_event("store_error", Json{{"message", r.error().message}});
  return make_error(ErrorCode::unavailable,
                    "the store could not save the change; nothing was changed (" + r.error().message + ")");
}

Status Store::put_meeting(const MeetingRecord& m) {
  Json j{{"id", m.id},
         {"title", m.title},
         {"active", m.active},
         {"created_ms", m.created_ms},
         {"updated_ms", m.updated_ms},
         {"options", m.options}};
  return write("INSERT INTO meetings(id,json) VALUES(?1,?2) ON CONFLICT(id) DO UPDATE SET json=excluded.json",
               {m.id, dump(j)});
}

Status Store::put_participant(const ParticipantRecord& p) {
  Json j{{"id", p.id},
         {"meeting_id", p.meeting_id},
         {"picture", p.picture},
         {"created_ms", p.created_ms},
         {"updated_ms", p.updated_ms}};
  return write(
      "INSERT INTO participants(id,meeting_id,json) VALUES(?1,?2,?3) ON CONFLICT(id) DO UPDATE SET json=excluded.json",
      {p.id, p.meeting_id, dump(j)});
}

Status Store::delete_participant(const std::string& id) { return write("DELETE FROM participants WHERE id=?1", {id}); }

Status Store::put_preset(const PresetRecord& p) {
  Json j{{"preset", preset_to_json(p.preset)}, {"created_ms", p.created_ms}, {"updated_ms", p.updated_ms}};
  return write("INSERT INTO presets(id,json) VALUES(?1,?2) ON CONFLICT(id) DO UPDATE SET json=excluded.json",
               {p.preset.id, dump(j)});
}

Status Store::delete_preset(const std::string& id) { return write("DELETE FROM presets WHERE id=?1", {id}); }

namespace {
// Row order: a row's `ord` is (version << 20) + its index within the command, so rows that a
// later command appended sort after every earlier one, as the reducer appends them.
std::string ord_of(std::uint64_t version, std::size_t index) {
  return std::to_string((static_cast<std::int64_t>(version) << 20) + static_cast<std::int64_t>(index));
}
}  // namespace

Status Store::put_group(const GroupState& s) {
  if (auto st = write("INSERT INTO group_meta(group_id,version,title) VALUES(?1,?2,?3) ON CONFLICT(group_id) DO "
                      "UPDATE SET version=excluded.version, title=excluded.title",
                      {s.parent.id, std::to_string(s.version), s.parent.title});
      !st)
    return st;
  std::size_t i = 0;
  for (const auto& m : s.meetings)
    if (auto st = write("INSERT OR REPLACE INTO group_rooms(meeting_id,group_id,title,ord) VALUES(?1,?2,?3,?4)",
                        {m.id, s.parent.id, m.title, ord_of(s.version, i++)});
        !st)
      return st;
  auto members = [&](const Meeting& m) -> Status {
    for (const auto& p : m.participants)
      if (auto st = write("INSERT OR REPLACE INTO group_members(participant_id,group_id,meeting_id,json,ord) "
                          "VALUES(?1,?2,?3,?4,?5)",
                          {p.id, s.parent.id, m.id, dump(to_json(p)), ord_of(s.version, i++)});
          !st)
        return st;
    return ok_status();
  };
  if (auto st = members(s.parent); !st) return st;
  for (const auto& m : s.meetings)
    if (auto st = members(m); !st) return st;
  GroupDelta extras;
  extras.rounds_changed = !s.rounds.empty();
  extras.self_selection_changed = s.self_selection != SelfSelection{};
  return write_extras(s, extras);
}

Status Store::write_extras(const GroupState& after, const GroupDelta& d) {
  const std::string& gid = after.parent.id;
  if (d.rounds_changed)
    if (auto st = write("INSERT INTO group_rounds(group_id,json) VALUES(?1,?2) ON CONFLICT(group_id) DO UPDATE SET "
                        "json=excluded.json",
                        {gid, dump(to_json(after.rounds))});
        !st)
      return st;
  if (d.self_selection_changed)
    if (auto st = write("INSERT INTO group_self_selection(group_id,json) VALUES(?1,?2) ON CONFLICT(group_id) DO "
                        "UPDATE SET json=excluded.json",
                        {gid, dump(to_json(after.self_selection))});
        !st)
      return st;
  return ok_status();
}

Status Store::write_delta(const GroupState& after, const GroupDelta& d) {
  const std::string& gid = after.parent.id;
  if (auto st = write("UPDATE group_meta SET version=?2, title=?3 WHERE group_id=?1",
                      {gid, std::to_string(after.version), after.parent.title});
      !st)
    return st;
  if (sqlite3_changes(db_) != 1) return make_error(ErrorCode::internal, "group " + gid + " is not in the store");
  std::size_t i = 0;
  for (const auto& id : d.meetings_upserted) {
    if (id == gid) continue;  // the parent's title is in group_meta
    const Meeting* m = after.find_meeting(id);
    if (!m) continue;
    if (auto st = write("INSERT INTO group_rooms(meeting_id,group_id,title,ord) VALUES(?1,?2,?3,?4) "
                        "ON CONFLICT(meeting_id) DO UPDATE SET title=excluded.title",
                        {id, gid, m->title, ord_of(after.version, i++)});
        !st)
      return st;
  }
  for (const auto& u : d.participants_upserted) {
    const Meeting* m = after.meeting_of(u.participant_id);
    const Participant* p = after.find_participant(u.participant_id);
    if (!m || !p) continue;
    const char* sql =
        u.reposition ? "INSERT INTO group_members(participant_id,group_id,meeting_id,json,ord) VALUES(?1,?2,?3,?4,?5) "
                       "ON CONFLICT(participant_id) DO UPDATE SET meeting_id=excluded.meeting_id, "
                       "json=excluded.json, ord=excluded.ord"
                     : "INSERT INTO group_members(participant_id,group_id,meeting_id,json,ord) VALUES(?1,?2,?3,?4,?5) "
                       "ON CONFLICT(participant_id) DO UPDATE SET meeting_id=excluded.meeting_id, "
                       "json=excluded.json";
    if (auto st = write(sql, {p->id, gid, m->id, dump(to_json(*p)), ord_of(after.version, i++)}); !st) return st;
  }
  for (const auto& id : d.participants_removed)
    if (auto st = write("DELETE FROM group_members WHERE participant_id=?1", {id}); !st) return st;
  for (const auto& id : d.meetings_removed)
    if (auto st = write("DELETE FROM group_rooms WHERE meeting_id=?1", {id}); !st) return st;
  if (d.help_changed) {
    if (!after.help.empty()) {
      if (auto st = write("INSERT INTO group_help(group_id,json) VALUES(?1,?2) ON CONFLICT(group_id) DO UPDATE SET "
                          "json=excluded.json",
                          {gid, dump(to_json(after.help))});
          !st)
        return st;
    } else if (auto st = write("DELETE FROM group_help WHERE group_id=?1", {gid}); !st) {
      return st;
    }
  }
  if (auto st = write_extras(after, d); !st) return st;
  if (d.placement_changed) {
    if (auto st = write("INSERT INTO group_placement(group_id,json) VALUES(?1,?2) ON CONFLICT(group_id) DO UPDATE SET "
                        "json=excluded.json",
                        {gid, dump(to_json(after.placement))});
        !st)
      return st;
  }
  if (d.timer_changed) {
    if (after.timer) {
      if (auto st = write("INSERT INTO group_timer(group_id,json) VALUES(?1,?2) ON CONFLICT(group_id) DO UPDATE SET "
                          "json=excluded.json",
                          {gid, dump(to_json(*after.timer))});
          !st)
        return st;
    } else if (auto st = write("DELETE FROM group_timer WHERE group_id=?1", {gid}); !st) {
      return st;
    }
  }
  return ok_status();
}

std::int64_t Store::rows_written() const { return sqlite3_total_changes64(db_); }

Status Store::migrate_recording_caller() {
  // Data dirs from before the column: their recordings were all started over REST or
  // automatically, and all said API_KEY.
  Stmt st;
  if (sqlite3_prepare_v2(db_, "SELECT 1 FROM pragma_table_info('recordings') WHERE name='caller'", -1, &st.s,
                         nullptr) != SQLITE_OK)
    return db_error(db_, "prepare");
  if (sqlite3_step(st.s) == SQLITE_ROW) return ok_status();
  return exec("ALTER TABLE recordings ADD COLUMN caller TEXT NOT NULL DEFAULT '{\"type\":\"API_KEY\"}';");
}

Status Store::migrate_v1_groups() {
  // v1 stored each group as one JSON document; write its rows once and drop the document.
  std::vector<std::pair<std::string, std::string>> rows;
  {
    Stmt st;
    if (sqlite3_prepare_v2(db_, "SELECT meeting_id,json FROM groups", -1, &st.s, nullptr) != SQLITE_OK)
      return db_error(db_, "prepare");
    while (sqlite3_step(st.s) == SQLITE_ROW) {
      const auto* k = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0));
      const auto* v = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 1));
      rows.emplace_back(k ? k : "", v ? v : "");
    }
  }
  if (rows.empty()) return ok_status();
  return transaction([&]() -> Status {
    for (const auto& [id, text] : rows) {
      auto j = parse_json(text);
      if (!j) return make_error(ErrorCode::internal, "corrupt v1 group " + id);
      auto g = group_state_from_json(*j);
      if (!g) return make_error(ErrorCode::internal, "corrupt v1 group " + id + ": " + g.error().message);
      if (auto st = put_group(*g); !st) return st;
      if (auto st = write("DELETE FROM groups WHERE meeting_id=?1", {id}); !st) return st;
    }
    return ok_status();
  });
}

Status Store::put_chat(const std::string& group_id, const ChatMessage& m) {
  return write("INSERT INTO chat(id,group_id,json) VALUES(?1,?2,?3)", {m.id, group_id, dump(to_json(m))});
}

Status Store::put_poll(const std::string& group_id, const Poll& p) {
  return write("INSERT INTO polls(id,group_id,json) VALUES(?1,?2,?3) ON CONFLICT(id) DO UPDATE SET json=excluded.json",
               {p.id, group_id, dump(to_json(p))});
}

Status Store::put_plan(const std::string& group_id, const BreakoutPlan& p) {
  return write(
      "INSERT INTO breakout_plans(id,group_id,json) VALUES(?1,?2,?3) ON CONFLICT(id) DO UPDATE SET "
      "json=excluded.json",
      {p.id, group_id, dump(to_json(p))});
}

Status Store::delete_plan(const std::string& id) { return write("DELETE FROM breakout_plans WHERE id=?1", {id}); }

Status Store::load(Registry& out) {
  auto each = [&](const char* sql, const std::function<Status(const std::string&, const Json&)>& fn) -> Status {
    Stmt st;
    if (sqlite3_prepare_v2(db_, sql, -1, &st.s, nullptr) != SQLITE_OK) return db_error(db_, "prepare");
    int rc;
    while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
      const auto* k = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0));
      const auto* v = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 1));
      auto j = parse_json(v ? v : "");
      if (!j) return make_error(ErrorCode::internal, std::string("corrupt row in store: ") + sql);
      if (auto s = fn(k ? k : "", *j); !s) return s;
    }
    if (rc != SQLITE_DONE) return db_error(db_, "read");
    return ok_status();
  };
  auto corrupt = [](const std::string& what) { return make_error(ErrorCode::internal, "corrupt store: " + what); };

  Status s = each("SELECT id,json FROM presets ORDER BY rowid", [&](const std::string& id, const Json& j) -> Status {
    if (!j.contains("preset")) return corrupt("preset " + id);
    auto p = preset_from_json(j["preset"]);
    if (!p) return corrupt("preset " + id + ": " + p.error().message);
    PresetRecord r{*p, j.value("created_ms", std::int64_t{0}), j.value("updated_ms", std::int64_t{0})};
    r.preset.id = id;
    out.presets[id] = std::move(r);
    return ok_status();
  });
  if (!s) return s;
  s = each("SELECT id,json FROM meetings ORDER BY rowid", [&](const std::string& id, const Json& j) -> Status {
    try {
      MeetingRecord m{id,
                      j.at("title").get<std::string>(),
                      j.at("active").get<bool>(),
                      j.at("created_ms").get<std::int64_t>(),
                      j.at("updated_ms").get<std::int64_t>(),
                      j.value("options", Json::object())};
      out.meeting_order.push_back(id);
      out.meetings[id] = std::move(m);
    } catch (const std::exception&) {
      return corrupt("meeting " + id);
    }
    return ok_status();
  });
  if (!s) return s;
  s = each("SELECT id,json FROM participants ORDER BY rowid", [&](const std::string& id, const Json& j) -> Status {
    try {
      out.participants[id] =
          ParticipantRecord{id, j.at("meeting_id").get<std::string>(), j.value("picture", Json()),
                            j.at("created_ms").get<std::int64_t>(), j.at("updated_ms").get<std::int64_t>()};
    } catch (const std::exception&) {
      return corrupt("participant " + id);
    }
    return ok_status();
  });
  if (!s) return s;
  {
    // Groups from their rows: meta, then rooms and members in `ord` order.
    Stmt st;
    if (sqlite3_prepare_v2(db_, "SELECT group_id,version,title FROM group_meta", -1, &st.s, nullptr) != SQLITE_OK)
      return db_error(db_, "prepare");
    while (sqlite3_step(st.s) == SQLITE_ROW) {
      const auto* id = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0));
      const auto* title = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 2));
      GroupState g = make_group(id ? id : "", title ? title : "");
      g.version = static_cast<std::uint64_t>(sqlite3_column_int64(st.s, 1));
      out.groups[g.parent.id].state = std::move(g);
    }
  }
  {
    Stmt st;
    if (sqlite3_prepare_v2(db_, "SELECT meeting_id,group_id,title FROM group_rooms ORDER BY ord", -1, &st.s, nullptr) !=
        SQLITE_OK)
      return db_error(db_, "prepare");
    while (sqlite3_step(st.s) == SQLITE_ROW) {
      const auto* id = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0));
      const auto* gid = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 1));
      const auto* title = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 2));
      auto it = out.groups.find(gid ? gid : "");
      if (it == out.groups.end()) return corrupt(std::string("room ") + (id ? id : "") + " of an unknown group");
      it->second.state.meetings.push_back(Meeting{id ? id : "", title ? title : "", {}});
    }
  }
  {
    Stmt st;
    if (sqlite3_prepare_v2(db_, "SELECT group_id,meeting_id,json FROM group_members ORDER BY ord", -1, &st.s,
                           nullptr) != SQLITE_OK)
      return db_error(db_, "prepare");
    while (sqlite3_step(st.s) == SQLITE_ROW) {
      const auto* gid = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0));
      const auto* mid = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 1));
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 2));
      auto it = out.groups.find(gid ? gid : "");
      if (it == out.groups.end()) return corrupt("member of an unknown group");
      auto j = parse_json(text ? text : "");
      if (!j) return corrupt("member row");
      auto p = participant_from_json(*j);
      if (!p) return corrupt("member row: " + p.error().message);
      Meeting* m = it->second.state.find_meeting(mid ? mid : "");
      if (!m) return corrupt("member " + p->id + " of an unknown meeting");
      m->participants.push_back(std::move(p).value());
    }
  }
  s = each("SELECT group_id,json FROM group_timer", [&](const std::string& gid, const Json& j) -> Status {
    auto it = out.groups.find(gid);
    if (it == out.groups.end()) return corrupt("timer of an unknown group " + gid);
    auto t = breakout_timer_from_json(j);
    if (!t) return corrupt("timer of group " + gid + ": " + t.error().message);
    it->second.state.timer = *t;
    return ok_status();
  });
  if (!s) return s;
  s = each("SELECT group_id,json FROM group_help", [&](const std::string& gid, const Json& j) -> Status {
    auto it = out.groups.find(gid);
    if (it == out.groups.end()) return corrupt("help queue of an unknown group " + gid);
    auto h = help_requests_from_json(j);
    if (!h) return corrupt("help queue of group " + gid + ": " + h.error().message);
    it->second.state.help = std::move(h).value();
    return ok_status();
  });
  if (!s) return s;
  s = each("SELECT group_id,json FROM group_rounds", [&](const std::string& gid, const Json& j) -> Status {
    auto it = out.groups.find(gid);
    if (it == out.groups.end()) return corrupt("rounds of an unknown group " + gid);
    auto r = breakout_rounds_from_json(j);
    if (!r) return corrupt("rounds of group " + gid + ": " + r.error().message);
    it->second.state.rounds = std::move(r).value();
    return ok_status();
  });
  if (!s) return s;
  s = each("SELECT group_id,json FROM group_self_selection", [&](const std::string& gid, const Json& j) -> Status {
    auto it = out.groups.find(gid);
    if (it == out.groups.end()) return corrupt("self-selection of an unknown group " + gid);
    auto r = self_selection_from_json(j);
    if (!r) return corrupt("self-selection of group " + gid + ": " + r.error().message);
    it->second.state.self_selection = *r;
    return ok_status();
  });
  if (!s) return s;
  s = each("SELECT group_id,json FROM group_placement", [&](const std::string& gid, const Json& j) -> Status {
    auto it = out.groups.find(gid);
    if (it == out.groups.end()) return corrupt("placement of an unknown group " + gid);
    auto p = placement_from_json(j);
    if (!p) return corrupt("placement of group " + gid + ": " + p.error().message);
    it->second.state.placement = std::move(p).value();
    return ok_status();
  });
  if (!s) return s;
  s = each("SELECT group_id,json FROM breakout_plans ORDER BY rowid",
           [&](const std::string& gid, const Json& j) -> Status {
             auto it = out.groups.find(gid);
             if (it == out.groups.end()) return corrupt("plan of an unknown group " + gid);
             auto p = breakout_plan_from_json(j);
             if (!p) return corrupt("plan of group " + gid + ": " + p.error().message);
             it->second.plans.push_back(std::move(p).value());
             return ok_status();
           });
  if (!s) return s;
  for (auto& [gid, g] : out.groups)
    if (auto bad = check_invariants(g.state)) return corrupt("group " + gid + ": " + *bad);
  s = each("SELECT group_id,json FROM chat ORDER BY seq", [&](const std::string& gid, const Json& j) -> Status {
    auto m = chat_message_from_json(j);
    if (!m) return corrupt("chat message: " + m.error().message);
    out.groups[gid].chat[m->meeting_id].push_back(*m);
    return ok_status();
  });
  if (!s) return s;
  return each("SELECT group_id,json FROM polls ORDER BY seq", [&](const std::string& gid, const Json& j) -> Status {
    auto p = poll_from_json(j);
    if (!p) return corrupt("poll: " + p.error().message);
    out.groups[gid].polls[p->meeting_id].push_back(*p);
    return ok_status();
  });
}

}  // namespace rtk::server
