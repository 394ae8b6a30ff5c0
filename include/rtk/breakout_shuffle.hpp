// Shuffle that avoids repeats: the group remembers who was with whom in its last breakout
// rounds (durable, bounded), and the planner separates earlier pairs where it can. Pure and
// seeded like plan_shuffle (rtk/assignment.hpp): the same seed and history give the same plan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"

namespace rtk {

struct Assignment;
struct GroupState;

// One breakout round: the participant ids of each room with two or more members at its start.
struct BreakoutRound {
  std::vector<std::vector<std::string>> rooms;
  friend bool operator==(const BreakoutRound&, const BreakoutRound&) = default;
};

// The group keeps at most this many rounds, oldest dropped first.
inline constexpr std::size_t kMaxBreakoutRounds = 10;

// The round the state's breakout rooms make now (rooms with fewer than two members left out);
// empty rooms when nobody shares a room.
BreakoutRound round_of(const GroupState& s);
// Appends `r` (when it has a room) to `rounds`, dropping the oldest beyond kMaxBreakoutRounds.
void record_round(std::vector<BreakoutRound>& rounds, BreakoutRound r);

// How many pairs of `plan` (participants sharing a room) were together in `rounds` (each pair
// counted once per earlier round that had it).
std::size_t repeated_pairs(const std::vector<Assignment>& plan, const std::vector<BreakoutRound>& rounds);

// Like plan_shuffle (sizes differ by at most one, seeded), and then, with `rounds`, it places
// each participant where it meets the fewest earlier partners and improves the plan by swaps
// that lower the number of repeated pairs (bounded work; deterministic for seed and history).
std::vector<Assignment> plan_shuffle_avoiding(std::vector<std::string> participant_ids,
                                              const std::vector<std::string>& room_ids, std::uint64_t seed,
                                              const std::vector<BreakoutRound>& rounds);

Json to_json(const std::vector<BreakoutRound>& rounds);
Result<std::vector<BreakoutRound>> breakout_rounds_from_json(const Json& j);

}  // namespace rtk
