// Property tests: random, seeded command sequences through the reducer, with the
// invariants checked after every step. Runs natively and as WebAssembly under node.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "rtk/assignment.hpp"
#include "rtk/connected_meetings.hpp"
#include "rtk/group_view.hpp"
#include "rtk/protocol.hpp"

using namespace rtk;

namespace {

constexpr int kSequences = 10000;
constexpr int kStepsPerSequence = 24;

struct Fuzzer {
  SeededRng rng;
  GroupState s;
  Limits limits;
  std::set<std::string> roster;  // every participant ever added and not removed
  int next_id = 0;
  std::map<std::string, Permissions> actor_perms;

  explicit Fuzzer(std::uint64_t seed) : rng(seed), s(make_group("main", "Main")) {
    limits.max_meetings = 6;
    limits.max_participants = 14;
  }

  bool coin(int percent) { return static_cast<int>(rng.below(100)) < percent; }
  template <class V>
  const auto& pick(const V& v) {
    return v[rng.below(v.size())];
  }

  std::vector<std::string> meeting_ids(bool with_bogus) {
    std::vector<std::string> v{s.parent.id};
    for (const auto& m : s.meetings) v.push_back(m.id);
    if (with_bogus) v.push_back("bogus-meeting");
    return v;
  }
  std::vector<std::string> participant_ids(bool with_bogus) {
    std::vector<std::string> v(roster.begin(), roster.end());
    if (with_bogus || v.empty()) v.push_back("bogus-participant");
    return v;
  }

  Actor random_actor() {
    switch (rng.below(5)) {
      case 0: return Actor::system();
      default: {
        if (roster.empty()) return Actor::system();
        const auto ids = participant_ids(false);
        const std::string id = pick(ids);
        Permissions p;
        p.connected_meetings = {coin(30), coin(60), coin(60)};
        if (coin(10)) p.media.video = ProduceAccess::not_allowed;
        return Actor::participant(id, p);
      }
    }
  }

  std::string title() {
    switch (rng.below(8)) {
      case 0: return "";
      case 1: return std::string(257, 't');
      case 2: return "bad \xC3";
      case 3: return "Room";  // duplicates allowed
      default: return "Room " + std::to_string(rng.below(1000));
    }
  }

  std::vector<std::string> some(const std::vector<std::string>& from, std::size_t max) {
    std::vector<std::string> out;
    const std::size_t n = rng.below(max + 1);
    for (std::size_t i = 0; i < n; ++i) out.push_back(pick(from));
    return out;
  }

  Command random_command(bool* is_shuffle_start, std::vector<std::string>* shuffle_rooms) {
    const bool bogus = coin(10);
    switch (rng.below(19)) {
      case 0: {
        Participant p{"u" + std::to_string(next_id++), "c", "group_call_participant", coin(5) ? "" : "Name"};
        const auto ms = meeting_ids(bogus);
        return cmd::AddParticipant{p, coin(70) ? "" : pick(ms)};
      }
      case 1: return cmd::RemoveParticipant{pick(participant_ids(bogus))};
      case 2:
      case 3:
        return cmd::UpdateParticipant{pick(participant_ids(bogus)),
                                      coin(50) ? std::optional<std::string>(title()) : std::nullopt,
                                      coin(30) ? std::optional<std::string>("custom") : std::nullopt, std::nullopt};
      case 4: {
        const auto ms = meeting_ids(bogus);
        return cmd::MoveParticipants{pick(ms), pick(ms), some(participant_ids(bogus), 2), std::nullopt};
      }
      case 5: {
        std::vector<MeetingSpec> specs;
        const std::size_t n = rng.below(4);
        for (std::size_t i = 0; i < n; ++i) specs.push_back({"m" + std::to_string(next_id++), title()});
        return cmd::CreateMeetings{specs};
      }
      case 6: {
        const auto ms = meeting_ids(bogus);
        return cmd::UpdateMeetings{{{pick(ms), title()}}};
      }
      case 7: return cmd::DeleteMeetings{some(meeting_ids(bogus), 2)};
      case 8: {
        const auto ms = meeting_ids(bogus);
        return cmd::MoveParticipants{pick(ms), pick(ms), some(participant_ids(bogus), 3),
                                     coin(10) ? std::optional<std::string>("custom") : std::nullopt};
      }
      case 9: {
        const auto ms = meeting_ids(bogus);
        std::vector<PresetAssignment> ps;
        for (const auto& id : some(participant_ids(bogus), 2)) ps.push_back({id, "custom"});
        return cmd::MoveParticipantsWithCustomPreset{pick(ms), pick(ms), ps};
      }
      case 10: {
        // A shuffle start through the planner, as the server does it.
        std::vector<MeetingSpec> specs;
        const std::size_t n = 1 + rng.below(4);
        std::vector<std::string> rooms;
        for (std::size_t i = 0; i < n; ++i) {
          specs.push_back({"m" + std::to_string(next_id++), "Room"});
          rooms.push_back(specs.back().id);
        }
        *is_shuffle_start = true;
        *shuffle_rooms = rooms;
        return cmd::StartBreakout{specs, plan_shuffle(unassigned_participants(s, {}), rooms, rng.next())};
      }
      case 11: {
        std::vector<MeetingSpec> specs{{"m" + std::to_string(next_id++), title()}};
        std::vector<Assignment> as;
        auto ms = meeting_ids(bogus);
        ms.push_back(specs[0].id);
        for (const auto& id : some(participant_ids(bogus), 3)) as.push_back({id, pick(ms)});
        return cmd::StartBreakout{specs, as};
      }
      // The breakout timer and help requests (issue 12); time advances 500 ms per step.
      case 12: {
        const std::int64_t d = bogus ? 0 : 1000 * static_cast<std::int64_t>(1 + rng.below(4));
        return cmd::SetBreakoutTimer{TimerSpec{d, 500 * static_cast<std::int64_t>(rng.below(2))}};
      }
      case 13: return cmd::ExtendBreakoutTimer{bogus ? -1 : 1000};
      case 14:
      case 15: return cmd::BreakoutTick{};
      case 16: return cmd::RequestHelp{pick(participant_ids(bogus))};
      case 17: return cmd::CancelHelp{pick(participant_ids(bogus))};
      default: return cmd::CloseBreakout{};
    }
  }
};

void check_roster(const GroupState& s, const std::set<std::string>& roster) {
  std::multiset<std::string> listed;
  for (const auto& p : s.parent.participants) listed.insert(p.id);
  for (const auto& m : s.meetings)
    for (const auto& p : m.participants) listed.insert(p.id);
  ASSERT_EQ(listed.size(), roster.size());
  for (const auto& id : roster) ASSERT_EQ(listed.count(id), 1u) << "participant " << id;
}

}  // namespace

constexpr GroupScope kScopes[] = {GroupScope::summary, GroupScope::roster, GroupScope::full};

TEST(Property, RandomSequencesKeepInvariants) {
  std::size_t applied = 0, refused = 0, shuffles = 0, windows = 0, ticks = 0, helps = 0;
  const PresenceMap no_presence;
  for (int seq = 0; seq < kSequences; ++seq) {
    Fuzzer f(static_cast<std::uint64_t>(seq) * 7919 + 1);
    // A coalescing window as the server keeps it: the state at its start and the merged delta.
    GroupState window_start = f.s;
    GroupDelta window;
    bool window_open = false;
    for (int step = 0; step < kStepsPerSequence; ++step) {
      bool is_shuffle = false;
      std::vector<std::string> shuffle_rooms;
      const Command c = f.random_command(&is_shuffle, &shuffle_rooms);
      const Actor actor = f.random_actor();
      const std::string before = to_json(f.s).dump();
      const GroupState before_state = f.s;
      auto r = apply(f.s, c, actor, std::int64_t{step} * 500, f.limits);
      // The input is never modified, applied or not.
      ASSERT_EQ(to_json(f.s).dump(), before);
      if (!r.ok()) {
        ++refused;
        ASSERT_NE(r.error().code, ErrorCode::unknown);
        ASSERT_NE(r.error().code, ErrorCode::internal);
        ASSERT_FALSE(r.error().message.empty());
        continue;
      }
      ++applied;
      ticks += std::holds_alternative<cmd::BreakoutTick>(c);
      helps += std::holds_alternative<cmd::RequestHelp>(c);
      ASSERT_EQ(r->state.version, before_state.version + 1) << command_name(c);
      // Track the roster from the command, independently of the reducer's output.
      if (auto* add = std::get_if<cmd::AddParticipant>(&c)) f.roster.insert(add->participant.id);
      if (auto* rm = std::get_if<cmd::RemoveParticipant>(&c)) f.roster.erase(rm->participant_id);
      const GroupDelta d = delta_of(r->events, before_state.version);
      f.s = std::move(r).value().state;
      // The delta of one command turns the view before it into the view after it, in every scope.
      for (auto scope : kScopes) {
        GroupView v = make_view(before_state, no_presence, scope);
        ASSERT_EQ(apply_delta(v, view_of(d, f.s, no_presence, scope)), DeltaResult::applied);
        ASSERT_EQ(v, make_view(f.s, no_presence, scope))
            << command_name(c) << " seq " << seq << " scope " << to_string(scope);
        // And through the wire codec, cut into small chunks.
        for (auto& part : proto::split(view_of(d, f.s, no_presence, scope), 300)) {
          auto back = proto::decode<proto::CmDelta>(proto::to_json(part));
          ASSERT_TRUE(back.ok()) << back.error().message;
        }
      }
      if (!window_open) {
        window_start = before_state;
        window = GroupDelta{};
        window_open = true;
      }
      merge(window, d);
      if (f.coin(35) || step == kStepsPerSequence - 1) {
        // A merged delta applies to the view at the window's start and to the one just before.
        ++windows;
        for (auto scope : kScopes) {
          const GroupDeltaView wv = view_of(window, f.s, no_presence, scope);
          GroupView v = make_view(window_start, no_presence, scope);
          ASSERT_EQ(apply_delta(v, wv), DeltaResult::applied);
          ASSERT_EQ(v, make_view(f.s, no_presence, scope))
              << "merged window, seq " << seq << " scope " << to_string(scope);
          GroupView late = make_view(before_state, no_presence, scope);
          ASSERT_EQ(apply_delta(late, wv), DeltaResult::applied);
          ASSERT_EQ(late, make_view(f.s, no_presence, scope)) << "merged window from its last version, seq " << seq;
          GroupView done = make_view(f.s, no_presence, scope);
          ASSERT_EQ(apply_delta(done, wv), DeltaResult::stale);
        }
        window_open = false;
      }
      auto violation = check_invariants(f.s);
      ASSERT_FALSE(violation.has_value()) << *violation << " after " << command_name(c) << " seq " << seq;
      check_roster(f.s, f.roster);
      if (HasFatalFailure()) return;
      ASSERT_LE(f.s.meetings.size(), f.limits.max_meetings);
      ASSERT_LE(f.s.participant_count(), f.limits.max_participants);
      if (is_shuffle) {
        ++shuffles;
        std::size_t lo = SIZE_MAX, hi = 0, total = 0;
        for (const auto& id : shuffle_rooms) {
          const std::size_t n = f.s.find_meeting(id)->participants.size();
          lo = std::min(lo, n);
          hi = std::max(hi, n);
          total += n;
        }
        ASSERT_LE(hi - lo, 1u) << "shuffle sizes differ by more than one";
        ASSERT_EQ(total, before_state.parent.participants.size());
        ASSERT_TRUE(f.s.parent.participants.empty());
      }
      // Only a move command may change where a participant is, and only an allowed one.
      if (auto* mv = std::get_if<cmd::MoveParticipants>(&c)) {
        for (const auto& id : mv->participant_ids) ASSERT_EQ(f.s.meeting_of(id)->id, mv->destination_meeting_id);
      }
    }
  }
  // The generator must exercise both paths meaningfully.
  EXPECT_GT(applied, static_cast<std::size_t>(kSequences) * 3);
  EXPECT_GT(refused, static_cast<std::size_t>(kSequences) * 3);
  EXPECT_GT(shuffles, static_cast<std::size_t>(kSequences) / 10);
  EXPECT_GT(windows, static_cast<std::size_t>(kSequences));
  // The timer is warned and closed by ticks, and help is asked, in some sequences at least.
  EXPECT_GT(ticks, static_cast<std::size_t>(kSequences) / 100);
  EXPECT_GT(helps, static_cast<std::size_t>(kSequences) / 100);
  std::cout << "[property] sequences=" << kSequences << " applied=" << applied << " refused=" << refused
            << " shuffle_starts=" << shuffles << " coalesced_windows=" << windows << " ticks=" << ticks
            << " help_requests=" << helps << "\n";
}

TEST(Property, RefusedCommandsFromUnprivilegedActorsChangeNothing) {
  for (int seq = 0; seq < 2000; ++seq) {
    Fuzzer f(static_cast<std::uint64_t>(seq) + 99);
    for (int i = 0; i < 6; ++i) {
      auto r =
          apply(f.s, cmd::AddParticipant{Participant{"x" + std::to_string(i), "", "p", "X"}, ""}, Actor::system(), 0);
      ASSERT_TRUE(r.ok());
      f.s = r->state;
    }
    f.s = apply(f.s, cmd::CreateMeetings{{{"r1", "R1"}, {"r2", "R2"}}}, Actor::system(), 0)->state;
    Permissions none;
    none.connected_meetings = {false, f.coin(50), f.coin(50)};
    const Actor a = Actor::participant("x0", none);
    const std::string before = to_json(f.s).dump();
    const Command cs[] = {cmd::CreateMeetings{{{"r3", "R3"}}},
                          cmd::UpdateMeetings{{{"r1", "Renamed"}}},
                          cmd::DeleteMeetings{{"r1"}},
                          cmd::MoveParticipants{"main", "r1", {"x1"}, std::nullopt},
                          cmd::CloseBreakout{},
                          cmd::StartBreakout{{{"r4", "R4"}}, {{"x1", "r4"}}}};
    for (const auto& c : cs) {
      auto r = apply(f.s, c, a, 0);
      ASSERT_FALSE(r.ok()) << command_name(c);
      ASSERT_EQ(r.error().code, ErrorCode::permission_denied) << command_name(c);
      ASSERT_EQ(to_json(f.s).dump(), before);
    }
  }
}
