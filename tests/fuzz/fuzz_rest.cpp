// Target "rest": REST bodies, paths and queries through the real route handlers
// (src/server/rest*.cpp) of a real App (real registry, real SQLite store in a temp dir), with
// an HttpRequest built in memory: no sockets, no Beast (as tests/server/app_test.cpp does).
//
// Input: requests separated by a line "---". Each request is "<METHOD> <target>[ <auth>]\n
// <body>". In the target, {meeting_id}, {participant_id}, {preset_id}, {room_id} are replaced by
// ids that exist (a meeting with a participant and a connected room is made first), so the
// handlers get past the lookups. auth: "key" (default) is the API key, "token" the
// participant's token, "none" no header, anything else goes in as the header.
// A fresh App per input keeps every input reproducible on its own.
// Invariants: no crash or sanitizer report; every answer is JSON with a `success` boolean and
// a status in 200..599; no 500 (an internal error is a bug for any outside input).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "app.hpp"
#include "fuzz_check.hpp"
#include "log.hpp"

using namespace rtk;
using namespace rtk::server;

namespace {

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<App> app;
  std::string meeting_id, participant_id, preset_id, room_id, token;
};

std::filesystem::path base_dir() {
  std::filesystem::path root =
      std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
  return root / ("rtk-fuzz-rest-" + std::to_string(::getpid()));
}

Json must_json(const HttpResponse& r, const char* what) {
  auto j = parse_json(r.body);
  RTK_FUZZ_CHECK(j.ok(), what);
  return std::move(j).value();
}

Fixture make_fixture() {
  Fixture f;
  f.dir = base_dir();
  std::filesystem::remove_all(f.dir);
  Config c;
  c.data_dir = f.dir.string();
  c.api_key = "key";
  auto a = App::create(c, [] { return std::int64_t{1'700'000'000'000}; });
  RTK_FUZZ_CHECK(a.ok(), "App::create failed");
  f.app = std::move(a).value();
  auto call = [&](std::string method, std::string target, std::string body) {
    return must_json(
        f.app->handle_http(HttpRequest{std::move(method), std::move(target), "Bearer key", std::move(body)}),
        "fixture answer is not JSON");
  };
  f.meeting_id = call("POST", "/v2/meetings", R"({"title":"Fuzz"})")["data"].value("id", "");
  auto p = call("POST", "/v2/meetings/" + f.meeting_id + "/participants",
                R"({"custom_participant_id":"u1","preset_name":"group_call_host","name":"Host"})")["data"];
  f.participant_id = p.value("id", "");
  f.token = p.value("token", "");
  auto rooms = call("POST", "/v2/meetings/" + f.meeting_id + "/connected-meetings",
                    R"({"meetings":[{"title":"Room A"}]})")["data"];
  if (rooms.contains("meetings") && rooms["meetings"].is_array() && !rooms["meetings"].empty())
    f.room_id = rooms["meetings"][0].value("id", "");
  auto presets = call("GET", "/v2/presets", "")["data"];
  if (presets.is_array() && !presets.empty()) f.preset_id = presets[0].value("id", "");
  RTK_FUZZ_CHECK(!f.meeting_id.empty() && !f.participant_id.empty() && !f.preset_id.empty() && !f.room_id.empty(),
                 "fixture setup failed");
  return f;
}

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

void one_request(Fixture& f, std::string_view text) {
  const std::size_t nl = text.find('\n');
  std::string line(text.substr(0, nl));
  const std::string body(nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1));
  const std::size_t sp1 = line.find(' ');
  if (sp1 == std::string::npos) return;
  const std::size_t sp2 = line.find(' ', sp1 + 1);
  HttpRequest req;
  req.method = line.substr(0, sp1);
  req.target = line.substr(sp1 + 1, sp2 == std::string::npos ? std::string::npos : sp2 - sp1 - 1);
  const std::string auth = sp2 == std::string::npos ? "key" : line.substr(sp2 + 1);
  replace_all(req.target, "{meeting_id}", f.meeting_id);
  replace_all(req.target, "{participant_id}", f.participant_id);
  replace_all(req.target, "{preset_id}", f.preset_id);
  replace_all(req.target, "{room_id}", f.room_id);
  if (auth == "key") {
    req.authorization = "Bearer key";
  } else if (auth == "token") {
    req.authorization = "Bearer " + f.token;
  } else if (auth != "none") {
    req.authorization = auth;
  }
  std::string b = body;
  replace_all(b, "{meeting_id}", f.meeting_id);
  replace_all(b, "{participant_id}", f.participant_id);
  replace_all(b, "{room_id}", f.room_id);
  req.body = std::move(b);

  const HttpResponse res = f.app->handle_http(req);
  if (std::getenv("RTK_FUZZ_VERBOSE"))
    std::fprintf(stderr, "%s %s -> %d %.200s\n", req.method.c_str(), req.target.c_str(), res.status, res.body.c_str());
  RTK_FUZZ_CHECK(res.status >= 200 && res.status <= 599, "status out of range");
  RTK_FUZZ_CHECK(res.status != 500, "500 internal error for outside input");
  if (res.status == 204 || req.method == "OPTIONS") return;
  if (res.content_type.rfind("application/json", 0) != 0) return;
  const Json j = must_json(res, "answer is not JSON");
  RTK_FUZZ_CHECK(j.is_object() && j.contains("success") && j["success"].is_boolean(), "answer has no success flag");
  RTK_FUZZ_CHECK(j["success"].get<bool>() == (res.status < 400), "success flag disagrees with the status");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  set_log_enabled(false);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  Fixture f = make_fixture();
  std::size_t start = 0;
  for (int n = 0; n < 8; ++n) {
    const std::size_t sep = text.find("\n---\n", start);
    one_request(f, text.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start));
    if (sep == std::string_view::npos) break;
    start = sep + 5;
  }
  f.app.reset();
  std::filesystem::remove_all(f.dir);
  return 0;
}
