// /v2/recordings: RealtimeKit's recording routes over the Recorder (recorder.hpp), and the
// download of a recording's files (API key, or a signed download_url).
#include <filesystem>

#include "rest.hpp"

namespace rtk::server::handlers {
namespace {

HttpResponse no_recording(const Call& c) {
  return fail(ErrorCode::not_found, "no recording " + c.params.at("recording_id"));
}

}  // namespace

HttpResponse start_recording(RestContext& ctx, const Call& c) {
  auto b = body_json(c);
  if (!b) return fail(b.error());
  auto it = b->find("meeting_id");
  if (it == b->end() || !it->is_string() || it->get_ref<const std::string&>().empty())
    return fail(ErrorCode::invalid_argument, "meeting_id: required (a meeting or breakout room id)");
  auto r = ctx.recorder->start(it->get<std::string>());
  if (!r) return fail(r.error());
  return ok(ctx.recorder->to_json(*r, false), 201);
}

HttpResponse list_recordings(RestContext& ctx, const Call& c) {
  auto pg = paging(c);
  if (!pg) return fail(pg.error());
  const auto [page, per] = *pg;
  std::string meeting;
  if (auto it = c.query.find("meeting_id"); it != c.query.end()) meeting = it->second;
  const auto all = ctx.recorder->list(meeting);
  const std::size_t start = (page - 1) * per;
  Json data = Json::array();
  for (std::size_t i = start; i < all.size() && i < start + per; ++i)
    data.push_back(ctx.recorder->to_json(*all[i], false));
  const std::size_t count = data.size();
  HttpResponse res = ok_paged(std::move(data), start, count, all.size());
  if (!ctx.recorder->options().sfu) {
    // An OpenRTK addition next to `paging`: this server cannot record (older recordings, made in
    // sfu mode, are still listed and downloadable).
    Json j = Json::parse(res.body);
    j["recording"] = Json{{"available", false},
                          {"reason", "recording needs the SFU media mode (rtk-server --media sfu with Janus)"}};
    res.body = j.dump();
  }
  return res;
}

HttpResponse get_recording(RestContext& ctx, const Call& c) {
  const Recording* r = ctx.recorder->find(c.params.at("recording_id"));
  if (!r) return no_recording(c);
  return ok(ctx.recorder->to_json(*r, true));
}

HttpResponse put_recording(RestContext& ctx, const Call& c) {
  auto b = body_json(c);
  if (!b) return fail(b.error());
  auto it = b->find("action");
  if (it == b->end() || !it->is_string())
    return fail(ErrorCode::invalid_argument, "action: required, one of stop, pause, resume");
  const RecordingAction a = recording_action_from(it->get<std::string>());
  if (a == RecordingAction::unknown)
    return fail(ErrorCode::invalid_argument, "action: expected stop, pause or resume, not " + it->get<std::string>());
  auto r = ctx.recorder->act(c.params.at("recording_id"), a);
  if (!r) return fail(r.error());
  return ok(ctx.recorder->to_json(*r, false));
}

HttpResponse active_recording(RestContext& ctx, const Call& c) {
  const std::string& mid = c.params.at("meeting_id");
  bool known = ctx.registry.meetings.count(mid) > 0;
  for (const auto& [gid, g] : ctx.registry.groups) known = known || g.state.find_meeting(mid) != nullptr;
  if (!known) return fail(ErrorCode::not_found, "no meeting " + mid);
  const Recording* r = ctx.recorder->active_for(mid);
  if (!r) return fail(ErrorCode::not_found, "meeting " + mid + " has no active recording");
  return ok(ctx.recorder->to_json(*r, false));
}

HttpResponse download_recording(RestContext& ctx, const Call& c) {
  const std::string& id = c.params.at("recording_id");
  auto q = [&](const char* k) {
    auto it = c.query.find(k);
    return it == c.query.end() ? std::string() : it->second;
  };
  const Recording* r = ctx.recorder->find(id);
  std::string file = q("file");
  if (file.empty() && r) file = r->outputs.value("composite", std::string());
  // The API key, or a signed link (tampered: 403, expired: 401); nothing else.
  if (!check_api_key(c.req.authorization, ctx.secrets.api_key)) {
    if (q("sig").empty())
      return fail(ErrorCode::unauthenticated, "this route needs the API key or a signed download_url");
    if (auto s =
            check_download_signature(ctx.secrets.signing_secret, id, file, q("expires"), q("sig"), ctx.clock() / 1000);
        !s)
      return fail(s.error());
  }
  if (!r) return no_recording(c);
  if (r->status != RecordingStatus::uploaded)
    return fail(ErrorCode::conflict,
                "recording " + id + " is " + std::string(to_string(r->status)) + ": its files are not ready");
  auto path = ctx.recorder->output_path(*r, file);
  if (!path) return fail(ErrorCode::not_found, "recording " + id + " has no file " + file);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(*path, ec))
    return fail(ErrorCode::not_found, "the file " + file + " of recording " + id + " is gone");
  HttpResponse res;
  res.file = *path;  // streamed by the network layer, never read into memory
  const bool audio = file.size() > 5 && file.compare(file.size() - 5, 5, ".opus") == 0;
  res.content_type = audio ? "audio/ogg" : "video/webm";
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + id + "-" + file + "\"");
  return res;
}

}  // namespace rtk::server::handlers
