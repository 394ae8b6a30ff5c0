// /v2/meetings/{id}/connected-meetings: the WebSocket's connected-meetings requests over
// REST, same shapes, same reducer; the API key acts as the system (full access).
#include "rest.hpp"

namespace rtk::server::handlers {
namespace {

const GroupData* find_group(RestContext& ctx, const Call& c) { return ctx.registry.group(c.params.at("meeting_id")); }
HttpResponse no_meeting(const Call& c) { return fail(ErrorCode::not_found, "no meeting " + c.params.at("meeting_id")); }

}  // namespace

HttpResponse cm_get(RestContext& ctx, const Call& c) {
  const GroupData* g = find_group(ctx, c);
  if (!g) return no_meeting(c);
  return ok(to_json(g->state));
}

HttpResponse cm_create(RestContext& ctx, const Call& c) {
  if (!find_group(ctx, c)) return no_meeting(c);
  auto b = body_json(c);
  if (!b) return fail(b.error());
  auto req = proto::decode<proto::CmCreate>(*b);
  if (!req) return fail(req.error());
  cmd::CreateMeetings cmd;
  for (auto& t : req->titles) cmd.meetings.push_back(MeetingSpec{random_uuid(), t});
  auto r = ctx.groups.run(c.params.at("meeting_id"), cmd, Actor::system());
  if (!r) return fail(r.error());
  Json arr = Json::array();
  for (const auto& m : cmd.meetings) arr.push_back(Json{{"id", m.id}, {"title", m.title}});
  return ok(Json{{"meetings", std::move(arr)}, {"version", r->state.version}}, 201);
}

HttpResponse cm_update(RestContext& ctx, const Call& c) {
  if (!find_group(ctx, c)) return no_meeting(c);
  auto b = body_json(c);
  if (!b) return fail(b.error());
  auto req = proto::decode<proto::CmUpdate>(*b);
  if (!req) return fail(req.error());
  auto r = ctx.groups.run(c.params.at("meeting_id"), cmd::UpdateMeetings{req->meetings}, Actor::system());
  if (!r) return fail(r.error());
  Json arr = Json::array();
  for (const auto& m : req->meetings) arr.push_back(Json{{"id", m.id}, {"title", m.title}});
  return ok(Json{{"meetings", std::move(arr)}, {"version", r->state.version}});
}

HttpResponse cm_delete(RestContext& ctx, const Call& c) {
  const GroupData* g = find_group(ctx, c);
  if (!g) return no_meeting(c);
  auto b = body_json(c, /*allow_empty=*/true);
  if (!b) return fail(b.error());
  if (b->empty()) {
    // No body: close every room (everyone back to the parent).
    std::vector<std::string> ids;
    for (const auto& m : g->state.meetings) ids.push_back(m.id);
    auto r = ctx.groups.run(c.params.at("meeting_id"), cmd::CloseBreakout{}, Actor::system());
    if (!r) return fail(r.error());
    return ok(Json{{"meeting_ids", ids}, {"version", r->state.version}});
  }
  auto req = proto::decode<proto::CmDelete>(*b);
  if (!req) return fail(req.error());
  auto r = ctx.groups.run(c.params.at("meeting_id"), cmd::DeleteMeetings{req->meeting_ids}, Actor::system());
  if (!r) return fail(r.error());
  return ok(Json{{"meeting_ids", req->meeting_ids}, {"version", r->state.version}});
}

HttpResponse cm_move(RestContext& ctx, const Call& c) {
  if (!find_group(ctx, c)) return no_meeting(c);
  auto b = body_json(c);
  if (!b) return fail(b.error());
  auto req = proto::decode<proto::CmMove>(*b);
  if (!req) return fail(req.error());
  auto check_preset = [&](const std::string& name) { return ctx.registry.preset_by_name(name) != nullptr; };
  Command cmd;
  if (!req->participants.empty()) {
    for (const auto& p : req->participants)
      if (!check_preset(p.preset_name)) return fail(ErrorCode::not_found, "no preset named " + p.preset_name);
    cmd = cmd::MoveParticipantsWithCustomPreset{req->source_meeting_id, req->destination_meeting_id, req->participants};
  } else {
    if (req->preset_name && !check_preset(*req->preset_name))
      return fail(ErrorCode::not_found, "no preset named " + *req->preset_name);
    cmd = cmd::MoveParticipants{req->source_meeting_id, req->destination_meeting_id, req->participant_ids,
                                req->preset_name};
  }
  auto r = ctx.groups.run(c.params.at("meeting_id"), cmd, Actor::system());
  if (!r) return fail(r.error());
  return ok(Json{{"version", r->state.version}});
}

}  // namespace rtk::server::handlers
