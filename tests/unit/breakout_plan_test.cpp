// Pre-assignment plans (JSON and CSV parsing with their limits and errors) and the reducer's
// StartPlan / SetLateJoinPolicy / late-joiner placement.
#include <gtest/gtest.h>

#include "rtk/breakout_plan.hpp"
#include "rtk/connected_meetings.hpp"
#include "rtk/group_view.hpp"

using namespace rtk;

namespace {

Permissions perms(bool alter) {
  Permissions p;
  p.connected_meetings = {alter, true, true};
  return p;
}
const Actor kSystem = Actor::system();
const Actor kHost = Actor::participant("host", perms(true));
const Actor kAda = Actor::participant("ada", perms(false));

BreakoutPlan csv_ok(std::string_view csv, const Limits& l = {}) {
  auto r = parse_plan_csv(csv, "", l);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : BreakoutPlan{};
}
Error csv_err(std::string_view csv, const Limits& l = {}) {
  auto r = parse_plan_csv(csv, "", l);
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{} : r.error();
}

GroupState ok(const Result<Applied>& r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->state : GroupState{};
}

GroupState add(GroupState s, const char* id, const char* cpid) {
  return ok(apply(s, cmd::AddParticipant{Participant{id, cpid, "x", id}, ""}, kSystem, 0));
}

BreakoutPlan two_rooms() {
  BreakoutPlan p;
  p.id = "plan1";
  p.name = "Round 1";
  p.rooms = {{"Red", {"a@x", "b@x"}}, {"Blue", {"c@x", "late@x"}}};
  return p;
}

GroupState started(LateJoinPolicy policy) {
  GroupState s = make_group("main", "Main");
  s = add(s, "host", "host@x");
  s = add(s, "ada", "a@x");
  s = add(s, "bo", "b@x");
  s = add(s, "cy", "c@x");
  s = add(s, "dan", "nobody@x");
  if (policy != LateJoinPolicy::parent) s = ok(apply(s, cmd::SetLateJoinPolicy{policy}, kHost, 0));
  return ok(apply(s, cmd::StartPlan{two_rooms(), {"r1", "r2"}, std::nullopt}, kHost, 0));
}

std::string room_of(const GroupState& s, const std::string& pid) {
  const Meeting* m = s.meeting_of(pid);
  return m ? m->id : "";
}

}  // namespace

TEST(PlanCsv, HeaderQuotesBlankLinesAndRoomOrder) {
  auto p = csv_ok(
      "\xEF\xBB\xBFroom,custom_participant_id\r\n"
      "Red,a@x\r\n"
      "\r\n"
      "\"Blue, the big one\",b@x\n"
      "  Red  ,  c@x  \n"
      "\"Say \"\"hi\"\"\",\"d@x\"\n"
      "Empty,\n");
  ASSERT_EQ(p.rooms.size(), 4u);
  EXPECT_EQ(p.rooms[0], (PlanRoom{"Red", {"a@x", "c@x"}}));
  EXPECT_EQ(p.rooms[1], (PlanRoom{"Blue, the big one", {"b@x"}}));
  EXPECT_EQ(p.rooms[2], (PlanRoom{"Say \"hi\"", {"d@x"}}));
  EXPECT_EQ(p.rooms[3], (PlanRoom{"Empty", {}}));
  EXPECT_EQ(p.name, "Plan");
}

TEST(PlanCsv, ZoomHeaderAndNoHeaderAndQuotedNewline) {
  EXPECT_EQ(csv_ok("Pre-assign Room Name,Email Address\nroom1,a@x\n").rooms.size(), 1u);
  EXPECT_EQ(csv_ok("R,a@x").rooms[0].custom_participant_ids, std::vector<std::string>{"a@x"});
  auto p = csv_ok("\"two\nlines\",a@x\nR,b@x\n");
  EXPECT_EQ(p.rooms[0].title, "two\nlines");
}

TEST(PlanCsv, BadRowsNameTheirLine) {
  auto e = csv_err("room,custom_participant_id\nRed,a@x\nRed,a@x,extra\n");
  EXPECT_EQ(e.code, ErrorCode::invalid_argument);
  EXPECT_EQ(e.message, "line 3: expected 2 fields (room,custom_participant_id), got 3");
  e = csv_err("Red,a@x\nBlue,a@x\n");
  EXPECT_EQ(e.message, "line 2: custom_participant_id a@x is already planned in room Red (line 1)");
  e = csv_err("Red,a@x\n,b@x\n");
  EXPECT_EQ(e.message, "line 2: room must not be empty");
  e = csv_err("Red,a@x\n\"Blue,b@x\n");
  EXPECT_EQ(e.message, "line 2: unterminated quoted field");
  e = csv_err("Red,a\"b\n");
  EXPECT_EQ(e.message, "line 1: a quote inside an unquoted field");
  e = csv_err("\"Red\" x,a\n");
  EXPECT_EQ(e.message, "line 1: unexpected text after a closing quote");
  e = csv_err("room,custom_participant_id\n\n");
  EXPECT_EQ(e.message, "the CSV has no rooms (expected rows room,custom_participant_id)");
  e = csv_err("R,\xff\xfe\n");
  EXPECT_EQ(e.message, "line 1: custom_participant_id is not valid UTF-8");
}

TEST(PlanCsv, LimitsOnRoomsRowsAndLengths) {
  Limits l;
  l.max_meetings = 2;
  l.max_participants = 3;
  l.max_text_bytes = 8;
  auto e = csv_err("A,1\nB,2\nC,3\n", l);
  EXPECT_EQ(e.code, ErrorCode::limit_exceeded);
  EXPECT_EQ(e.message, "line 3: a plan has at most 2 rooms");
  e = csv_err("A,1\nA,2\nB,3\nB,4\n", l);
  EXPECT_EQ(e.code, ErrorCode::limit_exceeded);
  EXPECT_EQ(e.message, "line 4: a plan names at most 3 participants");
  e = csv_err("A,123456789\n", l);
  EXPECT_EQ(e.code, ErrorCode::invalid_argument);
  EXPECT_EQ(e.message, "line 1: custom_participant_id is 9 bytes; at most 8 are allowed");
  EXPECT_EQ(csv_err(std::string(kMaxPlanCsvBytes + 1, 'a')).code, ErrorCode::limit_exceeded);
}

TEST(PlanJson, ParsesAndRefusesDuplicatesAndBadShapes) {
  auto p = parse_plan_json(
      *parse_json(R"({"name":"R1","rooms":[{"title":"A","custom_participant_ids":["a"]},{"title":"A"}]})"), {});
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->rooms.size(), 2u);  // duplicate titles are fine: rooms are by index
  auto bad = [](const char* body) { return parse_plan_json(*parse_json(body), {}).error(); };
  EXPECT_EQ(bad(R"({"rooms":[]})").message, "rooms must not be empty");
  EXPECT_EQ(bad(R"({})").message, "body.rooms: is required");
  EXPECT_EQ(bad(R"({"rooms":[{"title":""}]})").message, "rooms[0].title must not be empty");
  EXPECT_EQ(
      bad(R"({"rooms":[{"title":"A","custom_participant_ids":["a"]},{"title":"B","custom_participant_ids":["a"]}]})")
          .message,
      "rooms[1].custom_participant_ids[0]: a is already planned in rooms[0]");
  EXPECT_EQ(bad(R"({"rooms":[{"title":"A","custom_participant_ids":[1]}]})").code, ErrorCode::invalid_argument);
}

TEST(PlanJson, StoredShapeRoundTrips) {
  auto p = two_rooms();
  p.created_ms = 42;
  auto back = breakout_plan_from_json(to_json(p));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, p);
  Placement pl{LateJoinPolicy::smallest, "plan1", {{"a", "r1"}}};
  EXPECT_EQ(*placement_from_json(to_json(pl)), pl);
  EXPECT_FALSE(placement_from_json(*parse_json(R"({"late_joiners":"random"})")).ok());
}

TEST(StartPlan, MovesPlannedPeopleAndRemembersTheRest) {
  auto s = started(LateJoinPolicy::parent);
  ASSERT_EQ(s.meetings.size(), 2u);
  EXPECT_EQ(s.meetings[0].title, "Red");
  EXPECT_EQ(room_of(s, "ada"), "r1");
  EXPECT_EQ(room_of(s, "bo"), "r1");
  EXPECT_EQ(room_of(s, "cy"), "r2");
  EXPECT_EQ(room_of(s, "dan"), "main");   // not in the plan
  EXPECT_EQ(room_of(s, "host"), "main");  // not in the plan
  EXPECT_EQ(s.placement.plan_id, "plan1");
  EXPECT_EQ(s.placement.seats.size(), 4u);
  EXPECT_FALSE(check_invariants(s).has_value());
  // round trip of the durable shape
  EXPECT_EQ(*group_state_from_json(to_json(s)), s);
}

TEST(StartPlan, RefusedWhileRunningWithoutPermissionOrBadInput) {
  auto s = started(LateJoinPolicy::parent);
  auto r = apply(s, cmd::StartPlan{two_rooms(), {"r3", "r4"}, std::nullopt}, kHost, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  GroupState fresh = add(make_group("main", "Main"), "ada", "a@x");
  r = apply(fresh, cmd::StartPlan{two_rooms(), {"r1", "r2"}, std::nullopt}, kAda, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::permission_denied);
  r = apply(fresh, cmd::StartPlan{two_rooms(), {"r1"}, std::nullopt}, kHost, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
}

TEST(StartPlan, CloseClearsThePlanKeepsThePolicyAndThePlanStartsAgain) {
  auto s = started(LateJoinPolicy::planned);
  s = ok(apply(s, cmd::CloseBreakout{}, kHost, 0));
  EXPECT_TRUE(s.placement.plan_id.empty());
  EXPECT_TRUE(s.placement.seats.empty());
  EXPECT_EQ(s.placement.late_joiners, LateJoinPolicy::planned);
  EXPECT_EQ(room_of(s, "ada"), "main");
  s = ok(apply(s, cmd::StartPlan{two_rooms(), {"r5", "r6"}, std::nullopt}, kHost, 0));
  EXPECT_EQ(room_of(s, "ada"), "r5");
  EXPECT_EQ(room_of(s, "cy"), "r6");
}

TEST(LateJoiners, ParentPolicyKeepsThemInTheMainRoom) {
  auto s = add(started(LateJoinPolicy::parent), "lena", "late@x");
  EXPECT_EQ(room_of(s, "lena"), "main");
}

TEST(LateJoiners, PlannedPolicyUsesTheRunningPlan) {
  auto s = started(LateJoinPolicy::planned);
  s = add(s, "lena", "late@x");
  EXPECT_EQ(room_of(s, "lena"), "r2");
  s = add(s, "zed", "unplanned@x");
  EXPECT_EQ(room_of(s, "zed"), "main");
  s = add(s, "anon", "");
  EXPECT_EQ(room_of(s, "anon"), "main");
  EXPECT_FALSE(check_invariants(s).has_value());
}

TEST(LateJoiners, SmallestPolicyTiesByRoomOrder) {
  auto s = started(LateJoinPolicy::smallest);  // r1: ada, bo; r2: cy
  s = add(s, "l1", "late@x");
  EXPECT_EQ(room_of(s, "l1"), "r2");  // 1 < 2
  s = add(s, "l2", "");
  EXPECT_EQ(room_of(s, "l2"), "r1");  // 2 = 2: the first room
  s = add(s, "l3", "");
  EXPECT_EQ(room_of(s, "l3"), "r2");
}

TEST(LateJoiners, NoRoomsOpenMeansTheParentWhateverThePolicy) {
  GroupState s = make_group("main", "Main");
  s = ok(apply(s, cmd::SetLateJoinPolicy{LateJoinPolicy::smallest}, kSystem, 0));
  s = add(s, "ada", "a@x");
  EXPECT_EQ(room_of(s, "ada"), "main");
}

TEST(LateJoinPolicy, SetNeedsAlterAndAKnownNewValue) {
  GroupState s = add(make_group("main", "Main"), "ada", "a@x");
  auto r = apply(s, cmd::SetLateJoinPolicy{LateJoinPolicy::planned}, kAda, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::permission_denied);
  r = apply(s, cmd::SetLateJoinPolicy{LateJoinPolicy::unknown}, kHost, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  r = apply(s, cmd::SetLateJoinPolicy{LateJoinPolicy::parent}, kHost, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  r = apply(s, cmd::SetLateJoinPolicy{LateJoinPolicy::planned}, kHost, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state.placement.late_joiners, LateJoinPolicy::planned);
  EXPECT_EQ(r->state.version, s.version + 1);
  EXPECT_EQ(late_join_policy_from_string("smallest"), LateJoinPolicy::smallest);
  EXPECT_EQ(to_string(LateJoinPolicy::planned), "planned");
}

// Hosts (full scope) see the placement in their view and in the delta of a policy change or a
// plan start, so a co-host follows live; roster and summary views never carry it.
TEST(PlacementView, FullScopeViewAndDeltaCarryThePolicyAndTheRunningPlan) {
  GroupState s = add(make_group("main", "Main"), "ada", "a@x");
  auto r = apply(s, cmd::SetLateJoinPolicy{LateJoinPolicy::smallest}, kHost, 0);
  ASSERT_TRUE(r.ok());
  GroupDelta d = delta_of(r->events, s.version);
  EXPECT_TRUE(d.placement_changed);
  GroupDeltaView full = view_of(d, r->state, {}, GroupScope::full);
  ASSERT_TRUE(full.placement);
  EXPECT_EQ(*full.placement, (PlacementView{LateJoinPolicy::smallest, ""}));
  EXPECT_FALSE(view_of(d, r->state, {}, GroupScope::roster).placement);
  EXPECT_FALSE(view_of(d, r->state, {}, GroupScope::summary).placement);
  // the wire round trip, and a view that applies it follows
  auto back = group_delta_from_json(to_json(full));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, full);
  GroupView v = make_view(s, {}, GroupScope::full);
  EXPECT_EQ(v.placement, PlacementView{});
  EXPECT_FALSE(to_json(v).contains("placement"));  // the default is not sent
  EXPECT_EQ(apply_delta(v, full), DeltaResult::applied);
  EXPECT_EQ(v.placement.late_joiners, LateJoinPolicy::smallest);
  // a running plan: its id in the hosts' view only
  GroupState st = started(LateJoinPolicy::planned);
  GroupView host = make_view(st, {}, GroupScope::full);
  EXPECT_EQ(host.placement, (PlacementView{LateJoinPolicy::planned, "plan1"}));
  EXPECT_EQ(to_json(host)["placement"], (Json{{"late_joiners", "planned"}, {"plan_id", "plan1"}}));
  auto parsed = group_view_from_json(to_json(host));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->placement, host.placement);
  EXPECT_EQ(make_view(st, {}, GroupScope::roster).placement, PlacementView{});
  Json bad = to_json(host);
  bad["placement"]["late_joiners"] = "random";
  EXPECT_FALSE(group_view_from_json(bad).ok());
}
