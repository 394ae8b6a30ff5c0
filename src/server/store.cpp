#include "store.hpp"

#include <sqlite3.h>

namespace rtk::server {
namespace {

Error db_error(sqlite3* db, const std::string& what) {
  return make_error(ErrorCode::internal, what + ": " + (db ? sqlite3_errmsg(db) : "no database"));
}

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meetings (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS participants (id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS presets (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS groups (meeting_id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chat (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
  group_id TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS polls (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
  group_id TEXT NOT NULL, json TEXT NOT NULL);
)sql";

struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

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
  for (const char* pragma : {"PRAGMA journal_mode=WAL;", "PRAGMA synchronous=NORMAL;", "PRAGMA foreign_keys=ON;"})
    if (auto s = st->exec(pragma); !s) return s.error();
  if (auto s = st->exec(kSchema); !s) return s.error();
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
  for (const auto& b : binds)
    sqlite3_bind_text(st.s, i++, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(st.s) != SQLITE_DONE) return db_error(db_, "write");
  return ok_status();
}

Status Store::transaction(const std::function<Status()>& fn) {
  if (auto s = exec("BEGIN IMMEDIATE;"); !s) return s;
  Status r = fn();
  if (r) r = exec("COMMIT;");
  if (!r) (void)exec("ROLLBACK;");
  return r;
}

static std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Status Store::put_meeting(const MeetingRecord& m) {
  Json j{{"id", m.id}, {"title", m.title}, {"active", m.active}, {"created_ms", m.created_ms},
         {"updated_ms", m.updated_ms}, {"options", m.options}};
  return write("INSERT INTO meetings(id,json) VALUES(?1,?2) ON CONFLICT(id) DO UPDATE SET json=excluded.json",
               {m.id, dump(j)});
}

Status Store::put_participant(const ParticipantRecord& p) {
  Json j{{"id", p.id}, {"meeting_id", p.meeting_id}, {"picture", p.picture}, {"created_ms", p.created_ms},
         {"updated_ms", p.updated_ms}};
  return write(
      "INSERT INTO participants(id,meeting_id,json) VALUES(?1,?2,?3) ON CONFLICT(id) DO UPDATE SET json=excluded.json",
      {p.id, p.meeting_id, dump(j)});
}

Status Store::delete_participant(const std::string& id) {
  return write("DELETE FROM participants WHERE id=?1", {id});
}

Status Store::put_preset(const PresetRecord& p) {
  Json j{{"preset", preset_to_json(p.preset)}, {"created_ms", p.created_ms}, {"updated_ms", p.updated_ms}};
  return write("INSERT INTO presets(id,json) VALUES(?1,?2) ON CONFLICT(id) DO UPDATE SET json=excluded.json",
               {p.preset.id, dump(j)});
}

Status Store::delete_preset(const std::string& id) { return write("DELETE FROM presets WHERE id=?1", {id}); }

Status Store::put_group(const GroupState& s) {
  return write("INSERT INTO groups(meeting_id,json) VALUES(?1,?2) ON CONFLICT(meeting_id) DO UPDATE SET json=excluded.json",
               {s.parent.id, dump(to_json(s))});
}

Status Store::put_chat(const std::string& group_id, const ChatMessage& m) {
  return write("INSERT INTO chat(id,group_id,json) VALUES(?1,?2,?3)", {m.id, group_id, dump(to_json(m))});
}

Status Store::put_poll(const std::string& group_id, const Poll& p) {
  return write("INSERT INTO polls(id,group_id,json) VALUES(?1,?2,?3) ON CONFLICT(id) DO UPDATE SET json=excluded.json",
               {p.id, group_id, dump(to_json(p))});
}

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
      MeetingRecord m{id, j.at("title").get<std::string>(), j.at("active").get<bool>(),
                      j.at("created_ms").get<std::int64_t>(), j.at("updated_ms").get<std::int64_t>(),
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
      out.participants[id] = ParticipantRecord{id, j.at("meeting_id").get<std::string>(), j.value("picture", Json()),
                                               j.at("created_ms").get<std::int64_t>(),
                                               j.at("updated_ms").get<std::int64_t>()};
    } catch (const std::exception&) {
      return corrupt("participant " + id);
    }
    return ok_status();
  });
  if (!s) return s;
  s = each("SELECT meeting_id,json FROM groups", [&](const std::string& id, const Json& j) -> Status {
    auto g = group_state_from_json(j);
    if (!g) return corrupt("group " + id + ": " + g.error().message);
    GroupState st = std::move(*g);
    auto reset = [](Meeting& m) {
      for (auto& p : m.participants) {
        p.connected = false;
        p.audio_enabled = false;
        p.video_enabled = false;
      }
    };
    reset(st.parent);
    for (auto& m : st.meetings) reset(m);
    if (auto bad = check_invariants(st)) return corrupt("group " + id + ": " + *bad);
    out.groups[id].state = std::move(st);
    return ok_status();
  });
  if (!s) return s;
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
