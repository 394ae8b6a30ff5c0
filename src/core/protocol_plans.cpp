// Codecs of the pre-assignment plan messages; declared in rtk/protocol.hpp and listed in
// all_messages() with the rest.
#include "field_reader.hpp"
#include "rtk/protocol.hpp"

namespace rtk::proto {
namespace {
Error err(std::string m) { return make_error(ErrorCode::invalid_argument, std::move(m)); }
}  // namespace

Status from_json(const Json& j, CmStartPlan& out) {
  FieldReader r(j, "data");
  r.req("plan_id", out.plan_id);
  r.opt("duration_ms", out.duration_ms);
  r.opt("grace_ms", out.grace_ms);
  if (!r.ok()) return r.error();
  if (out.plan_id.empty()) return err("data.plan_id: must not be empty");
  if (out.grace_ms && !out.duration_ms) return err("data.grace_ms: only with duration_ms");
  return ok_status();
}

Json to_json(const CmStartPlan& m) {
  Json j{{"plan_id", m.plan_id}};
  if (m.duration_ms) j["duration_ms"] = *m.duration_ms;
  if (m.grace_ms) j["grace_ms"] = *m.grace_ms;
  return j;
}

Status from_json(const Json& j, CmPolicy& out) {
  FieldReader r(j, "data");
  std::string policy;
  r.req("late_joiners", policy);
  if (!r.ok()) return r.error();
  out.late_joiners = late_join_policy_from_string(policy);
  if (out.late_joiners == LateJoinPolicy::unknown)
    return err("data.late_joiners: expected parent, planned or smallest, got " + policy);
  return ok_status();
}

Json to_json(const CmPolicy& m) { return Json{{"late_joiners", to_string(m.late_joiners)}}; }

Status from_json(const Json& j, PlansReply& out) {
  FieldReader r(j, "data");
  std::string policy;
  const Json* plans = r.req_array("plans");
  r.req("late_joiners", policy);
  r.opt("plan_id", out.plan_id);
  if (!r.ok()) return r.error();
  out.late_joiners = late_join_policy_from_string(policy);
  for (std::size_t i = 0; i < plans->size(); ++i) {
    auto p = breakout_plan_from_json((*plans)[i]);
    if (!p) return err("data.plans[" + std::to_string(i) + "]: " + p.error().message);
    out.plans.push_back(std::move(p).value());
  }
  return ok_status();
}

Json to_json(const PlansReply& m) {
  Json a = Json::array();
  for (const auto& p : m.plans) a.push_back(rtk::to_json(p));
  return Json{{"plans", std::move(a)}, {"late_joiners", to_string(m.late_joiners)}, {"plan_id", m.plan_id}};
}

}  // namespace rtk::proto
