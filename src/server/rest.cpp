#include "rest.hpp"

#include <array>

namespace rtk::server {

namespace h = handlers;

std::span<const RouteSpec> route_table() {
  static constexpr std::array<RouteSpec, 45> kRoutes{{
      {"POST", "/v2/meetings", AuthKind::api_key, h::create_meeting},
      {"GET", "/v2/meetings", AuthKind::api_key, h::list_meetings},
      {"GET", "/v2/meetings/{meeting_id}", AuthKind::api_key, h::get_meeting},
      {"PATCH", "/v2/meetings/{meeting_id}", AuthKind::api_key, h::patch_meeting},
      {"GET", "/v2/meetings/{meeting_id}/active-session", AuthKind::api_key, h::active_session},
      {"POST", "/v2/meetings/{meeting_id}/participants", AuthKind::api_key, h::add_participant},
      {"GET", "/v2/meetings/{meeting_id}/participants", AuthKind::api_key, h::list_participants},
      {"GET", "/v2/meetings/{meeting_id}/participants/{participant_id}", AuthKind::api_key, h::get_participant},
      {"PATCH", "/v2/meetings/{meeting_id}/participants/{participant_id}", AuthKind::api_key, h::patch_participant},
      {"DELETE", "/v2/meetings/{meeting_id}/participants/{participant_id}", AuthKind::api_key, h::delete_participant},
      {"POST", "/v2/meetings/{meeting_id}/participants/{participant_id}/token", AuthKind::api_key, h::refresh_token},
      {"GET", "/v2/meetings/{meeting_id}/connected-meetings", AuthKind::api_key, h::cm_get},
      {"POST", "/v2/meetings/{meeting_id}/connected-meetings", AuthKind::api_key, h::cm_create},
      {"PATCH", "/v2/meetings/{meeting_id}/connected-meetings", AuthKind::api_key, h::cm_update},
      {"DELETE", "/v2/meetings/{meeting_id}/connected-meetings", AuthKind::api_key, h::cm_delete},
      {"POST", "/v2/meetings/{meeting_id}/connected-meetings/move", AuthKind::api_key, h::cm_move},
      {"POST", "/v2/meetings/{meeting_id}/connected-meetings/start", AuthKind::api_key, h::cm_start},
      {"POST", "/v2/meetings/{meeting_id}/connected-meetings/close", AuthKind::api_key, h::cm_close},
      {"POST", "/v2/meetings/{meeting_id}/connected-meetings/timer", AuthKind::api_key, h::cm_timer},
      {"POST", "/v2/meetings/{meeting_id}/connected-meetings/broadcast", AuthKind::api_key, h::cm_broadcast},
      {"POST", "/v2/meetings/{meeting_id}/connected-meetings/help", AuthKind::api_key, h::cm_help},
      {"POST", "/v2/meetings/{meeting_id}/connected-meetings/help/cancel", AuthKind::api_key, h::cm_help_cancel},
      {"POST", "/v2/meetings/{meeting_id}/connected-meetings/self-selection", AuthKind::api_key, h::cm_self_selection},
      {"POST", "/v2/meetings/{meeting_id}/connected-meetings/shuffle", AuthKind::api_key, h::cm_shuffle},
      {"POST", "/v2/meetings/{meeting_id}/connected-meetings/policy", AuthKind::api_key, h::cm_policy},
      {"GET", "/v2/meetings/{meeting_id}/breakout-plans", AuthKind::api_key, h::list_plans},
      {"POST", "/v2/meetings/{meeting_id}/breakout-plans", AuthKind::api_key, h::create_plan},
      {"POST", "/v2/meetings/{meeting_id}/breakout-plans/csv", AuthKind::api_key, h::create_plan_csv},
      {"GET", "/v2/meetings/{meeting_id}/breakout-plans/{plan_id}", AuthKind::api_key, h::get_plan},
      {"DELETE", "/v2/meetings/{meeting_id}/breakout-plans/{plan_id}", AuthKind::api_key, h::delete_plan},
      {"POST", "/v2/meetings/{meeting_id}/breakout-plans/{plan_id}/start", AuthKind::api_key, h::start_plan},
      {"GET", "/v2/presets", AuthKind::api_key, h::list_presets},
      {"POST", "/v2/presets", AuthKind::api_key, h::create_preset},
      {"GET", "/v2/presets/{preset_id}", AuthKind::api_key, h::get_preset},
      {"PATCH", "/v2/presets/{preset_id}", AuthKind::api_key, h::patch_preset},
      {"PUT", "/v2/presets/{preset_id}", AuthKind::api_key, h::put_preset},
      {"DELETE", "/v2/presets/{preset_id}", AuthKind::api_key, h::delete_preset},
      {"POST", "/v2/recordings", AuthKind::api_key, h::start_recording},
      {"GET", "/v2/recordings", AuthKind::api_key, h::list_recordings},
      {"GET", "/v2/recordings/active-recording/{meeting_id}", AuthKind::api_key, h::active_recording},
      {"GET", "/v2/recordings/{recording_id}", AuthKind::api_key, h::get_recording},
      {"PUT", "/v2/recordings/{recording_id}", AuthKind::api_key, h::put_recording},
      {"GET", "/v2/recordings/{recording_id}/download", AuthKind::signed_url, h::download_recording},
      {"GET", "/v2/internals/participant-details", AuthKind::participant_token, h::participant_details},
      {"GET", "/v2/ws", AuthKind::websocket, h::websocket_without_upgrade},
  }};
  return kRoutes;
}

namespace {

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool pct_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      const int a = hexval(in[i + 1]), b = hexval(in[i + 2]);
      if (a < 0 || b < 0) return false;
      out.push_back(static_cast<char>(a * 16 + b));
      i += 2;
    } else if (plus_is_space && in[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(in[i]);
    }
  }
  return true;
}

std::vector<std::string_view> segments(std::string_view p) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < p.size()) {
    if (p[i] == '/') {
      ++i;
      continue;
    }
    const auto j = p.find('/', i);
    const auto end = j == std::string_view::npos ? p.size() : j;
    out.push_back(p.substr(i, end - i));
    i = end;
  }
  return out;
}

void add_cors(HttpResponse& r) { r.headers.emplace_back("Access-Control-Allow-Origin", "*"); }

}  // namespace

bool split_target(std::string_view target, std::string& path, std::map<std::string, std::string>& query) {
  const auto q = target.find('?');
  // Keep the raw path: segments are decoded one by one by match_route.
  path = std::string(target.substr(0, q));
  if (q == std::string_view::npos) return true;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view kv = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (kv.empty()) continue;
    const auto eq = kv.find('=');
    std::string k, v;
    if (!pct_decode(kv.substr(0, eq), k, true)) return false;
    if (eq != std::string_view::npos && !pct_decode(kv.substr(eq + 1), v, true)) return false;
    query.emplace(std::move(k), std::move(v));
  }
  return true;
}

bool match_route(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params) {
  const auto ps = segments(pattern), xs = segments(path);
  if (ps.size() != xs.size()) return false;
  std::map<std::string, std::string> got;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].size() > 2 && ps[i].front() == '{' && ps[i].back() == '}') {
      std::string v;
      if (!pct_decode(xs[i], v, false) || v.empty()) return false;
      got.emplace(std::string(ps[i].substr(1, ps[i].size() - 2)), std::move(v));
    } else if (ps[i] != xs[i]) {
      return false;
    }
  }
  params = std::move(got);
  return true;
}

HttpResponse ok(Json data, int status) {
  HttpResponse r;
  r.status = status;
  r.body = Json{{"success", true}, {"data", std::move(data)}}.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

HttpResponse ok_paged(Json data, std::size_t start, std::size_t count, std::size_t total) {
  HttpResponse r;
  Json paging{{"start_offset", start}, {"end_offset", count == 0 ? start : start + count - 1}, {"total_count", total}};
  r.body = Json{{"success", true}, {"data", std::move(data)}, {"paging", std::move(paging)}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
  return r;
}

HttpResponse fail(const Error& e) {
  HttpResponse r;
  r.status = http_status(e.code);
  r.body = Json{{"success", false}, {"error", Json{{"code", to_string(e.code)}, {"message", e.message}}}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
  return r;
}

HttpResponse fail(ErrorCode code, std::string message) { return fail(make_error(code, std::move(message))); }

Result<Json> body_json(const Call& c, bool allow_empty) {
  const auto& b = c.req.body;
  if (b.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (allow_empty) return Json::object();
    return make_error(ErrorCode::invalid_argument, "a JSON body is required");
  }
  auto j = parse_json(b);
  if (!j) return make_error(ErrorCode::invalid_argument, "malformed JSON body");
  if (!j->is_object()) return make_error(ErrorCode::invalid_argument, "the body must be a JSON object");
  return j;
}

Result<std::pair<std::size_t, std::size_t>> paging(const Call& c) {
  auto num = [&](const char* key, std::size_t def, std::size_t max) -> Result<std::size_t> {
    auto it = c.query.find(key);
    if (it == c.query.end() || it->second.empty()) return def;
    std::size_t v = 0;
    for (char ch : it->second) {
      if (ch < '0' || ch > '9' || v > 1000000000)
        return make_error(ErrorCode::invalid_argument, std::string(key) + " must be a positive integer");
      v = v * 10 + static_cast<std::size_t>(ch - '0');
    }
    if (v < 1 || v > max)
      return make_error(ErrorCode::invalid_argument,
                        std::string(key) + " must be between 1 and " + std::to_string(max));
    return v;
  };
  auto page = num("page_no", 1, 1000000000);
  if (!page) return page.error();
  auto per = num("per_page", 20, 100);
  if (!per) return per.error();
  return std::pair<std::size_t, std::size_t>{*page, *per};
}

HttpResponse handle_rest(RestContext& ctx, const HttpRequest& req) {
  HttpResponse r;
  std::string path;
  std::map<std::string, std::string> query;
  if (!split_target(req.target, path, query)) {
    r = fail(ErrorCode::invalid_argument, "invalid percent-encoding in the URL");
    add_cors(r);
    return r;
  }
  if (req.method == "OPTIONS") {
    r.status = 204;
    r.content_type.clear();
    r.headers = {{"Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE, OPTIONS"},
                 {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                 {"Access-Control-Max-Age", "600"}};
    add_cors(r);
    return r;
  }
  const RouteSpec* found = nullptr;
  bool path_known = false;
  std::map<std::string, std::string> params;
  for (const auto& route : route_table()) {
    std::map<std::string, std::string> p;
    if (!match_route(route.pattern, path, p)) continue;
    path_known = true;
    if (route.method == req.method) {
      found = &route;
      params = std::move(p);
      break;
    }
  }
  if (!found) {
    if (path_known) {
      r = fail(ErrorCode::invalid_argument, "method " + req.method + " is not allowed on " + path);
      r.status = 405;
    } else {
      r = fail(ErrorCode::not_found, "no route " + req.method + " " + path);
    }
    add_cors(r);
    return r;
  }
  if (found->auth == AuthKind::api_key && !check_api_key(req.authorization, ctx.secrets.api_key)) {
    r = fail(ErrorCode::unauthenticated, "this route needs Authorization: Bearer <api key>");
    add_cors(r);
    return r;
  }
  Call call{req, std::move(params), std::move(query)};
  r = found->handler(ctx, call);
  add_cors(r);
  return r;
}

namespace handlers {

HttpResponse participant_details(RestContext& ctx, const Call& c) {
  const auto token = bearer_token(c.req.authorization);
  ParticipantAuth a = check_participant_token(ctx.registry, token, ctx.secrets.signing_secret, ctx.clock() / 1000);
  if (!a.ok) {
    HttpResponse r;
    r.status = 401;
    r.body = unauthenticated_body(a).dump();
    return r;
  }
  const auto& rec = ctx.registry.participants.at(a.claims.participant_id);
  const GroupData* g = ctx.registry.group(a.claims.meeting_id);
  const Participant* p = g->state.find_participant(a.claims.participant_id);
  const PresetRecord* preset = ctx.registry.preset_by_name(p->preset_name);
  const Meeting* assigned = g->state.meeting_of(p->id);
  return ok(Json{{"participant", participant_json(rec, *p)},
                 {"meeting", meeting_json(ctx.registry.meetings.at(a.claims.meeting_id))},
                 {"preset", preset ? preset_full_json(*preset) : Json(nullptr)},
                 {"assigned_meeting_id", assigned ? Json(assigned->id) : Json(nullptr)},
                 // the title a setup screen shows before joining (a breakout room's after a reload)
                 {"assigned_meeting_title", assigned ? Json(assigned->title) : Json(nullptr)}});
}

HttpResponse websocket_without_upgrade(RestContext&, const Call&) {
  return fail(ErrorCode::invalid_argument, "/v2/ws needs a WebSocket upgrade (GET with Upgrade: websocket)");
}

}  // namespace handlers

}  // namespace rtk::server
