// The plan requests of the one command path (connected_meetings.plans / start_plan / policy):
// decoded by their core codecs, decided by the reducer (cmd::StartPlan, cmd::SetLateJoinPolicy).
#include "service.hpp"
#include "util.hpp"

namespace rtk::server {

Result<Json> CommandService::cm_plans(const Caller& c, const Json& data) {
  if (auto r = proto::decode<proto::Empty>(data); !r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  // Plans say who goes where: only for those who may start them.
  if (auto st = check_alter_connected_meetings(*a, "listing breakout plans"); !st) return st.error();
  const GroupData* g = registry_.group(c.group_id);
  return proto::to_json(proto::PlansReply{g->plans, g->state.placement.late_joiners, g->state.placement.plan_id});
}

Result<Json> CommandService::cm_start_plan(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmStartPlan>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  const GroupData* g = registry_.group(c.group_id);
  const BreakoutPlan* plan = nullptr;
  for (const auto& p : g->plans)
    if (p.id == r->plan_id) plan = &p;
  // Permission first, so that someone who may not start plans cannot probe their ids.
  if (auto st = check_alter_connected_meetings(*a, "starting a plan"); !st) return st.error();
  if (!plan) return make_error(ErrorCode::not_found, "no breakout plan " + r->plan_id + " in this meeting");
  cmd::StartPlan cmd{*plan, {}, std::nullopt};
  std::vector<MeetingSpec> specs;
  for (const auto& room : plan->rooms) {
    specs.push_back(MeetingSpec{random_uuid(), room.title});
    cmd.meeting_ids.push_back(specs.back().id);
  }
  if (r->duration_ms) cmd.timer = TimerSpec{*r->duration_ms, r->grace_ms.value_or(default_grace_ms(*r->duration_ms))};
  auto applied = groups_.run(c.group_id, cmd, *a, {}, MoveReason::breakout_started);
  if (!applied) return applied.error();
  return proto::to_json(proto::MeetingsReply{specs, applied->state.version});
}

Result<Json> CommandService::cm_policy(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmPolicy>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto applied = groups_.run(c.group_id, cmd::SetLateJoinPolicy{r->late_joiners}, *a);
  if (!applied) return applied.error();
  return proto::to_json(proto::VersionReply{applied->state.version});
}

}  // namespace rtk::server
