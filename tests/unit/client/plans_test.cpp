// Pre-assignment plans and the late-joiner policy in the ClientSession (src/client/plans.cpp):
// the three calls' wire shapes and local refusals, the replies in camelCase, and planUpdate
// following the placement of the host's view (state and delta), once per change.
#include <gtest/gtest.h>

#include "harness.hpp"

using namespace rtk;
using namespace rtk::client;
using namespace rtk::client::testing;

TEST(ClientPlans, CallsSendTheDeclaredRequestsAndRepliesAreCamelCase) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  RequestId list = h.s.call("getBreakoutPlans", "[]");
  RequestId start = h.s.call("startBreakoutPlan", R"(["p1",{"durationMs":60000}])");
  RequestId policy = h.s.call("setLateJoinPolicy", R"(["smallest"])");
  h.s.call("setLateJoinPolicy", R"(["random"])");  // refused here, nothing sent
  h.s.call("startBreakoutPlan", R"([""])");
  h.s.call("startBreakoutPlan", R"(["p1",5])");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].type, "connected_meetings.plans");
  EXPECT_EQ(sent[0].data, Json::object());
  EXPECT_EQ(sent[1].type, "connected_meetings.start_plan");
  EXPECT_EQ(sent[1].data, (Json{{"plan_id", "p1"}, {"duration_ms", 60000}}));
  EXPECT_EQ(sent[2].type, "connected_meetings.policy");
  EXPECT_EQ(sent[2].data, (Json{{"late_joiners", "smallest"}}));
  auto rejected = h.events("requestRejected");
  ASSERT_EQ(rejected.size(), 3u);
  EXPECT_EQ(rejected[0].payload["code"], "invalid_argument");
  EXPECT_NE(rejected[0].payload["message"].get<std::string>().find("expected parent, planned or smallest"),
            std::string::npos);
  EXPECT_NE(rejected[1].payload["message"].get<std::string>().find("plan_id: must not be empty"), std::string::npos);

  BreakoutPlan plan{"p1", "Round 1", {PlanRoom{"Red", {"a@x", "b@x"}}, PlanRoom{"Blue", {}}}, 42};
  h.deliver(sent[0].type, proto::to_json(proto::PlansReply{{plan}, LateJoinPolicy::planned, ""}), sent[0].id);
  h.deliver(sent[1].type,
            proto::to_json(proto::MeetingsReply{{MeetingSpec{"r1", "Red"}, MeetingSpec{"r2", "Blue"}}, 9}), sent[1].id);
  h.deliver(sent[2].type, proto::to_json(proto::VersionReply{10}), sent[2].id);
  auto res = h.events("requestResolved");
  ASSERT_EQ(res.size(), 3u);
  EXPECT_EQ(res[0].payload["requestId"], list);
  EXPECT_EQ(res[0].payload["data"], (Json{{"plans",
                                           {{{"id", "p1"},
                                             {"name", "Round 1"},
                                             {"rooms",
                                              {{{"title", "Red"}, {"customParticipantIds", {"a@x", "b@x"}}},
                                               {{"title", "Blue"}, {"customParticipantIds", Json::array()}}}},
                                             {"createdMs", 42}}}},
                                          {"lateJoiners", "planned"},
                                          {"planId", ""}}));
  EXPECT_EQ(res[1].payload["requestId"], start);
  EXPECT_EQ(res[1].payload["data"]["meetings"][1], (Json{{"id", "r2"}, {"title", "Blue"}}));
  EXPECT_EQ(res[1].payload["data"]["version"], 9);
  EXPECT_EQ(res[2].payload["requestId"], policy);
  EXPECT_EQ(res[2].payload["data"], (Json{{"version", 10}}));
}

TEST(ClientPlans, AnUnreadablePlansReplyRejects) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.s.call("getBreakoutPlans", "[]");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  h.deliver(sent[0].type, Json{{"plans", 3}}, sent[0].id);
  auto rejected = h.events("requestRejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].payload["code"], "internal");
}

TEST(ClientPlans, PlanUpdateFollowsTheHostsViewOncePerChange) {
  Harness h;
  h.group.rooms = {{"m0", {"a", "b"}}, {"r1", {"c"}}};
  h.join_parent();
  Json cm = h.s.snapshot()["connectedMeetings"];
  EXPECT_EQ(cm["lateJoiners"], "parent");
  EXPECT_EQ(cm["planId"], "");
  h.reset_mark();
  // Another host sets the policy: a delta carrying only the placement.
  GroupDeltaView d;
  d.from_version = h.group.version;
  d.version = ++h.group.version;
  d.scope = GroupScope::full;
  d.placement = PlacementView{LateJoinPolicy::smallest, ""};
  h.deliver(proto::type::cm_delta, proto::to_json(proto::CmDelta{d, {}}));
  auto up = h.events("breakoutPlanUpdate");
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].payload, (Json{{"lateJoiners", "smallest"}, {"planId", ""}}));
  EXPECT_EQ(h.s.snapshot()["connectedMeetings"]["lateJoiners"], "smallest");
  // A state with the same placement (a resync) says nothing new; a running plan does.
  h.reset_mark();
  GroupView v = h.group.view();
  v.placement = PlacementView{LateJoinPolicy::smallest, ""};
  h.deliver(proto::type::cm_state, proto::to_json(proto::CmState{v, {}}));
  EXPECT_TRUE(h.events("breakoutPlanUpdate").empty());
  ++h.group.version;
  v = h.group.view();
  v.placement = PlacementView{LateJoinPolicy::planned, "p1"};
  h.deliver(proto::type::cm_state, proto::to_json(proto::CmState{v, {}}));
  up = h.events("breakoutPlanUpdate");
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].payload, (Json{{"lateJoiners", "planned"}, {"planId", "p1"}}));
  // A bad placement in a delta is an error event, not a crash, and changes nothing.
  h.reset_mark();
  Json bad = proto::to_json(proto::CmDelta{d, {}});
  bad["from_version"] = h.group.version;
  bad["version"] = h.group.version + 1;
  bad["placement"] = Json{{"late_joiners", "random"}};
  h.deliver(proto::type::cm_delta, bad);
  EXPECT_TRUE(h.events("breakoutPlanUpdate").empty());
  EXPECT_EQ(h.s.snapshot()["connectedMeetings"]["lateJoiners"], "planned");
}
