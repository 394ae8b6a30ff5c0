#include "rtk/assignment.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

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
}  // namespace

TEST(Assignment, ShuffleIsEvenAndComplete) {
  for (int n : {0, 1, 2, 7, 10, 99, 1000}) {
    for (int k : {1, 2, 3, 7, 100}) {
      auto plan = plan_shuffle(ids(n), rooms(k), 42);
      ASSERT_EQ(plan.size(), static_cast<std::size_t>(n));
      std::map<std::string, int> sizes;
      for (const auto& r : rooms(k)) sizes[r] = 0;
      std::set<std::string> seen;
      for (const auto& a : plan) {
        ++sizes[a.meeting_id];
        EXPECT_TRUE(seen.insert(a.participant_id).second);
      }
      int lo = n, hi = 0;
      for (const auto& [r, c] : sizes) {
        lo = std::min(lo, c);
        hi = std::max(hi, c);
      }
      EXPECT_LE(hi - lo, 1) << n << " into " << k;
    }
  }
}

TEST(Assignment, DeterministicForASeedAndPinnedAcrossPlatforms) {
  auto a = plan_shuffle(ids(10), rooms(3), 7);
  auto b = plan_shuffle(ids(10), rooms(3), 7);
  EXPECT_EQ(a, b);
  auto c = plan_shuffle(ids(10), rooms(3), 8);
  EXPECT_NE(a, c);
  // Pinned: the same seed gives this exact order natively and in WebAssembly.
  SeededRng rng(1);
  EXPECT_EQ(rng.next(), 0x910A2DEC89025CC1ULL);
  std::string order;
  for (const auto& x : a) order += x.participant_id + ">" + x.meeting_id + " ";
  const std::string expected = order;  // computed below from the rng alone
  std::vector<std::string> v = ids(10);
  SeededRng r2(7);
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[r2.below(i)]);
  std::string manual;
  for (std::size_t i = 0; i < v.size(); ++i) manual += v[i] + ">r" + std::to_string(i % 3) + " ";
  EXPECT_EQ(expected, manual);
}

TEST(Assignment, NoRoomsNoPlan) { EXPECT_TRUE(plan_shuffle(ids(5), {}, 1).empty()); }

TEST(Assignment, Unassigned) {
  GroupState s = make_group("m", "M");
  s.parent.participants = {Participant{"a"}, Participant{"b"}, Participant{"c"}};
  EXPECT_EQ(unassigned_participants(s, {{"b", "r1"}}), (std::vector<std::string>{"a", "c"}));
}

TEST(Assignment, RngBelowStaysInRange) {
  SeededRng r(123);
  for (int i = 0; i < 10000; ++i) EXPECT_LT(r.below(7), 7u);
}
