#include "rtk/breakout_shuffle.hpp"

#include <algorithm>
#include <unordered_map>

#include "rtk/assignment.hpp"
#include "rtk/meeting.hpp"

namespace rtk {

BreakoutRound round_of(const GroupState& s) {
  BreakoutRound r;
  for (const auto& m : s.meetings) {
    if (m.participants.size() < 2) continue;
    std::vector<std::string> ids;
    for (const auto& p : m.participants) ids.push_back(p.id);
    r.rooms.push_back(std::move(ids));
  }
  return r;
}

void record_round(std::vector<BreakoutRound>& rounds, BreakoutRound r) {
  if (r.rooms.empty()) return;
  rounds.push_back(std::move(r));
  if (rounds.size() > kMaxBreakoutRounds)
    rounds.erase(rounds.begin(), rounds.begin() + static_cast<std::ptrdiff_t>(rounds.size() - kMaxBreakoutRounds));
}

namespace {

// Earlier-partner counts between the participants of one plan, by index.
class PairHistory {
 public:
  PairHistory(const std::vector<std::string>& ids, const std::vector<BreakoutRound>& rounds) {
    std::unordered_map<std::string, std::uint32_t> index;
    for (std::uint32_t i = 0; i < ids.size(); ++i) index.emplace(ids[i], i);
    for (const auto& round : rounds)
      for (const auto& room : round.rooms) {
        std::vector<std::uint32_t> in;
        for (const auto& id : room)
          if (auto it = index.find(id); it != index.end()) in.push_back(it->second);
        for (std::size_t a = 0; a < in.size(); ++a)
          for (std::size_t b = a + 1; b < in.size(); ++b) ++counts_[key(in[a], in[b])];
      }
  }
  int count(std::uint32_t a, std::uint32_t b) const {
    auto it = counts_.find(key(a, b));
    return it == counts_.end() ? 0 : it->second;
  }
  bool empty() const { return counts_.empty(); }

 private:
  static std::uint64_t key(std::uint32_t a, std::uint32_t b) {
    if (a > b) std::swap(a, b);
    return (static_cast<std::uint64_t>(a) << 32) | b;
  }
  std::unordered_map<std::uint64_t, int> counts_;
};

// How many earlier partners `p` has among `room` (without `skip`).
int cost(const PairHistory& h, std::uint32_t p, const std::vector<std::uint32_t>& room, std::uint32_t skip) {
  int c = 0;
  for (auto q : room)
    if (q != p && q != skip) c += h.count(p, q);
  return c;
}

}  // namespace

std::size_t repeated_pairs(const std::vector<Assignment>& plan, const std::vector<BreakoutRound>& rounds) {
  std::vector<std::string> ids;
  ids.reserve(plan.size());
  for (const auto& a : plan) ids.push_back(a.participant_id);
  PairHistory h(ids, rounds);
  std::size_t n = 0;
  for (std::uint32_t i = 0; i < plan.size(); ++i)
    for (std::uint32_t j = i + 1; j < plan.size(); ++j)
      if (plan[i].meeting_id == plan[j].meeting_id) n += static_cast<std::size_t>(h.count(i, j));
  return n;
}

std::vector<Assignment> plan_shuffle_avoiding(std::vector<std::string> ids, const std::vector<std::string>& room_ids,
                                              std::uint64_t seed, const std::vector<BreakoutRound>& rounds) {
  // The plain shuffle's order and room sizes (room i gets one more while i < n % k).
  std::vector<Assignment> plain = plan_shuffle(std::move(ids), room_ids, seed);
  if (plain.empty()) return plain;
  std::vector<std::string> order;
  order.reserve(plain.size());
  for (const auto& a : plain) order.push_back(a.participant_id);
  const PairHistory h(order, rounds);
  if (h.empty()) return plain;
  const std::size_t n = order.size(), k = room_ids.size();
  std::vector<std::size_t> capacity(k, n / k);
  for (std::size_t r = 0; r < n % k; ++r) ++capacity[r];

  // Greedy: in shuffled order, each goes where it meets the fewest earlier partners (ties: the
  // room with the most free places, then the first).
  std::vector<std::vector<std::uint32_t>> rooms(k);
  std::vector<std::size_t> room_of(n);
  for (std::uint32_t p = 0; p < n; ++p) {
    std::size_t best = k;
    int best_cost = 0;
    for (std::size_t r = 0; r < k; ++r) {
      if (rooms[r].size() >= capacity[r]) continue;
      const int c = cost(h, p, rooms[r], p);
      const auto free_r = capacity[r] - rooms[r].size();
      if (best == k || c < best_cost || (c == best_cost && free_r > capacity[best] - rooms[best].size())) {
        best = r;
        best_cost = c;
      }
    }
    rooms[best].push_back(p);
    room_of[p] = best;
  }

  // Swaps that strictly lower the repeats; a bounded number of cost evaluations, so a large
  // group stays fast (the plan is then greedy-only where the budget ran out).
  std::size_t budget = 4'000'000;
  for (int pass = 0; pass < 4; ++pass) {
    bool improved = false;
    for (std::uint32_t a = 0; a < n && budget; ++a) {
      const int ca = cost(h, a, rooms[room_of[a]], a);
      if (ca == 0) continue;
      for (std::uint32_t b = 0; b < n && budget; ++b) {
        const std::size_t ra = room_of[a], rb = room_of[b];
        if (ra == rb) continue;
        budget -= std::min(budget, rooms[ra].size() + rooms[rb].size());
        const int before = cost(h, a, rooms[ra], a) + cost(h, b, rooms[rb], b);
        const int after = cost(h, a, rooms[rb], b) + cost(h, b, rooms[ra], a);
        if (after >= before) continue;
        std::replace(rooms[ra].begin(), rooms[ra].end(), a, b);
        std::replace(rooms[rb].begin(), rooms[rb].end(), b, a);
        std::swap(room_of[a], room_of[b]);
        improved = true;
        if (cost(h, a, rooms[room_of[a]], a) == 0) break;
      }
    }
    if (!improved || !budget) break;
  }

  std::vector<Assignment> out;
  out.reserve(n);
  for (std::uint32_t p = 0; p < n; ++p) out.push_back(Assignment{order[p], room_ids[room_of[p]]});
  return out;
}

Json to_json(const std::vector<BreakoutRound>& rounds) {
  Json a = Json::array();
  for (const auto& r : rounds) a.push_back(Json(r.rooms));
  return a;
}

Result<std::vector<BreakoutRound>> breakout_rounds_from_json(const Json& j) {
  auto bad = [] { return make_error(ErrorCode::invalid_argument, "rounds: expected [[[participant_id]]]"); };
  if (!j.is_array()) return bad();
  std::vector<BreakoutRound> out;
  for (const auto& r : j) {
    if (!r.is_array()) return bad();
    BreakoutRound round;
    for (const auto& room : r) {
      if (!room.is_array()) return bad();
      std::vector<std::string> ids;
      for (const auto& id : room) {
        if (!id.is_string()) return bad();
        ids.push_back(id.get<std::string>());
      }
      round.rooms.push_back(std::move(ids));
    }
    out.push_back(std::move(round));
  }
  return out;
}

}  // namespace rtk
