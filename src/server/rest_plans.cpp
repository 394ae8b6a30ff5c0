// /v2/meetings/{id}/breakout-plans: saved pre-assignment plans (JSON or CSV, parsed and checked by
// the core: rtk/breakout_plan.hpp) and starting one; /connected-meetings/policy sets the
// late-joiner policy. Starting and the policy go through the CommandService like the WebSocket.
#include "rest.hpp"
#include "util.hpp"

namespace rtk::server::handlers {
namespace {

GroupData* group_of(RestContext& ctx, const Call& c) { return ctx.registry.group(c.params.at("meeting_id")); }
HttpResponse no_meeting(const Call& c) { return fail(ErrorCode::not_found, "no meeting " + c.params.at("meeting_id")); }

const BreakoutPlan* find_plan(const GroupData& g, const std::string& id) {
  for (const auto& p : g.plans)
    if (p.id == id) return &p;
  return nullptr;
}

// Stores a parsed plan under a new id.
HttpResponse save(RestContext& ctx, const Call& c, Result<BreakoutPlan> parsed) {
  GroupData* g = group_of(ctx, c);
  if (!parsed) return fail(parsed.error());
  if (g->plans.size() >= kMaxPlansPerMeeting)
    return fail(ErrorCode::limit_exceeded,
                "a meeting has at most " + std::to_string(kMaxPlansPerMeeting) + " saved plans; delete one first");
  BreakoutPlan p = std::move(parsed).value();
  p.id = random_uuid();
  p.created_ms = ctx.clock();
  const std::string gid = c.params.at("meeting_id");
  if (auto st = ctx.store.transaction([&] { return ctx.store.put_plan(gid, p); }); !st) return fail(st.error());
  g->plans.push_back(p);
  return ok(to_json(p), 201);
}

}  // namespace

HttpResponse list_plans(RestContext& ctx, const Call& c) {
  GroupData* g = group_of(ctx, c);
  if (!g) return no_meeting(c);
  Json a = Json::array();
  for (const auto& p : g->plans) a.push_back(to_json(p));
  return ok(std::move(a));
}

HttpResponse create_plan(RestContext& ctx, const Call& c) {
  if (!group_of(ctx, c)) return no_meeting(c);
  auto b = body_json(c);
  if (!b) return fail(b.error());
  return save(ctx, c, parse_plan_json(*b, ctx.groups.limits()));
}

HttpResponse create_plan_csv(RestContext& ctx, const Call& c) {
  if (!group_of(ctx, c)) return no_meeting(c);
  auto it = c.query.find("name");
  return save(ctx, c, parse_plan_csv(c.req.body, it == c.query.end() ? "" : it->second, ctx.groups.limits()));
}

HttpResponse get_plan(RestContext& ctx, const Call& c) {
  GroupData* g = group_of(ctx, c);
  if (!g) return no_meeting(c);
  const BreakoutPlan* p = find_plan(*g, c.params.at("plan_id"));
  if (!p) return fail(ErrorCode::not_found, "no breakout plan " + c.params.at("plan_id") + " in this meeting");
  return ok(to_json(*p));
}

HttpResponse delete_plan(RestContext& ctx, const Call& c) {
  GroupData* g = group_of(ctx, c);
  if (!g) return no_meeting(c);
  const BreakoutPlan* p = find_plan(*g, c.params.at("plan_id"));
  if (!p) return fail(ErrorCode::not_found, "no breakout plan " + c.params.at("plan_id") + " in this meeting");
  Json before = to_json(*p);
  const std::string id = p->id;
  if (auto st = ctx.store.transaction([&] { return ctx.store.delete_plan(id); }); !st) return fail(st.error());
  std::erase_if(g->plans, [&](const BreakoutPlan& x) { return x.id == id; });
  return ok(std::move(before));
}

HttpResponse start_plan(RestContext& ctx, const Call& c) {
  const std::string& gid = c.params.at("meeting_id");
  if (!ctx.registry.group(gid)) return no_meeting(c);
  auto b = body_json(c, true);
  if (!b) return fail(b.error());
  if (!b->is_object()) return fail(ErrorCode::invalid_argument, "body: expected object");
  Json body = *b;
  body["plan_id"] = c.params.at("plan_id");
  auto r = ctx.service.handle(Caller{gid, ""}, proto::type::cm_start_plan, body);
  if (!r) return fail(r.error());
  return ok(std::move(r).value(), 201);
}

HttpResponse cm_policy(RestContext& ctx, const Call& c) {
  const std::string& gid = c.params.at("meeting_id");
  if (!ctx.registry.group(gid)) return no_meeting(c);
  auto b = body_json(c);
  if (!b) return fail(b.error());
  auto r = ctx.service.handle(Caller{gid, ""}, proto::type::cm_policy, *b);
  if (!r) return fail(r.error());
  return ok(std::move(r).value());
}

}  // namespace rtk::server::handlers
