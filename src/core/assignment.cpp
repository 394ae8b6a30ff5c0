#include "rtk/assignment.hpp"

#include <set>

#include "rtk/breakout_shuffle.hpp"

namespace rtk {

std::uint64_t SeededRng::next() {
  std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t SeededRng::below(std::uint64_t bound) {
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % bound);
  std::uint64_t x = next();
  while (x >= limit) x = next();
  return x % bound;
}

std::vector<Assignment> plan_shuffle(std::vector<std::string> ids, const std::vector<std::string>& room_ids,
                                     std::uint64_t seed) {
  std::vector<Assignment> out;
  if (room_ids.empty()) return out;
  SeededRng rng(seed);
  for (std::size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[rng.below(i)]);
  out.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) out.push_back(Assignment{ids[i], room_ids[i % room_ids.size()]});
  return out;
}

Result<std::vector<Assignment>> plan_shuffle_for(const GroupState& state, const Actor& actor,
                                                 const std::vector<std::string>& ids,
                                                 const std::vector<std::string>& room_ids, std::uint64_t seed,
                                                 bool avoid_repeats, const Limits& limits) {
  if (auto st = check_alter_connected_meetings(actor, "planning a shuffle"); !st) return st.error();
  auto invalid = [](std::string m) { return make_error(ErrorCode::invalid_argument, std::move(m)); };
  if (ids.empty()) return invalid("participant_ids must not be empty");
  if (room_ids.empty()) return invalid("meeting_ids must not be empty");
  if (ids.size() > limits.max_participants)
    return invalid("at most " + std::to_string(limits.max_participants) + " participant_ids");
  if (room_ids.size() > limits.max_meetings)
    return invalid("at most " + std::to_string(limits.max_meetings) + " meeting_ids");
  std::set<std::string> seen;
  for (const auto& id : ids) {
    if (!seen.insert(id).second) return invalid("participant " + id + " appears twice");
    if (!state.find_participant(id)) return make_error(ErrorCode::not_found, "no participant " + id + " in this group");
  }
  seen.clear();
  for (const auto& id : room_ids) {
    if (id.empty() || id.size() > limits.max_text_bytes) return invalid("meeting_ids: an id is empty or too long");
    if (!seen.insert(id).second) return invalid("meeting " + id + " appears twice");
  }
  return avoid_repeats ? plan_shuffle_avoiding(ids, room_ids, seed, state.rounds) : plan_shuffle(ids, room_ids, seed);
}

std::vector<std::string> unassigned_participants(const GroupState& state, const std::vector<Assignment>& assignments) {
  std::set<std::string> taken;
  for (const auto& a : assignments) taken.insert(a.participant_id);
  std::vector<std::string> out;
  for (const auto& p : state.parent.participants)
    if (!taken.count(p.id)) out.push_back(p.id);
  return out;
}

}  // namespace rtk
