// A fake Janus VideoRoom (the API as the SFU controller sees it) and the SFU-mode server fixture,
// shared by the SFU and recording unit tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "janus/sdp.hpp"
#include "server_fixture.hpp"

namespace rtk::server::testing {

// A VideoRoom that answers like Janus 1.1.2 (multistream): subscriber m-lines per feed (audio
// then video) or per {feed, mid} (the publisher's offer sections), unsubscribed m-lines become
// inactive and are reused before new ones are added; `switch` re-points m-lines in place;
// talk() sends the audio-level event to every publisher handle of the room, as Janus does.
struct FakeJanus : janus::Link {
  struct Sent {
    janus::Handle handle;
    Json body;
    Json jsep;
  };
  struct MLine {
    std::string mid, type, feed;
    bool active = true;
    std::string feed_mid;
  };
  std::map<std::string, std::vector<janus::Section>> sections;  // feed -> its offer's sections
  std::map<std::string, janus::Handle> pub_handle;              // feed -> its publisher handle
  bool up = true;
  janus::Handle next = 100;
  std::vector<Sent> sent;
  std::map<janus::Handle, std::vector<MLine>> mlines;
  std::deque<std::function<void()>> queue;
  std::vector<janus::Handle> detached;
  std::set<std::string> rooms;
  std::set<std::string> published;
  std::string fail_request;  // a body.request that fails

  bool ready() const override { return up; }
  void attach(janus::ReplyFn done) override {
    const janus::Handle h = ++next;
    queue.emplace_back([done, h] { done(janus::Reply{true, "success", Json{{"id", h}}, Json(), ""}); });
  }
  void trickle(janus::Handle, Json) override {}
  void detach(janus::Handle h) override { detached.push_back(h); }

  Json streams_json(janus::Handle h) {
    Json s = Json::array();
    for (const auto& m : mlines[h]) {
      Json o{{"mid", m.mid}, {"type", m.type}, {"active", m.active}};
      if (m.active) o["feed_id"] = m.feed;
      if (m.active && !m.feed_mid.empty()) o["feed_mid"] = m.feed_mid;
      s.push_back(o);
    }
    return s;
  }
  void add_line(janus::Handle h, const std::string& type, const std::string& feed, const std::string& feed_mid) {
    auto& ls = mlines[h];
    auto it = std::find_if(ls.begin(), ls.end(), [&](const MLine& m) { return !m.active && m.type == type; });
    if (it != ls.end()) {
      it->feed = feed;
      it->active = true;
      it->feed_mid = feed_mid;
    } else {
      ls.push_back(MLine{std::to_string(ls.size()), type, feed, true, feed_mid});
    }
  }
  void add_feed(janus::Handle h, const std::string& feed, const std::string& mid = "") {
    if (!mid.empty()) {
      for (const auto& sec : sections[feed])
        if (sec.mid == mid) return add_line(h, sec.kind, feed, mid);
      ADD_FAILURE() << "subscribed to mid " << mid << " that feed " << feed << " does not send";
      return;
    }
    for (const char* type : {"audio", "video"}) add_line(h, type, feed, "");
  }
  // `who` starts (or stops) talking in `room`: every publisher handle hears it.
  void talk(const std::string& room, const std::string& who, bool talking = true) {
    for (const auto& [feed, h] : pub_handle) {
      janus::Reply r;
      r.ok = true;
      r.kind = "event";
      r.data = Json{{"videoroom", talking ? "talking" : "stopped-talking"}, {"room", room}, {"id", who}};
      if (on_event) on_event(h, r);
    }
  }
  void message(janus::Handle h, Json body, Json jsep, janus::ReplyFn done) override {
    sent.push_back(Sent{h, body, jsep});
    const std::string req = body.value("request", "");
    queue.emplace_back([this, h, body, jsep, req, done] {
      janus::Reply r;
      if (req == fail_request) {
        r.data = Json{{"videoroom", "event"}, {"error_code", 499}, {"error", "boom"}};
        r.error = "boom";
        return done(r);
      }
      r.ok = true;
      if (req == "create") {
        rooms.insert(body["room"].get<std::string>());
        r.data = Json{{"videoroom", "created"}};
      } else if (req == "joinandconfigure") {
        const std::string id = body["id"].get<std::string>();
        sections[id] = janus::sending_sections(jsep.value("sdp", ""));
        pub_handle[id] = h;
        r.data = Json{{"videoroom", "joined"}};
        r.jsep = Json{{"type", "answer"}, {"sdp", "answer-for-" + id}};
        // the publisher's PeerConnection comes up later; only then is it a feed
        queue.emplace_back([this, h, id] {
          published.insert(id);
          janus::Reply up;
          up.ok = true;
          up.kind = "webrtcup";
          if (on_event) on_event(h, up);
        });
      } else if (req == "join") {
        for (const auto& s : body["streams"]) {
          EXPECT_TRUE(published.count(s["feed"].get<std::string>())) << "subscribed to a feed not published";
          add_feed(h, s["feed"], s.value("mid", ""));
        }
        r.data = Json{{"videoroom", "attached"}, {"streams", streams_json(h)}};
        r.jsep = Json{{"type", "offer"}, {"sdp", "offer"}};
      } else if (req == "update") {
        for (const auto& s : body.value("unsubscribe", Json::array()))
          for (auto& m : mlines[h])
            if (m.active && m.feed == s["feed"] && (!s.contains("mid") || m.feed_mid == s["mid"])) m.active = false;
        for (const auto& s : body.value("subscribe", Json::array())) add_feed(h, s["feed"], s.value("mid", ""));
        r.data = Json{{"videoroom", "updated"}, {"streams", streams_json(h)}};
        r.jsep = Json{{"type", "offer"}, {"sdp", "offer"}};
      } else if (req == "switch") {
        for (const auto& s : body["streams"])
          for (auto& m : mlines[h])
            if (m.mid == s["sub_mid"]) {
              EXPECT_TRUE(m.active && m.type == "video") << "switched an idle or audio m-line";
              m.feed = s["feed"];
              m.feed_mid = s["mid"];
            }
        r.data = Json{{"videoroom", "updated"}, {"changes", body["streams"].size()}, {"streams", streams_json(h)}};
      } else if (req == "start") {
        r.data = Json{{"started", "ok"}};
      }
      done(r);
    });
  }
  void pump() {
    while (!queue.empty()) {
      auto f = std::move(queue.front());
      queue.pop_front();
      f();
    }
  }
  std::vector<Sent> requests(const std::string& req) const {
    std::vector<Sent> out;
    for (const auto& s : sent)
      if (s.body.value("request", "") == req) out.push_back(s);
    return out;
  }
  std::set<std::string> active(janus::Handle h) {
    std::set<std::string> out;
    for (const auto& m : mlines[h])
      if (m.active) out.insert(m.feed);
    return out;
  }
};

struct SfuTest : ServerFixture {
  FakeJanus janus;
  void configure(Config& c) override {
    c.media = "sfu";
    c.janus_admin_key = "ak";
    c.ice_servers = {"stun:stun.example.org:3478"};
  }
  void SetUp() override {
    ServerFixture::SetUp();
    ASSERT_NE(app->sfu(), nullptr);
    app->sfu()->set_link(&janus);
  }
  // Everything Janus and the clients do until nothing moves: publish answers, offers
  // answered by the clients.
  void settle(std::vector<Peer*> peers) {
    for (int round = 0; round < 20; ++round) {
      flush();
      janus.pump();
      flush();
      bool answered = false;
      for (Peer* p : peers) {
        for (const auto& f : p->conn->sent) {
          if (f.value("type", "") != "sfu.offer" || f.contains("seen")) continue;
          answered = true;
        }
        if (!answered) continue;
        for (auto& f : p->conn->sent)
          if (f.value("type", "") == "sfu.offer") f["seen"] = true;
        send(*p, "sfu.answer", {{"sdp", "answer"}}, "ans");
      }
      if (!answered && janus.queue.empty()) return;
    }
    FAIL() << "did not settle";
  }
  std::set<std::string> offered_feeds(const Peer& p) {
    const Json* o = p.last("sfu.offer");
    std::set<std::string> out;
    if (!o) return out;
    for (const auto& s : (*o)["data"]["streams"])
      if (s["active"].get<bool>()) out.insert(s["participant_id"].get<std::string>());
    return out;
  }
};

}  // namespace rtk::server::testing
