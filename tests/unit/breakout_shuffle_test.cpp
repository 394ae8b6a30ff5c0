// Shuffle that avoids repeats: the planner keeps the plain shuffle's sizes and determinism and
// separates earlier pairs; the reducer records each breakout start as a round, bounded.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "rtk/assignment.hpp"
#include "rtk/breakout_shuffle.hpp"
#include "rtk/connected_meetings.hpp"

using namespace rtk;

namespace {

std::vector<std::string> ids(int n) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back("p" + std::to_string(i));
  return v;
}
std::vector<std::string> rooms(int n) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back("r" + std::to_string(i));
  return v;
}
BreakoutRound round_from(const std::vector<Assignment>& plan) {
  std::map<std::string, std::vector<std::string>> by;
  for (const auto& a : plan) by[a.meeting_id].push_back(a.participant_id);
  BreakoutRound r;
  for (auto& [room, list] : by)
    if (list.size() > 1) r.rooms.push_back(list);
  return r;
}
void expect_even_and_complete(const std::vector<Assignment>& plan, int n, int k) {
  ASSERT_EQ(plan.size(), static_cast<std::size_t>(n));
  std::map<std::string, int> sizes;
  for (const auto& r : rooms(k)) sizes[r] = 0;
  std::set<std::string> seen;
  for (const auto& a : plan) {
    ASSERT_TRUE(sizes.count(a.meeting_id)) << a.meeting_id;
    ++sizes[a.meeting_id];
    EXPECT_TRUE(seen.insert(a.participant_id).second) << a.participant_id;
  }
  int lo = n, hi = 0;
  for (const auto& [r, c] : sizes) {
    lo = std::min(lo, c);
    hi = std::max(hi, c);
  }
  EXPECT_LE(hi - lo, 1) << n << " into " << k;
}

// `rounds` successive rounds of n people in k rooms; the repeated pairs summed over the rounds.
std::size_t simulate(int n, int k, int rounds, std::uint64_t seed, bool avoid) {
  std::vector<BreakoutRound> history;
  std::size_t repeats = 0;
  for (int r = 0; r < rounds; ++r) {
    auto plan =
        avoid ? plan_shuffle_avoiding(ids(n), rooms(k), seed + r, history) : plan_shuffle(ids(n), rooms(k), seed + r);
    repeats += repeated_pairs(plan, history);
    record_round(history, round_from(plan));
  }
  return repeats;
}

Permissions perms(bool alter) {
  Permissions p;
  p.connected_meetings = {alter, true, true};
  return p;
}

}  // namespace

TEST(AvoidRepeats, SizesDifferByAtMostOneAndEveryoneIsPlacedWithAnyHistory) {
  // Property: random histories (seeded), many shapes.
  SeededRng rng(99);
  for (int trial = 0; trial < 60; ++trial) {
    const int n = static_cast<int>(rng.below(60)), k = 1 + static_cast<int>(rng.below(9));
    std::vector<BreakoutRound> history;
    for (int r = 0; r < static_cast<int>(rng.below(12)); ++r)
      record_round(history, round_from(plan_shuffle(ids(n), rooms(1 + static_cast<int>(rng.below(8))), rng.next())));
    EXPECT_LE(history.size(), kMaxBreakoutRounds);
    expect_even_and_complete(plan_shuffle_avoiding(ids(n), rooms(k), rng.next(), history), n, k);
  }
}

TEST(AvoidRepeats, DeterministicForASeedAndHistory) {
  std::vector<BreakoutRound> history;
  record_round(history, round_from(plan_shuffle(ids(30), rooms(6), 1)));
  record_round(history, round_from(plan_shuffle(ids(30), rooms(6), 2)));
  auto a = plan_shuffle_avoiding(ids(30), rooms(6), 7, history);
  EXPECT_EQ(a, plan_shuffle_avoiding(ids(30), rooms(6), 7, history));
  EXPECT_NE(a, plan_shuffle_avoiding(ids(30), rooms(6), 8, history));
  // No history: exactly the plain shuffle.
  EXPECT_EQ(plan_shuffle_avoiding(ids(30), rooms(6), 7, {}), plan_shuffle(ids(30), rooms(6), 7));
}

TEST(AvoidRepeats, FarFewerRepeatedPairsThanThePlainShuffle) {
  // 30 people, 6 rooms of 5, 4 rounds; summed over 20 seeds.
  std::size_t plain = 0, avoid = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    plain += simulate(30, 6, 4, seed * 100, false);
    avoid += simulate(30, 6, 4, seed * 100, true);
  }
  std::printf(
      "[avoid-repeats] 30 people, 6 rooms, 4 rounds, 20 seeds: repeated pairs plain %zu (%.2f/run), "
      "avoid %zu (%.2f/run)\n",
      plain, plain / 20.0, avoid, avoid / 20.0);
  EXPECT_GT(plain, 0u);
  EXPECT_LT(avoid * 4, plain);  // at least four times fewer
  // A bigger group: 100 people, 10 rooms, 6 rounds.
  const auto p2 = simulate(100, 10, 6, 5, false), a2 = simulate(100, 10, 6, 5, true);
  std::printf("[avoid-repeats] 100 people, 10 rooms, 6 rounds: plain %zu, avoid %zu\n", p2, a2);
  EXPECT_LT(a2, p2);
}

TEST(AvoidRepeats, RoundsAreBoundedAndKeepTheNewest) {
  std::vector<BreakoutRound> h;
  for (int i = 0; i < 15; ++i) record_round(h, BreakoutRound{{{"a" + std::to_string(i), "b"}}});
  ASSERT_EQ(h.size(), kMaxBreakoutRounds);
  EXPECT_EQ(h.front().rooms[0][0], "a5");
  EXPECT_EQ(h.back().rooms[0][0], "a14");
  record_round(h, BreakoutRound{});  // nobody shared a room: not a round
  EXPECT_EQ(h.back().rooms[0][0], "a14");
}

TEST(AvoidRepeats, StartBreakoutRecordsTheRoundDurablyInTheState) {
  const Actor sys = Actor::system();
  GroupState s = make_group("main", "Main");
  for (const auto& id : ids(6)) s = apply(s, cmd::AddParticipant{Participant{id, "", "x", id}, ""}, sys, 0)->state;
  auto r = apply(s,
                 cmd::StartBreakout{{{"r1", "A"}, {"r2", "B"}, {"r3", "C"}},
                                    {{"p0", "r1"}, {"p1", "r1"}, {"p2", "r2"}, {"p3", "r2"}, {"p4", "r3"}}},
                 sys, 0);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->state.rounds.size(), 1u);
  // r3 has one member: no pair, not recorded.
  EXPECT_EQ(r->state.rounds[0].rooms, (std::vector<std::vector<std::string>>{{"p0", "p1"}, {"p2", "p3"}}));
  EXPECT_TRUE(std::any_of(r->events.begin(), r->events.end(),
                          [](const Event& e) { return std::holds_alternative<ev::RoundRecorded>(e); }));
  // The state JSON (the REST and store shape) keeps it.
  auto back = group_state_from_json(to_json(r->state));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->rounds, r->state.rounds);
  // Closing keeps the history for the next round.
  auto closed = apply(r->state, cmd::CloseBreakout{}, sys, 1);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->state.rounds, r->state.rounds);
  // A malformed history is refused, not crashed on.
  Json bad = to_json(r->state);
  bad["rounds"] = Json::array({Json::array({Json::array({1, 2})})});
  EXPECT_EQ(group_state_from_json(bad).error().code, ErrorCode::invalid_argument);
}

TEST(AvoidRepeats, PlanForADraftChecksPermissionAndIds) {
  const Actor sys = Actor::system();
  GroupState s = make_group("main", "Main");
  for (const auto& id : ids(4)) s = apply(s, cmd::AddParticipant{Participant{id, "", "x", id}, ""}, sys, 0)->state;
  const Actor host = Actor::participant("p0", perms(true)), guest = Actor::participant("p1", perms(false));
  auto plan = plan_shuffle_for(s, host, ids(4), {"d1", "d2"}, 3, true);
  ASSERT_TRUE(plan.ok());
  std::map<std::string, int> sizes;
  for (const auto& a : *plan) ++sizes[a.meeting_id];
  EXPECT_EQ(sizes, (std::map<std::string, int>{{"d1", 2}, {"d2", 2}}));
  EXPECT_EQ(plan_shuffle_for(s, guest, ids(4), {"d1"}, 3, true).error().code, ErrorCode::permission_denied);
  EXPECT_EQ(plan_shuffle_for(s, host, {}, {"d1"}, 3, true).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(plan_shuffle_for(s, host, ids(4), {}, 3, true).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(plan_shuffle_for(s, host, {"p0", "p0"}, {"d1"}, 3, true).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(plan_shuffle_for(s, host, {"p0", "nobody"}, {"d1"}, 3, true).error().code, ErrorCode::not_found);
  EXPECT_EQ(plan_shuffle_for(s, host, ids(4), {"d1", "d1"}, 3, true).error().code, ErrorCode::invalid_argument);
}
