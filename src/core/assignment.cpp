#include "rtk/assignment.hpp"

#include <set>

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

std::vector<std::string> unassigned_participants(const GroupState& state, const std::vector<Assignment>& assignments) {
  std::set<std::string> taken;
  for (const auto& a : assignments) taken.insert(a.participant_id);
  std::vector<std::string> out;
  for (const auto& p : state.parent.participants)
    if (!taken.count(p.id)) out.push_back(p.id);
  return out;
}

}  // namespace rtk
