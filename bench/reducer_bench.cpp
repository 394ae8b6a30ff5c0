// Reducer benchmarks (issue 2). Run: ./build/native/bench/reducer_bench
#include <benchmark/benchmark.h>

#include "rtk/assignment.hpp"
#include "rtk/connected_meetings.hpp"
#include "rtk/group_view.hpp"
#include "rtk/protocol.hpp"

using namespace rtk;

namespace {

GroupState group_with(int participants) {
  GroupState s = make_group("main", "Main");
  for (int i = 0; i < participants; ++i)
    s.parent.participants.push_back(Participant{"participant-" + std::to_string(i), "custom-" + std::to_string(i),
                                                "group_call_participant", "Participant Name " + std::to_string(i)});
  return s;
}

std::vector<MeetingSpec> rooms(int n) {
  std::vector<MeetingSpec> v;
  for (int i = 0; i < n; ++i) v.push_back({"room-" + std::to_string(i), "Room " + std::to_string(i + 1)});
  return v;
}

// Plan a shuffle of 1,000 participants into 100 rooms and apply it as one StartBreakout.
void BM_ShuffleAssign1000Into100(benchmark::State& state) {
  const GroupState s = group_with(1000);
  const auto specs = rooms(100);
  std::vector<std::string> room_ids;
  for (const auto& r : specs) room_ids.push_back(r.id);
  std::uint64_t seed = 1;
  for (auto _ : state) {
    auto plan = plan_shuffle(unassigned_participants(s, {}), room_ids, seed++);
    auto r = apply(s, cmd::StartBreakout{specs, std::move(plan)}, Actor::system(), 0);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ShuffleAssign1000Into100)->Unit(benchmark::kMillisecond);

// Move one participant in a group of 1,000 spread over 100 rooms.
void BM_MoveOneIn1000(benchmark::State& state) {
  GroupState s = group_with(1000);
  const auto specs = rooms(100);
  std::vector<std::string> room_ids;
  for (const auto& r : specs) room_ids.push_back(r.id);
  s = apply(s, cmd::StartBreakout{specs, plan_shuffle(unassigned_participants(s, {}), room_ids, 7)}, Actor::system(), 0)
          ->state;
  const std::string who = s.meetings[0].participants[0].id;
  for (auto _ : state) {
    auto r = apply(s, cmd::MoveParticipants{"room-0", "room-1", {who}, std::nullopt}, Actor::system(), 0);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_MoveOneIn1000)->Unit(benchmark::kMicrosecond);

// The connected_meetings.state frame a host (full scope) receives for a group of 1,000.
std::string state_frame(const GroupState& s) {
  return proto::encode(
      proto::Envelope{"", std::string(proto::type::cm_state), to_json(make_view(s, {}, GroupScope::full)), {}});
}

// Encode and decode a connected_meetings.state message of 1,000 participants.
void BM_EncodeState1000(benchmark::State& state) {
  GroupState s = group_with(1000);
  for (auto _ : state) {
    std::string frame = state_frame(s);
    benchmark::DoNotOptimize(frame);
    state.counters["bytes"] = static_cast<double>(frame.size());
  }
}
BENCHMARK(BM_EncodeState1000)->Unit(benchmark::kMicrosecond);

void BM_DecodeState1000(benchmark::State& state) {
  const std::string frame = state_frame(group_with(1000));
  for (auto _ : state) {
    auto e = proto::decode_envelope(frame);
    auto s = group_view_from_json(e->data);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_DecodeState1000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
