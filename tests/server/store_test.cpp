#include "store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "fakes.hpp"
#include "rtk/connected_meetings.hpp"

using namespace rtk;
using namespace rtk::server;

TEST(Store, RoundTripsEverything) {
  rtk::server::testing::TempDir dir;
  const std::string db = (dir.path / "t.sqlite3").string();
  GroupState g = make_group("m1", "Parent");
  {
    auto st = Store::open(db);
    ASSERT_TRUE(st.ok()) << st.error().message;
    Store& s = **st;
    PresetRecord pr{default_host_preset(), 1, 2};
    pr.preset.id = "preset-1";
    MeetingRecord m{"m1", "Parent", true, 10, 20, Json{{"persist_chat", true}}};
    ParticipantRecord p{"p1", "m1", "https://pic", 30, 40};
    g.parent.participants.push_back(Participant{"p1", "u1", "group_call_host", "Alex"});
    g.meetings.push_back(Meeting{"r1", "Room", {}});
    g.version = 7;
    ChatMessage c{"c1", "r1", "p1", "Alex", "hi", 50};
    Poll poll;
    poll.id = "poll1";
    poll.meeting_id = "r1";
    poll.question = "q";
    poll.options = {PollOption{"a", {"p1"}}, PollOption{"b", {}}};
    ASSERT_TRUE(s.transaction([&]() -> Status {
                   if (auto r = s.put_preset(pr); !r) return r;
                   if (auto r = s.put_meeting(m); !r) return r;
                   if (auto r = s.put_participant(p); !r) return r;
                   if (auto r = s.put_group(g); !r) return r;
                   if (auto r = s.put_chat("m1", c); !r) return r;
                   return s.put_poll("m1", poll);
                 }).ok());
  }
  auto st = Store::open(db);
  ASSERT_TRUE(st.ok());
  Registry r;
  ASSERT_TRUE((*st)->load(r).ok());
  ASSERT_EQ(r.presets.count("preset-1"), 1u);
  EXPECT_EQ(r.presets["preset-1"].preset.name, "group_call_host");
  EXPECT_EQ(r.meetings["m1"].options["persist_chat"], true);
  EXPECT_EQ(r.meeting_order, std::vector<std::string>{"m1"});
  EXPECT_EQ(r.participants["p1"].picture, "https://pic");
  EXPECT_EQ(r.groups["m1"].state, g);
  EXPECT_TRUE(r.groups["m1"].presence.empty()) << "presence is never stored";
  EXPECT_EQ(r.groups["m1"].chat["r1"].at(0).text, "hi");
  EXPECT_EQ(r.groups["m1"].polls["r1"].at(0).options[0].votes, std::vector<std::string>{"p1"});
}

namespace {
// Applies `c` to `s` through the reducer and writes its delta; returns the rows written.
std::int64_t apply_and_write(Store& store, GroupState& s, const Command& c) {
  auto a = apply(s, c, Actor::system(), 0);
  EXPECT_TRUE(a.ok()) << a.error().message;
  GroupDelta d = delta_of(a->events, s.version);
  const std::int64_t before = store.rows_written();
  EXPECT_TRUE(store.transaction([&] { return store.write_delta(a->state, d); }).ok());
  s = a->state;
  return store.rows_written() - before;
}
}  // namespace

TEST(Store, ACommandWritesOnlyTheRowsItChangedAndReloadsToTheSameState) {
  rtk::server::testing::TempDir dir;
  const std::string db = (dir.path / "t.sqlite3").string();
  GroupState s = make_group("m1", "Parent");
  for (int i = 0; i < 1000; ++i) {
    const std::string id = "p" + std::to_string(i);
    s.parent.participants.push_back(Participant{id, id, "group_call_participant", "Name " + id});
  }
  {
    auto st = Store::open(db);
    ASSERT_TRUE(st.ok());
    Store& store = **st;
    ASSERT_TRUE(store.transaction([&] { return store.put_group(s); }).ok());
    std::vector<MeetingSpec> rooms;
    for (int i = 0; i < 10; ++i) rooms.push_back(MeetingSpec{"r" + std::to_string(i), "Room " + std::to_string(i)});
    EXPECT_EQ(apply_and_write(store, s, cmd::CreateMeetings{rooms}), 1 + 10) << "meta + ten rooms";
    EXPECT_EQ(apply_and_write(store, s, cmd::MoveParticipants{"m1", "r3", {"p500"}, std::nullopt}), 1 + 1)
        << "meta + one member row, in a group of 1000";
    EXPECT_EQ(apply_and_write(store, s, cmd::UpdateMeetings{{MeetingSpec{"r3", "Renamed"}}}), 1 + 1);
    EXPECT_EQ(apply_and_write(store, s, cmd::MoveParticipants{"m1", "r3", {"p1", "p2"}, std::nullopt}), 1 + 2);
    // deleting a room moves its three members back to the parent: meta, three members, the room
    EXPECT_EQ(apply_and_write(store, s, cmd::DeleteMeetings{{"r3"}}), 1 + 3 + 1);
  }
  auto st = Store::open(db);
  ASSERT_TRUE(st.ok());
  Registry r;
  ASSERT_TRUE((*st)->load(r).ok());
  EXPECT_EQ(r.groups["m1"].state, s) << "order of rooms and members survives the row store";
}

TEST(Store, MigratesAVersionOneGroupDocumentToRows) {
  rtk::server::testing::TempDir dir;
  const std::string db = (dir.path / "t.sqlite3").string();
  GroupState g = make_group("m1", "Parent");
  g.parent.participants.push_back(Participant{"p1", "u1", "group_call_host", "Alex"});
  g.meetings.push_back(Meeting{"r1", "Room", {Participant{"p2", "u2", "group_call_participant", "Bo"}}});
  g.version = 4;
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE groups (meeting_id TEXT PRIMARY KEY, json TEXT NOT NULL)", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    Json doc = to_json(g);
    doc["parent_meeting"]["participants"][0]["connected"] = true;  // v1 stored presence too
    const std::string sql = "INSERT INTO groups VALUES('m1','" + doc.dump() + "')";
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
  }
  for (int round = 0; round < 2; ++round) {  // the second open finds rows only
    auto st = Store::open(db);
    ASSERT_TRUE(st.ok()) << st.error().message;
    Registry r;
    ASSERT_TRUE((*st)->load(r).ok());
    EXPECT_EQ(r.groups["m1"].state, g) << round;
  }
}

TEST(Store, FailedTransactionWritesNothing) {
  rtk::server::testing::TempDir dir;
  const std::string db = (dir.path / "t.sqlite3").string();
  auto st = Store::open(db);
  ASSERT_TRUE(st.ok());
  MeetingRecord m{"m1", "x", true, 1, 1, Json::object()};
  auto r = (*st)->transaction([&]() -> Status {
    if (auto s = (*st)->put_meeting(m); !s) return s;
    return make_error(ErrorCode::internal, "boom");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);  // 503 on every route, never a 500
  Registry reg;
  ASSERT_TRUE((*st)->load(reg).ok());
  EXPECT_TRUE(reg.meetings.empty());
}

TEST(Store, AWriteThatSqliteRefusesIsUnavailableAndRollsBackTheWholeTransaction) {
  // A real SQLite failure inside the transaction (here a UNIQUE constraint; a full disk or a
  // read-only file fail the same write() or the COMMIT, see tests/server/faults-store.test.mjs):
  // the caller gets `unavailable` and the earlier writes of the transaction are gone too.
  rtk::server::testing::TempDir dir;
  const std::string db = (dir.path / "t.sqlite3").string();
  auto st = Store::open(db);
  ASSERT_TRUE(st.ok());
  Store& s = **st;
  const ChatMessage msg{"c1", "g1", "p1", "Ada", "hi", 1};
  ASSERT_TRUE(s.transaction([&] { return s.put_chat("g1", msg); }).ok());
  MeetingRecord m{"m1", "x", true, 1, 1, Json::object()};
  auto r = s.transaction([&]() -> Status {
    if (auto w = s.put_meeting(m); !w) return w;
    return s.put_chat("g1", msg);  // the same id again: SQLITE_CONSTRAINT
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_NE(r.error().message.find("nothing was changed"), std::string::npos) << r.error().message;
  Registry reg;
  ASSERT_TRUE(s.load(reg).ok());
  EXPECT_TRUE(reg.meetings.empty());
  // the store keeps working afterwards
  EXPECT_TRUE(s.transaction([&] { return s.put_meeting(m); }).ok());
}

TEST(Store, RefusesAStoredGroupThatBreaksInvariants) {
  // Rows a server never writes: a member of a room that does not exist, a participant twice.
  const char* corruptions[] = {
      "INSERT INTO group_members VALUES('p9','m1','ghost','{\"id\":\"p9\",\"name\":\"n\"}',99)",
      "INSERT INTO group_members VALUES('p1-copy','m1','r1',"
      "'{\"id\":\"p1\",\"custom_participant_id\":\"u\",\"preset_name\":\"x\",\"name\":\"n\"}',99)",
  };
  for (const char* sql : corruptions) {
    rtk::server::testing::TempDir dir;
    const std::string db = (dir.path / "t.sqlite3").string();
    {
      auto st = Store::open(db);
      ASSERT_TRUE(st.ok());
      GroupState g = make_group("m1", "P");
      g.parent.participants.push_back(Participant{"p1", "u", "x", "n"});
      g.meetings.push_back(Meeting{"r1", "R", {}});
      ASSERT_TRUE((*st)->transaction([&] { return (*st)->put_group(g); }).ok());
      Registry ok_reg;
      ASSERT_TRUE((*st)->load(ok_reg).ok());
    }
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
    sqlite3_close(raw);
    auto st = Store::open(db);
    ASSERT_TRUE(st.ok());
    Registry reg;
    auto loaded = (*st)->load(reg);
    ASSERT_FALSE(loaded.ok()) << sql;
    EXPECT_EQ(loaded.error().code, ErrorCode::internal);
  }
}

// The store holds its file in EXCLUSIVE locking mode (see Store::open): no mmap()ed -shm file
// whose write fault would be a SIGBUS, and a second store on the same file is refused with a
// clear message instead of two servers writing the same data dir.
TEST(Store, HoldsItsFileAloneWithNoSharedMemoryMapping) {
  rtk::server::testing::TempDir dir;
  const std::string db = (dir.path / "t.sqlite3").string();
  auto first = Store::open(db);
  ASSERT_TRUE(first.ok()) << first.error().message;
  MeetingRecord m{"m1", "Parent", true, 10, 20, Json::object()};
  ASSERT_TRUE((*first)->put_meeting(m).ok());
  EXPECT_TRUE(std::filesystem::exists(db + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(db + "-shm")) << "the WAL index is in the heap, not in a mapped file";
  auto second = Store::open(db);  // waits out the busy timeout
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::unavailable);
  EXPECT_NE(second.error().message.find("in use by another process"), std::string::npos) << second.error().message;
}
