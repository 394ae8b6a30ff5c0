// The assignment planner: who goes to which breakout room. Pure and seeded, so the same
// seed gives the same plan natively and in WebAssembly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rtk/connected_meetings.hpp"

namespace rtk {

// splitmix64: a tiny, portable PRNG (std::shuffle's algorithm is implementation-defined,
// so it would differ between libstdc++ and Emscripten's libc++).
class SeededRng {
 public:
  explicit SeededRng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next();
  // Uniform in [0, bound), bound > 0, without modulo bias.
  std::uint64_t below(std::uint64_t bound);

 private:
  std::uint64_t s_;
};

// Splits participants evenly over rooms (sizes differ by at most one), in a seeded random order.
std::vector<Assignment> plan_shuffle(std::vector<std::string> participant_ids, const std::vector<std::string>& room_ids,
                                     std::uint64_t seed);

// A host's shuffle plan for a draft (connected_meetings.shuffle): permission_denied without
// can_alter_connected_meetings (the plan reads the group's history); invalid_argument for
// empty, duplicate or too many ids; not_found for a participant not in the group. With
// `avoid_repeats` the plan avoids the pairs of state.rounds (plan_shuffle_avoiding).
Result<std::vector<Assignment>> plan_shuffle_for(const GroupState& state, const Actor& actor,
                                                 const std::vector<std::string>& participant_ids,
                                                 const std::vector<std::string>& room_ids, std::uint64_t seed,
                                                 bool avoid_repeats, const Limits& limits = {});

// Participants of the parent meeting that are not yet assigned by `assignments`.
std::vector<std::string> unassigned_participants(const GroupState& state, const std::vector<Assignment>& assignments);

}  // namespace rtk
