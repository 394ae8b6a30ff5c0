// N ClientSessions against the real server application in one process: App (REST, store,
// reducer, fan-out) and WsHandler from src/server, with a ManualScheduler deciding when a
// burst's fan-out runs and a fake clock. Sockets are in-memory queues; the reconnect timer is
// fired by hand. Deterministic, no sleeps, milliseconds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app.hpp"
#include "log.hpp"
#include "rtk/client/session.hpp"
#include "scheduler.hpp"

using namespace rtk;
using namespace rtk::client;
using rtk::server::App;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static int n = 0;
    path = std::filesystem::temp_directory_path() /
           ("rtk-client-inproc-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

// The server side of one in-memory socket: frames queue up for the client.
struct Pipe : server::Connection {
  std::deque<std::string> to_client;
  bool closed = false;
  int drop_deltas = 0;  // drop the next N connected_meetings.delta frames (forces a version gap)
  int dropped = 0;
  void send(server::SharedText t) override {
    if (closed) return;
    if (drop_deltas > 0 && t->find("\"type\":\"connected_meetings.delta\"") != std::string::npos) {
      --drop_deltas;
      ++dropped;
      return;
    }
    to_client.push_back(*t);
  }
  void close(std::uint16_t) override { closed = true; }
};

struct Client {
  std::string token;
  std::string pid;
  ClientSession s;
  std::shared_ptr<Pipe> pipe;
  std::unique_ptr<server::WsPeer> peer;
  bool socket_up = false;  // the client believes the socket is open
  bool timer_armed = false;
  bool server_down = false;  // opening fails while set
  std::vector<out::Event> events;
  std::vector<std::string> sent_types;
  std::vector<Json> resolved, rejected;

  explicit Client(Config c) : s(c) {}
  std::size_t count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& e : events) n += e.name == name;
    return n;
  }
};

struct World : ::testing::Test {
  TempDir dir;
  std::int64_t now = 1'700'000'000'000;
  server::ManualScheduler sched;
  std::unique_ptr<App> app;
  std::string mid;
  std::vector<std::unique_ptr<Client>> clients;

  void SetUp() override {
    server::set_log_enabled(false);
    server::Config c;
    c.data_dir = dir.path.string();
    c.api_key = "key";
    c.rate.commands_per_s = 1000;
    c.rate.commands_burst = 1000;
    auto a = App::create(
        c, [this] { return now; }, &sched);
    ASSERT_TRUE(a.ok()) << a.error().message;
    app = std::move(a).value();
    mid = http("POST", "/v2/meetings", {{"title", "Class"}})["data"]["id"];
  }

  Json http(const std::string& method, const std::string& target, const Json& body = nullptr) {
    server::HttpRequest r{method, target, "Bearer key", body.is_null() ? "" : body.dump()};
    server::HttpResponse res = app->handle_http(r);
    EXPECT_LT(res.status, 300) << method << " " << target << " " << res.body;
    return Json::parse(res.body);
  }

  Client& add(const std::string& name, std::string_view preset = kParticipantPresetName) {
    auto p = http("POST", "/v2/meetings/" + mid + "/participants",
                  {{"custom_participant_id", name}, {"name", name}, {"preset_name", std::string(preset)}})["data"];
    Config cfg;
    cfg.backoff = BackoffPolicy{100, 400, 3};
    clients.push_back(std::make_unique<Client>(cfg));
    Client& c = *clients.back();
    c.token = p["token"];
    c.pid = p["id"];
    c.s.on_local_media(true, true);
    return c;
  }

  // The host side of one client: carry out its outputs against the App.
  bool step_client(Client& c) {
    bool did = false;
    for (auto& o : c.s.take_outputs()) {
      did = true;
      if (auto* f = std::get_if<out::SendFrame>(&o)) {
        auto e = proto::decode_envelope(f->text);
        if (e) c.sent_types.push_back(e->type);
        if (c.peer && c.socket_up) app->ws().on_frame(*c.peer, f->text);
      } else if (std::get_if<out::OpenSocket>(&o)) {
        if (c.server_down) {
          c.s.on_socket_close();
          continue;
        }
        auto auth = app->authorize_ws("/v2/ws?authToken=" + c.token);
        EXPECT_TRUE(auth.ok) << auth.reason;
        c.pipe = std::make_shared<Pipe>();
        c.peer = std::make_unique<server::WsPeer>(auth.claims.participant_id, auth.claims.meeting_id, c.pipe,
                                                  app->config().rate);
        c.socket_up = true;
        c.s.on_socket_open();
        EXPECT_TRUE(app->ws().on_open(*c.peer));
      } else if (std::get_if<out::CloseSocket>(&o)) {
        drop(c);
      } else if (std::get_if<out::StartTimer>(&o)) {
        c.timer_armed = true;
      } else if (auto* cr = std::get_if<out::CreateOffer>(&o)) {
        c.s.on_local_description(cr->peer, "offer", "v=0 offer of " + c.pid);
      } else if (auto* srd = std::get_if<out::SetRemoteDescription>(&o)) {
        if (srd->type == "offer") c.s.on_local_description(srd->peer, "answer", "v=0 answer of " + c.pid);
      } else if (auto* ev = std::get_if<out::Event>(&o)) {
        if (ev->name == "requestResolved") c.resolved.push_back(ev->payload);
        if (ev->name == "requestRejected") c.rejected.push_back(ev->payload);
        c.events.push_back(*ev);
      }
    }
    if (c.pipe && c.socket_up) {
      while (!c.pipe->to_client.empty()) {
        std::string t = std::move(c.pipe->to_client.front());
        c.pipe->to_client.pop_front();
        c.s.on_socket_message(t);
        did = true;
      }
      if (c.pipe->closed) {  // the server closed it
        drop(c);
        did = true;
      }
    }
    return did;
  }

  // Either side closes: the server sees the close, the client hears it.
  void drop(Client& c) {
    if (!c.socket_up) return;
    c.socket_up = false;
    app->ws().on_close(*c.peer);
    c.s.on_socket_close();
  }

  // Runs until nothing moves: client outputs, server frames, the server's fan-out.
  void settle() {
    for (int guard = 0; guard < 10000; ++guard) {
      bool did = false;
      for (auto& c : clients) did = step_client(*c) || did;
      did = sched.run_pending() > 0 || did;
      if (!did) return;
    }
    FAIL() << "did not settle";
  }

  void fire_timer(Client& c) {
    ASSERT_TRUE(c.timer_armed);
    c.timer_armed = false;
    c.s.on_timer();
    settle();
  }

  // The server's truth for one participant.
  std::string server_meeting_of(const std::string& pid) {
    Json st = http("GET", "/v2/meetings/" + mid + "/connected-meetings")["data"];
    auto in = [&](const Json& m) {
      for (const auto& p : m["participants"])
        if (p["id"] == pid) return true;
      return false;
    };
    if (in(st["parent_meeting"])) return st["parent_meeting"]["id"];
    for (const auto& m : st["meetings"])
      if (in(m)) return m["id"];
    return "";
  }
  std::uint64_t server_version() {
    return http("GET", "/v2/meetings/" + mid + "/connected-meetings")["data"]["version"].get<std::uint64_t>();
  }
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_F(World, NSessionsJoinSeeEachOtherAndMeshIsComplete) {
  constexpr int kN = 6;
  Client& host = add("host", kHostPresetName);
  for (int i = 0; i < kN - 1; ++i) add("p" + std::to_string(i));
  for (auto& c : clients) c->s.join();
  settle();
  for (auto& c : clients) {
    EXPECT_EQ(c->s.room_state(), RoomState::joined) << c->pid;
    EXPECT_EQ(c->s.meeting_id(), mid);
    EXPECT_EQ(c->s.peers().size(), static_cast<std::size_t>(kN - 1)) << c->pid;
    EXPECT_EQ(c->resolved.size(), 1u);
  }
  // one side of each pair is polite
  for (auto& a : clients)
    for (auto& b : clients)
      if (a != b) {
        EXPECT_NE(a->s.is_polite_towards(b->pid), b->s.is_polite_towards(a->pid));
      }
  // the host sees the full group (everyone connected); its group version is the server's
  EXPECT_EQ(host.s.group().scope, GroupScope::full);
  EXPECT_EQ(host.s.group().version, server_version());
  EXPECT_EQ(host.s.group().parent.participants.size(), static_cast<std::size_t>(kN));
  for (const auto& m : host.s.group().parent.participants) EXPECT_EQ(m.connected, std::optional<bool>(true));
}

TEST_F(World, BreakoutSwitchesAndCloseKeepEveryMirrorInStepWithTheServer) {
  Client& host = add("host", kHostPresetName);
  Client& a = add("a");
  Client& b = add("b");
  Client& c = add("c");
  for (auto& x : clients) x->s.join();
  settle();
  host.s.call("startBreakout",
              Json::array({Json{{"meetings", Json::array({Json{{"title", "R1"}}, Json{{"title", "R2"}}})},
                                {"assignments", Json::array({Json{{"participantId", a.pid}, {"meetingIndex", 0}},
                                                             Json{{"participantId", b.pid}, {"meetingIndex", 0}},
                                                             Json{{"participantId", c.pid}, {"meetingIndex", 1}}})}}})
                  .dump());
  settle();
  ASSERT_EQ(host.resolved.size(), 2u) << (host.rejected.empty() ? "" : host.rejected[0].dump());
  const std::string r1 = host.resolved[1]["data"]["meetings"][0]["id"];
  const std::string r2 = host.resolved[1]["data"]["meetings"][1]["id"];
  EXPECT_EQ(a.s.meeting_id(), r1);
  EXPECT_EQ(b.s.meeting_id(), r1);
  EXPECT_EQ(c.s.meeting_id(), r2);
  EXPECT_EQ(host.s.meeting_id(), mid);
  EXPECT_EQ(a.s.peers(), std::vector<std::string>{b.pid});
  EXPECT_TRUE(c.s.peers().empty());
  EXPECT_TRUE(host.s.peers().empty());
  EXPECT_EQ(a.count("meetingChanged"), 1u);
  EXPECT_EQ(host.count("meetingChanged"), 0u);
  for (auto& x : clients) {
    EXPECT_EQ(x->s.meeting_id(), server_meeting_of(x->pid));
    EXPECT_EQ(x->s.group().version, server_version()) << x->pid;
  }
  // the host's breakout manager sees who is where, with presence
  const MeetingView* hv = host.s.group().find_meeting(r1);
  ASSERT_NE(hv, nullptr);
  EXPECT_EQ(hv->participants.size(), 2u);

  // the host moves b to r2 (one command): b switches again, the mesh follows
  host.s.call("moveParticipants", Json::array({r1, r2, Json::array({b.pid})}).dump());
  settle();
  EXPECT_EQ(b.s.meeting_id(), r2);
  EXPECT_EQ(b.s.peers(), std::vector<std::string>{c.pid});
  EXPECT_TRUE(a.s.peers().empty());
  EXPECT_EQ(b.count("meetingChanged"), 2u);

  // a multi-room move in one atomic command: a -> r2, c -> r1
  host.s.call("assignParticipants", Json::array({Json::array({Json{{"participantId", a.pid}, {"meetingId", r2}},
                                                              Json{{"participantId", c.pid}, {"meetingId", r1}}})})
                                        .dump());
  const auto v_before = server_version();
  settle();
  EXPECT_EQ(server_version(), v_before + 1);  // one command
  EXPECT_EQ(a.s.meeting_id(), r2);
  EXPECT_EQ(c.s.meeting_id(), r1);
  EXPECT_EQ(sorted(a.s.peers()), std::vector<std::string>{b.pid});

  host.s.call("closeBreakout", "[]");
  settle();
  for (auto& x : clients) {
    EXPECT_EQ(x->s.meeting_id(), mid) << x->pid;
    EXPECT_EQ(x->s.peers().size(), 3u) << x->pid;
    EXPECT_TRUE(x->s.group().meetings.empty());
    EXPECT_EQ(x->s.group().version, server_version());
  }
}

TEST_F(World, ParticipantSwitchesItselfWhereTheCoreAllowsAndNoOneElse) {
  Client& host = add("host", kHostPresetName);
  Client& a = add("a");
  for (auto& x : clients) x->s.join();
  settle();
  host.s.call("createMeetings", R"([[{"title":"R1"}]])");
  settle();
  ASSERT_EQ(host.s.group().meetings.size(), 1u);
  const std::string r1 = host.s.group().meetings.at(0).id;
  // the default participant preset may switch itself: r1 is a target, decided by the core
  EXPECT_EQ(a.s.rules_json()["switchTargets"], Json::array({r1}));
  // but it may not move someone else
  a.s.call("moveParticipants", Json::array({mid, r1, Json::array({host.pid})}).dump());
  settle();
  ASSERT_EQ(a.rejected.size(), 1u);
  EXPECT_EQ(a.rejected[0]["code"], "permission_denied");
  EXPECT_EQ(host.s.meeting_id(), mid);
  a.s.call("moveParticipants", Json::array({mid, r1, Json::array({a.pid})}).dump());
  settle();
  EXPECT_EQ(a.s.meeting_id(), r1);
  EXPECT_EQ(a.s.rules_json()["switchTargets"], Json::array({mid}));
}

TEST_F(World, ForcedVersionGapIsHealedWithConnectedMeetingsGet) {
  Client& host = add("host", kHostPresetName);
  Client& a = add("a", kHostPresetName);
  for (auto& x : clients) x->s.join();
  settle();
  a.pipe->drop_deltas = 1;
  host.s.call("createMeetings", R"([[{"title":"R1"}]])");
  settle();
  EXPECT_EQ(a.pipe->dropped, 1);
  EXPECT_TRUE(a.s.group().meetings.empty());  // a missed it, and cannot know yet
  const auto gets_before = std::count(a.sent_types.begin(), a.sent_types.end(), "connected_meetings.get");
  host.s.call("createMeetings", R"([[{"title":"R2"}]])");
  settle();
  // the second delta did not follow a's version: a asked for the state and caught up
  EXPECT_EQ(std::count(a.sent_types.begin(), a.sent_types.end(), "connected_meetings.get"), gets_before + 1);
  EXPECT_EQ(a.s.group().version, server_version());
  EXPECT_EQ(a.s.group(), host.s.group());
  ASSERT_EQ(a.s.group().meetings.size(), 2u);
  EXPECT_TRUE(a.rejected.empty());
  EXPECT_GE(a.count("stateUpdate"), 1u);
}

TEST_F(World, ReconnectRejoinsTheSameRoomAndPeersResetTheirPair) {
  Client& a = add("a");
  Client& b = add("b");
  a.s.join();
  b.s.join();
  settle();
  ASSERT_EQ(a.s.peers(), std::vector<std::string>{b.pid});
  // b's socket drops; it reconnects after its backoff
  drop(b);
  settle();
  EXPECT_EQ(b.s.link_state(), LinkState::waiting);
  EXPECT_TRUE(a.s.peers().empty());  // the server told a that b left
  fire_timer(b);
  EXPECT_EQ(b.s.room_state(), RoomState::joined);
  EXPECT_EQ(b.s.peers(), std::vector<std::string>{a.pid});
  EXPECT_EQ(a.s.peers(), std::vector<std::string>{b.pid});
  EXPECT_EQ(b.count("roomJoined"), 2u);
  EXPECT_EQ(b.events.back().name.empty(), false);
}

TEST_F(World, JoinAfterFailedReconnectsAndJoinAfterReplacedIsRefused) {
  Client& a = add("a");
  a.s.join();
  settle();
  // the server becomes unreachable: backoff, then failed
  a.server_down = true;
  drop(a);
  settle();
  for (int i = 0; i < 3; ++i) fire_timer(a);
  EXPECT_EQ(a.s.link_state(), LinkState::failed);
  EXPECT_EQ(a.s.room_state(), RoomState::failed);
  // join() after failed settles: here it reconnects
  a.server_down = false;
  const auto resolved_before = a.resolved.size();
  a.s.join();
  settle();
  EXPECT_EQ(a.s.room_state(), RoomState::joined);
  EXPECT_EQ(a.resolved.size(), resolved_before + 1);

  // a second tab of the same participant replaces this one
  Client& tab2 = add("a2");
  tab2.token = a.token;
  tab2.pid = a.pid;
  tab2.s.join();
  settle();
  EXPECT_EQ(tab2.s.room_state(), RoomState::joined);
  EXPECT_EQ(a.count("sessionEnded"), 1u);
  // join() on the replaced one settles at once with a clear error
  const auto rejected_before = a.rejected.size();
  a.s.join();
  settle();
  ASSERT_EQ(a.rejected.size(), rejected_before + 1);
  EXPECT_EQ(a.rejected.back()["code"], "unavailable");
  EXPECT_NE(a.rejected.back()["message"].get<std::string>().find("replaced"), std::string::npos);
  EXPECT_EQ(tab2.s.room_state(), RoomState::joined);
}

TEST_F(World, PresetChangeOverRestReachesTheClientOnce) {
  Client& a = add("a");
  a.s.join();
  settle();
  EXPECT_FALSE(a.s.rules_json()["permissions"]["connectedMeetings"]["canAlterConnectedMeetings"].get<bool>());
  // the core's decisions for the UI: a participant sends chat and votes, creates no poll
  EXPECT_EQ(a.s.rules_json()["can"]["sendChat"], true);
  EXPECT_EQ(a.s.rules_json()["can"]["votePoll"], true);
  EXPECT_EQ(a.s.rules_json()["can"]["createPoll"], false);
  EXPECT_EQ(a.s.rules_json()["can"]["alterConnectedMeetings"], false);
  http("PATCH", "/v2/meetings/" + mid + "/participants/" + a.pid, {{"preset_name", std::string(kHostPresetName)}});
  settle();
  EXPECT_EQ(a.count("selfPermissionsUpdate"), 1u);
  EXPECT_TRUE(a.s.rules_json()["permissions"]["connectedMeetings"]["canAlterConnectedMeetings"].get<bool>());
  EXPECT_EQ(a.s.rules_json()["can"]["createPoll"], true);
  EXPECT_EQ(a.s.rules_json()["can"]["alterConnectedMeetings"], true);
  // with alter permission it now sees the full group
  EXPECT_EQ(a.s.group().scope, GroupScope::full);
  // the same preset again: nothing changes, no event
  http("PATCH", "/v2/meetings/" + mid + "/participants/" + a.pid, {{"preset_name", std::string(kHostPresetName)}});
  settle();
  EXPECT_EQ(a.count("selfPermissionsUpdate"), 1u);
}
