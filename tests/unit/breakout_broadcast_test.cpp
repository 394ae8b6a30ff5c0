// Broadcast rules (rtk::plan_broadcast): permission first, text limit, target ids.
#include <gtest/gtest.h>

#include "rtk/breakout_broadcast.hpp"
#include "rtk/connected_meetings.hpp"
#include "rtk/protocol.hpp"

using namespace rtk;

namespace {

Permissions perms(bool alter) {
  Permissions p;
  p.connected_meetings = {alter, true, true};
  return p;
}
const Actor kHost = Actor::participant("host", perms(true));
const Actor kGuest = Actor::participant("p0", perms(false));

GroupState rooms(bool open) {
  GroupState s = make_group("main", "Main");
  for (const char* id : {"host", "p0"}) {
    auto r = apply(s, cmd::AddParticipant{Participant{id, "", "x", id}, ""}, Actor::system(), 0);
    EXPECT_TRUE(r.ok());
    s = r->state;
  }
  if (open) {
    auto r = apply(s, cmd::CreateMeetings{{{"r1", "A"}, {"r2", "B"}, {"r3", "C"}}}, kHost, 0);
    EXPECT_TRUE(r.ok());
    s = r->state;
  }
  return s;
}

ErrorCode code_of(const Result<std::vector<std::string>>& r) { return r.ok() ? ErrorCode::unknown : r.error().code; }

}  // namespace

TEST(Broadcast, ToEveryRoomByDefaultOrToTheChosenOnesInGroupOrder) {
  auto s = rooms(true);
  auto all = plan_broadcast(s, kHost, "5 minutes left", {});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, (std::vector<std::string>{"r1", "r2", "r3"}));
  auto some = plan_broadcast(s, kHost, "hi", {"r3", "main", "r1"});
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(*some, (std::vector<std::string>{"main", "r1", "r3"}));
  EXPECT_TRUE(plan_broadcast(s, Actor::system(), "from the API", {}).ok());
}

TEST(Broadcast, RefusalsHaveStableCodesInOrder) {
  auto s = rooms(true);
  // permission first: a guest cannot probe ids or limits
  EXPECT_EQ(code_of(plan_broadcast(s, kGuest, "hi", {"ghost"})), ErrorCode::permission_denied);
  EXPECT_EQ(code_of(plan_broadcast(s, kGuest, std::string(5000, 'x'), {})), ErrorCode::permission_denied);
  EXPECT_EQ(code_of(plan_broadcast(s, kHost, "", {})), ErrorCode::invalid_argument);
  EXPECT_EQ(code_of(plan_broadcast(s, kHost, std::string(kMaxBroadcastTextBytes + 1, 'x'), {})),
            ErrorCode::invalid_argument);
  EXPECT_TRUE(plan_broadcast(s, kHost, std::string(kMaxBroadcastTextBytes, 'x'), {}).ok());
  EXPECT_EQ(code_of(plan_broadcast(s, kHost, "\xff\xfe", {})), ErrorCode::invalid_argument);
  EXPECT_EQ(code_of(plan_broadcast(s, kHost, "hi", {"r1", "r1"})), ErrorCode::invalid_argument);
  EXPECT_EQ(code_of(plan_broadcast(s, kHost, "hi", {"r1", "ghost"})), ErrorCode::not_found);
  EXPECT_EQ(code_of(plan_broadcast(rooms(false), kHost, "hi", {})), ErrorCode::conflict);
  // the parent can still be named without rooms
  EXPECT_TRUE(plan_broadcast(rooms(false), kHost, "hi", {"main"}).ok());
}

TEST(Broadcast, WireCodecs) {
  proto::CmBroadcast b{"hello", {"r1"}};
  EXPECT_EQ(proto::decode<proto::CmBroadcast>(proto::to_json(b)).value(), b);
  EXPECT_TRUE(proto::decode<proto::CmBroadcast>(Json::parse(R"({"text":"x"})")).ok());
  for (const char* bad :
       {R"({})", R"({"text":5})", R"({"text":"x","meeting_ids":"r1"})", R"({"text":"x","meeting_ids":[1]})"})
    EXPECT_EQ(proto::decode<proto::CmBroadcast>(Json::parse(bad)).error().code, ErrorCode::invalid_argument) << bad;
  proto::BroadcastReply r{{"r1", "r2"}, 99};
  EXPECT_EQ(proto::decode<proto::BroadcastReply>(proto::to_json(r)).value(), r);
  proto::CmBroadcastMessage m{ChatMessage{"id", "r1", "host", "Hana", "hi", 5}};
  EXPECT_EQ(proto::decode<proto::CmBroadcastMessage>(proto::to_json(m)).value(), m);
}
