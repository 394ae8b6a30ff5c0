// /v2/presets: RealtimeKit's preset JSON, validated by the core's preset codec.
#include "rest.hpp"

namespace rtk::server::handlers {
namespace {

const PresetRecord* find(RestContext& ctx, const Call& c) {
  return ctx.registry.preset_by_id_or_name(c.params.at("preset_id"));
}

HttpResponse not_found(const Call& c) { return fail(ErrorCode::not_found, "no preset " + c.params.at("preset_id")); }

// Stores `next` in place of `cur`: a rename must keep the name unique and may not strand
// participants that use the old name.
HttpResponse replace(RestContext& ctx, const PresetRecord& cur, Preset next) {
  next.id = cur.preset.id;
  if (next.name != cur.preset.name) {
    if (ctx.registry.preset_by_name(next.name))
      return fail(ErrorCode::conflict, "a preset named " + next.name + " already exists");
    if (ctx.registry.preset_in_use(cur.preset.name))
      return fail(ErrorCode::conflict, "preset " + cur.preset.name + " is in use; it cannot be renamed");
  }
  PresetRecord rec{std::move(next), cur.created_ms, ctx.clock()};
  if (auto st = ctx.store.transaction([&] { return ctx.store.put_preset(rec); }); !st) return fail(st.error());
  ctx.registry.presets[rec.preset.id] = rec;
  ctx.fanout.presets_changed();  // connected participants with this preset get session.permissions
  return ok(preset_full_json(rec));
}

// A preset travels in every room.joined; keep it well inside one frame.
constexpr std::size_t kMaxPresetBytes = 64 * 1024;
Status check_size(const Call& c) {
  if (c.req.body.size() > kMaxPresetBytes)
    return make_error(ErrorCode::limit_exceeded, "a preset is at most 64 KiB of JSON");
  return ok_status();
}

}  // namespace

HttpResponse list_presets(RestContext& ctx, const Call& c) {
  auto pg = paging(c);
  if (!pg) return fail(pg.error());
  const auto [page, per] = *pg;
  std::vector<const PresetRecord*> all;
  for (const auto& [id, p] : ctx.registry.presets) all.push_back(&p);
  std::sort(all.begin(), all.end(), [](auto* a, auto* b) {
    return a->created_ms != b->created_ms ? a->created_ms < b->created_ms : a->preset.name < b->preset.name;
  });
  Json arr = Json::array();
  const std::size_t start = (page - 1) * per;
  for (std::size_t i = start; i < all.size() && i < start + per; ++i) arr.push_back(preset_summary_json(*all[i]));
  const std::size_t n = arr.size();
  return ok_paged(std::move(arr), start, n, all.size());
}

HttpResponse create_preset(RestContext& ctx, const Call& c) {
  if (auto st = check_size(c); !st) return fail(st.error());
  auto b = body_json(c);
  if (!b) return fail(b.error());
  auto p = preset_from_json(*b);
  if (!p) return fail(p.error());
  if (ctx.registry.preset_by_name(p->name))
    return fail(ErrorCode::conflict, "a preset named " + p->name + " already exists");
  PresetRecord rec{std::move(*p), ctx.clock(), ctx.clock()};
  rec.preset.id = random_uuid();
  if (auto st = ctx.store.transaction([&] { return ctx.store.put_preset(rec); }); !st) return fail(st.error());
  ctx.registry.presets[rec.preset.id] = rec;
  return ok(preset_full_json(rec), 201);
}

HttpResponse get_preset(RestContext& ctx, const Call& c) {
  const PresetRecord* p = find(ctx, c);
  if (!p) return not_found(c);
  return ok(preset_full_json(*p));
}

HttpResponse patch_preset(RestContext& ctx, const Call& c) {
  if (auto st = check_size(c); !st) return fail(st.error());
  const PresetRecord* p = find(ctx, c);
  if (!p) return not_found(c);
  auto b = body_json(c);
  if (!b) return fail(b.error());
  auto next = preset_patch(p->preset, *b);
  if (!next) return fail(next.error());
  return replace(ctx, *p, std::move(*next));
}

HttpResponse put_preset(RestContext& ctx, const Call& c) {
  if (auto st = check_size(c); !st) return fail(st.error());
  const PresetRecord* p = find(ctx, c);
  if (!p) return not_found(c);
  auto b = body_json(c);
  if (!b) return fail(b.error());
  auto next = preset_from_json(*b);
  if (!next) return fail(next.error());
  return replace(ctx, *p, std::move(*next));
}

HttpResponse delete_preset(RestContext& ctx, const Call& c) {
  const PresetRecord* p = find(ctx, c);
  if (!p) return not_found(c);
  if (ctx.registry.preset_in_use(p->preset.name))
    return fail(ErrorCode::conflict, "preset " + p->preset.name + " is used by participants; it cannot be deleted");
  const PresetRecord rec = *p;
  if (auto st = ctx.store.transaction([&] { return ctx.store.delete_preset(rec.preset.id); }); !st)
    return fail(st.error());
  ctx.registry.presets.erase(rec.preset.id);
  return ok(preset_summary_json(rec));
}

}  // namespace rtk::server::handlers
