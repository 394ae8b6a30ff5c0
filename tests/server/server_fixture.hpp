// The App without sockets, shared by the server unit tests: REST through handle_http,
// WebSocket peers with fake connections, and a ManualScheduler so a test decides where a burst
// ends (flush()) and can count the frames each recipient got for it.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app.hpp"
#include "fakes.hpp"
#include "log.hpp"

namespace rtk::server::testing {

struct ServerFixture : ::testing::Test {
  TempDir dir;
  std::int64_t now = 1'700'000'000'000;
  ManualScheduler scheduler;
  std::unique_ptr<App> app;

  virtual void configure(Config& c) { (void)c; }

  void SetUp() override {
    set_log_enabled(false);
    Config c;
    c.data_dir = dir.path.string();
    c.api_key = "key";
    c.rate.commands_per_s = 1000;
    c.rate.commands_burst = 1000;
    c.mesh_max_room = 0;  // signalling tests without media: no mesh room cap unless a test sets one
    configure(c);
    auto a = App::create(
        c, [this] { return now; }, &scheduler);
    ASSERT_TRUE(a.ok()) << a.error().message;
    app = std::move(a).value();
  }

  // Runs every deferred fan-out: the end of a burst.
  void flush() { scheduler.run_pending(); }

  Json http(const std::string& method, const std::string& target, const Json& body = nullptr, int want = 0) {
    HttpRequest r{method, target, "Bearer key", body.is_null() ? "" : body.dump()};
    HttpResponse res = app->handle_http(r);
    if (want) {
      EXPECT_EQ(res.status, want) << method << " " << target << " " << res.body;
    }
    return Json::parse(res.body);
  }

  std::string meeting(const std::string& title = "T") {
    return http("POST", "/v2/meetings", {{"title", title}}, 201)["data"]["id"];
  }
  struct Added {
    std::string id;
    std::string token;
  };
  Added add(const std::string& mid, const std::string& name, const std::string& preset = "group_call_participant") {
    auto p = http("POST", "/v2/meetings/" + mid + "/participants",
                  {{"custom_participant_id", name}, {"name", name}, {"preset_name", preset}}, 201)["data"];
    return Added{p["id"], p["token"]};
  }

  struct Peer {
    std::string id;
    std::shared_ptr<FakeConnection> conn = std::make_shared<FakeConnection>();
    std::unique_ptr<WsPeer> peer;
    std::vector<std::string> types() const { return conn->types(); }
    std::size_t count(const std::string& type) const {
      std::size_t n = 0;
      for (const auto& t : conn->types()) n += t == type;
      return n;
    }
    const Json* last(const std::string& type) const {
      for (auto it = conn->sent.rbegin(); it != conn->sent.rend(); ++it)
        if (it->value("type", "") == type) return &*it;
      return nullptr;
    }
  };

  // Opens a socket and runs the join's burst.
  Peer open(const Added& a, bool run = true) {
    auto auth = app->authorize_ws("/v2/ws?authToken=" + a.token);
    EXPECT_TRUE(auth.ok) << auth.reason;
    Peer p;
    p.id = a.id;
    p.peer = std::make_unique<WsPeer>(auth.claims.participant_id, auth.claims.meeting_id, p.conn, app->config().rate);
    EXPECT_TRUE(app->ws().on_open(*p.peer));
    if (run) flush();
    return p;
  }

  void send(Peer& p, const std::string& type, const Json& data, const std::string& id = "q") {
    app->ws().on_frame(*p.peer, Json{{"v", 1}, {"id", id}, {"type", type}, {"data", data}}.dump());
  }
  // A request and its burst; returns the reply (the last frame with the request id).
  Json request(Peer& p, const std::string& type, const Json& data) {
    p.conn->clear();
    send(p, type, data);
    flush();
    for (auto it = p.conn->sent.rbegin(); it != p.conn->sent.rend(); ++it)
      if (it->value("id", "") == "q") return *it;
    ADD_FAILURE() << "no reply to " << type;
    return Json();
  }
};

}  // namespace rtk::server::testing
