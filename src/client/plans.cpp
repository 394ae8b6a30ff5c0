// Pre-assignment plans and the late-joiner policy on the client: the replies of
// connected_meetings.plans / start_plan / policy in the SDK's camelCase shapes, and
// breakoutPlanUpdate when the placement a host sees (policy, running plan) changes, so a
// co-host's UI follows another host's change live. The server decides everything.
#include "rtk/client/session.hpp"

namespace rtk::client {
namespace {

Json plan_json(const BreakoutPlan& p) {
  Json rooms = Json::array();
  for (const auto& r : p.rooms)
    rooms.push_back(Json{{"title", r.title}, {"customParticipantIds", r.custom_participant_ids}});
  return Json{{"id", p.id}, {"name", p.name}, {"rooms", std::move(rooms)}, {"createdMs", p.created_ms}};
}

}  // namespace

// {lateJoiners, planId}: what this participant's view holds (hosts only; others see "parent").
Json ClientSession::placement_json() const {
  const PlacementView& p = mirror_.group().placement;
  return Json{{"lateJoiners", to_string(p.late_joiners)}, {"planId", p.plan_id}};
}

void ClientSession::emit_placement_if_changed() {
  if (!mirror_.has_group()) return;
  const PlacementView& now = mirror_.group().placement;
  if (now == placement_seen_) return;
  placement_seen_ = now;
  emit(EventName::breakoutPlanUpdate, placement_json());
}

bool ClientSession::plans_reply(const std::string& type, RequestId id, const Json& data) {
  namespace t = proto::type;
  auto fail = [&](const Error& e) { reject(id, ErrorCode::internal, "bad reply to " + type + ": " + e.message); };
  if (type == t::cm_plans) {
    auto r = proto::decode<proto::PlansReply>(data);
    if (!r) return fail(r.error()), true;
    Json plans = Json::array();
    for (const auto& p : r->plans) plans.push_back(plan_json(p));
    resolve(id, Json{{"plans", std::move(plans)}, {"lateJoiners", to_string(r->late_joiners)}, {"planId", r->plan_id}});
    return true;
  }
  if (type == t::cm_start_plan) {
    auto r = proto::decode<proto::MeetingsReply>(data);
    if (!r) return fail(r.error()), true;
    Json ms = Json::array();
    for (const auto& m : r->meetings) ms.push_back(Json{{"id", m.id}, {"title", m.title}});
    resolve(id, Json{{"meetings", std::move(ms)}, {"version", r->version}});
    return true;
  }
  if (type == t::cm_policy) {
    auto r = proto::decode<proto::VersionReply>(data);
    if (!r) return fail(r.error()), true;
    resolve(id, Json{{"version", r->version}});
    return true;
  }
  return false;
}

}  // namespace rtk::client
