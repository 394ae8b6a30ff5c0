// /v2/meetings/{id}/connected-meetings: thin adapters over the CommandService, so REST and the
// WebSocket run the same command path and answer with the same shapes; the API key acts as the
// system (full access).
#include "rest.hpp"

namespace rtk::server::handlers {
namespace {

HttpResponse run(RestContext& ctx, const Call& c, std::string_view type, bool body_required, int status = 200) {
  const std::string& gid = c.params.at("meeting_id");
  if (!ctx.registry.group(gid)) return fail(ErrorCode::not_found, "no meeting " + gid);
  auto b = body_json(c, !body_required);
  if (!b) return fail(b.error());
  auto r = ctx.service.handle(Caller{gid, ""}, type, *b);
  if (!r) return fail(r.error());
  return ok(std::move(r).value(), status);
}

}  // namespace

HttpResponse cm_get(RestContext& ctx, const Call& c) {
  auto v = ctx.service.view(c.params.at("meeting_id"));
  if (!v) return fail(v.error());
  Json j = to_json(*v);
  // The breakout timer as connected_meetings.timer_update carries it (null: none).
  const GroupData* g = ctx.registry.group(c.params.at("meeting_id"));
  j["timer"] = g && g->state.timer ? to_json(*g->state.timer) : Json(nullptr);
  // The help queue (all of it: the API key sees what a host sees).
  j["help"] = g ? proto::to_json(proto::help_queue_for(g->state, "", true))["requests"] : Json::array();
  // Who was with whom in the last breakout rounds (what avoid_repeats reads), oldest first.
  j["rounds"] = g ? to_json(g->state.rounds) : Json::array();
  j["self_selection"] = g ? to_json(g->state.self_selection) : to_json(SelfSelection{});
  // The late-joiner policy and the running plan ("" none).
  j["late_joiners"] = g ? std::string(to_string(g->state.placement.late_joiners)) : "parent";
  j["plan_id"] = g ? g->state.placement.plan_id : "";
  // Host listen-in (in memory): every listen of the group, as a host sees it.
  j["listeners"] = g ? proto::listeners_json(proto::listeners_for(g->state, g->listening, "", true)) : Json::array();
  return ok(std::move(j));
}

HttpResponse cm_create(RestContext& ctx, const Call& c) { return run(ctx, c, proto::type::cm_create, true, 201); }
HttpResponse cm_update(RestContext& ctx, const Call& c) { return run(ctx, c, proto::type::cm_update, true); }
HttpResponse cm_delete(RestContext& ctx, const Call& c) { return run(ctx, c, proto::type::cm_delete, true); }
HttpResponse cm_move(RestContext& ctx, const Call& c) { return run(ctx, c, proto::type::cm_move, true); }
HttpResponse cm_start(RestContext& ctx, const Call& c) { return run(ctx, c, proto::type::cm_start, true, 201); }
HttpResponse cm_close(RestContext& ctx, const Call& c) { return run(ctx, c, proto::type::cm_close, false); }
HttpResponse cm_timer(RestContext& ctx, const Call& c) { return run(ctx, c, proto::type::cm_timer, true); }
HttpResponse cm_broadcast(RestContext& ctx, const Call& c) { return run(ctx, c, proto::type::cm_broadcast, true); }
HttpResponse cm_help(RestContext& ctx, const Call& c) { return run(ctx, c, proto::type::cm_help, true); }
HttpResponse cm_help_cancel(RestContext& ctx, const Call& c) { return run(ctx, c, proto::type::cm_help_cancel, true); }
HttpResponse cm_self_selection(RestContext& ctx, const Call& c) {
  return run(ctx, c, proto::type::cm_self_selection, true);
}
HttpResponse cm_shuffle(RestContext& ctx, const Call& c) { return run(ctx, c, proto::type::cm_shuffle, true); }

}  // namespace rtk::server::handlers
