// The REST API under /v2: a route table (also the source the OpenAPI test checks against),
// a matcher and RealtimeKit's {success, data[, paging]} envelope. Beast-free: net.cpp hands
// in an HttpRequest and writes the HttpResponse.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth.hpp"
#include "groups.hpp"
#include "hub.hpp"
#include "recorder.hpp"
#include "registry.hpp"
#include "service.hpp"
#include "store.hpp"

namespace rtk::server {

struct HttpRequest {
  std::string method;  // GET, POST, ...
  std::string target;  // path?query
  std::string authorization;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string body;
  // Non-empty: the body is this file, streamed from disk by the network layer in chunks (a
  // recording's download), never read into memory; `body` is ignored.
  std::string file;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

struct RestContext {
  Registry& registry;
  Store& store;
  Groups& groups;
  CommandService& service;
  Fanout& fanout;
  Hub& hub;
  const Secrets& secrets;
  Clock clock;
  std::int64_t token_ttl_s = 86400;
  Recorder* recorder = nullptr;  // set by the App
};

struct Call {
  const HttpRequest& req;
  std::map<std::string, std::string> params;  // {meeting_id} etc., percent-decoded
  std::map<std::string, std::string> query;
};

// signed_url: the API key, or a signature in the query string (the handler checks it).
enum class AuthKind { api_key, participant_token, websocket, signed_url };
using Handler = HttpResponse (*)(RestContext&, const Call&);

struct RouteSpec {
  std::string_view method;
  std::string_view pattern;  // e.g. /v2/meetings/{meeting_id}
  AuthKind auth;
  Handler handler;
};

// Every route the server has (the WebSocket upgrade included).
std::span<const RouteSpec> route_table();

// Splits a target into its decoded path and query parameters; false when the percent
// encoding is invalid.
bool split_target(std::string_view target, std::string& path, std::map<std::string, std::string>& query);
// Matches a pattern against a path, capturing {params}.
bool match_route(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params);

// Routes /v2 requests (OPTIONS preflights included); adds CORS headers.
HttpResponse handle_rest(RestContext& ctx, const HttpRequest& req);

// ---- helpers shared by the handler files ----
HttpResponse ok(Json data, int status = 200);
HttpResponse ok_paged(Json data, std::size_t start, std::size_t count, std::size_t total);
HttpResponse fail(const Error& e);
HttpResponse fail(ErrorCode code, std::string message);
// Parses the JSON body; an empty body is {} when allow_empty. Malformed: invalid_argument.
Result<Json> body_json(const Call& c, bool allow_empty = false);
// page_no (1-based, default 1) and per_page (1..100, default 20).
Result<std::pair<std::size_t, std::size_t>> paging(const Call& c);

// Handlers (rest_meetings.cpp, rest_presets.cpp, rest_connected.cpp, rest.cpp).
namespace handlers {
HttpResponse create_meeting(RestContext&, const Call&);
HttpResponse list_meetings(RestContext&, const Call&);
HttpResponse get_meeting(RestContext&, const Call&);
HttpResponse patch_meeting(RestContext&, const Call&);
HttpResponse active_session(RestContext&, const Call&);
HttpResponse add_participant(RestContext&, const Call&);
HttpResponse list_participants(RestContext&, const Call&);
HttpResponse get_participant(RestContext&, const Call&);
HttpResponse patch_participant(RestContext&, const Call&);
HttpResponse delete_participant(RestContext&, const Call&);
HttpResponse refresh_token(RestContext&, const Call&);
HttpResponse list_presets(RestContext&, const Call&);
HttpResponse create_preset(RestContext&, const Call&);
HttpResponse get_preset(RestContext&, const Call&);
HttpResponse patch_preset(RestContext&, const Call&);
HttpResponse put_preset(RestContext&, const Call&);
HttpResponse delete_preset(RestContext&, const Call&);
HttpResponse cm_get(RestContext&, const Call&);
HttpResponse cm_create(RestContext&, const Call&);
HttpResponse cm_update(RestContext&, const Call&);
HttpResponse cm_delete(RestContext&, const Call&);
HttpResponse cm_move(RestContext&, const Call&);
HttpResponse cm_start(RestContext&, const Call&);
HttpResponse cm_close(RestContext&, const Call&);
HttpResponse cm_timer(RestContext&, const Call&);
HttpResponse cm_broadcast(RestContext&, const Call&);
HttpResponse cm_help(RestContext&, const Call&);
HttpResponse cm_help_cancel(RestContext&, const Call&);
HttpResponse cm_self_selection(RestContext&, const Call&);
HttpResponse cm_shuffle(RestContext&, const Call&);
HttpResponse cm_policy(RestContext&, const Call&);  // rest_plans.cpp
HttpResponse list_plans(RestContext&, const Call&);
HttpResponse create_plan(RestContext&, const Call&);
HttpResponse create_plan_csv(RestContext&, const Call&);
HttpResponse get_plan(RestContext&, const Call&);
HttpResponse delete_plan(RestContext&, const Call&);
HttpResponse start_plan(RestContext&, const Call&);
HttpResponse participant_details(RestContext&, const Call&);
HttpResponse websocket_without_upgrade(RestContext&, const Call&);
HttpResponse start_recording(RestContext&, const Call&);
HttpResponse list_recordings(RestContext&, const Call&);
HttpResponse get_recording(RestContext&, const Call&);
HttpResponse put_recording(RestContext&, const Call&);
HttpResponse active_recording(RestContext&, const Call&);
HttpResponse download_recording(RestContext&, const Call&);
}  // namespace handlers

}  // namespace rtk::server
