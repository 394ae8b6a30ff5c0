// connected_meetings.self_selection (the host lets participants choose their breakout room)
// and connected_meetings.shuffle (a shuffle plan for a host's draft, optionally avoiding repeats).
#include "rtk/assignment.hpp"
#include "rtk/breakout_shuffle.hpp"
#include "service.hpp"

namespace rtk::server {

Result<Json> CommandService::cm_self_selection(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmSelfSelection>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto applied = groups_.run(c.group_id, cmd::SetSelfSelection{SelfSelection{r->enabled, r->capacity}}, *a);
  if (!applied) return applied.error();
  return proto::to_json(proto::VersionReply{applied->state.version});
}

Result<Json> CommandService::cm_shuffle(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmShuffle>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  const GroupState& s = registry_.group(c.group_id)->state;
  auto plan = plan_shuffle_for(s, *a, r->participant_ids, r->meeting_ids, r->seed, r->avoid_repeats, groups_.limits());
  if (!plan) return plan.error();
  const std::size_t repeats = repeated_pairs(*plan, s.rounds);
  return proto::to_json(proto::CmShuffleReply{std::move(plan).value(), repeats});
}

}  // namespace rtk::server
