// The fake server and fake media host that drive a ClientSession in the client tests
// (client_session_test.cpp, plans_test.cpp): frames are built here, outputs inspected.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "rtk/client/session.hpp"
#include "rtk/preset.hpp"
#include "rtk/protocol.hpp"

namespace rtk::client::testing {

using namespace rtk;
using namespace rtk::client;

inline Participant participant(const std::string& id) {
  return Participant{id, "c-" + id, "group_call_participant", "N" + id};
}
inline proto::RoomMember member(const std::string& id, bool audio = true, bool video = true) {
  return proto::RoomMember{participant(id), audio, video};
}

// The fake server's group: which participants are in which meeting (all connected).
struct FakeGroup {
  std::uint64_t version = 1;
  std::vector<std::pair<std::string, std::vector<std::string>>> rooms{{"m0", {"a", "b", "c", "d"}}};
  GroupState durable() const {
    auto meeting = [](const std::string& id, const std::vector<std::string>& ps) {
      Meeting m{id, "T" + id, {}};
      for (const auto& p : ps) m.participants.push_back(participant(p));
      return m;
    };
    GroupState g;
    g.version = version;
    g.parent = meeting(rooms[0].first, rooms[0].second);
    for (std::size_t i = 1; i < rooms.size(); ++i) g.meetings.push_back(meeting(rooms[i].first, rooms[i].second));
    return g;
  }
  PresenceMap presence() const {
    PresenceMap pm;
    for (auto& [id, ps] : rooms)
      for (auto& p : ps) pm[p] = Presence{true, true, true, 1};
    return pm;
  }
  GroupView view(GroupScope scope = GroupScope::full) const { return make_view(durable(), presence(), scope); }
  Json state() const { return proto::to_json(proto::CmState{view(), {}}); }
  void place(const std::string& pid, const std::string& meeting) {
    for (auto& [id, ps] : rooms) ps.erase(std::remove(ps.begin(), ps.end(), pid), ps.end());
    for (auto& [id, ps] : rooms)
      if (id == meeting) ps.push_back(pid);
    ++version;
  }
};

inline Json room_update(const std::string& meeting, proto::RoomEvent::Kind kind, proto::RoomMember m) {
  proto::RoomUpdate u;
  u.meeting_id = meeting;
  u.events.push_back(proto::RoomEvent{kind, std::move(m)});
  return proto::to_json(u);
}

inline std::string frame(std::string_view type, Json data, std::string id = "") {
  return proto::encode(proto::Envelope{std::move(id), std::string(type), std::move(data), std::nullopt});
}

struct Harness {
  ClientSession s;
  std::vector<Output> log;  // every output so far
  std::size_t mark = 0;     // start of "recent" outputs
  std::string self = "b";
  FakeGroup group;
  proto::MediaInfo media;                                           // what room.joined says
  Json preset_json = preset_to_json(default_participant_preset());  // self's preset in room.joined

  // The backoff jitter's source is 0 unless a test gives one: the delays are the ceilings.
  static Config deterministic(Config c) {
    if (!c.random) c.random = [] { return 0u; };
    return c;
  }
  explicit Harness(Config c = {}) : s(deterministic(std::move(c))) {}

  void pump() {
    for (auto& o : s.take_outputs()) log.push_back(std::move(o));
  }
  void reset_mark() {
    pump();
    mark = log.size();
  }
  template <class T>
  std::vector<T> recent() {
    pump();
    std::vector<T> v;
    for (std::size_t i = mark; i < log.size(); ++i)
      if (auto* p = std::get_if<T>(&log[i])) v.push_back(*p);
    return v;
  }
  std::vector<out::Event> events(const std::string& name) {
    std::vector<out::Event> v;
    for (auto& e : recent<out::Event>())
      if (e.name == name) v.push_back(e);
    return v;
  }
  std::vector<std::string> event_order() {
    std::vector<std::string> v;
    for (auto& e : recent<out::Event>()) v.push_back(e.name);
    return v;
  }
  std::vector<proto::Envelope> sent() {
    std::vector<proto::Envelope> v;
    for (auto& f : recent<out::SendFrame>()) {
      auto e = proto::decode_envelope(f.text);
      EXPECT_TRUE(e.ok()) << f.text;
      if (e) v.push_back(e.value());
    }
    return v;
  }
  std::vector<std::string> opened() {
    std::vector<std::string> v;
    for (auto& o : recent<out::OpenPeer>()) v.push_back(o.peer);
    std::sort(v.begin(), v.end());
    return v;
  }
  std::vector<std::string> closed() {
    std::vector<std::string> v;
    for (auto& o : recent<out::ClosePeer>()) v.push_back(o.peer);
    std::sort(v.begin(), v.end());
    return v;
  }

  std::string meeting_of(const std::string& pid) const {
    for (auto& [id, ps] : group.rooms)
      if (std::find(ps.begin(), ps.end(), pid) != ps.end()) return id;
    return "";
  }
  Json room_joined(bool reconnected = false, bool audio = true, bool video = true) {
    const std::string mid = meeting_of(self);
    proto::RoomJoined rj;
    rj.meeting_id = mid;
    rj.meeting_title = "T" + mid;
    rj.is_parent = mid == "m0";
    rj.self = member(self, audio, video);
    rj.preset = preset_json;
    for (auto& [id, members] : group.rooms)
      if (id == mid)
        for (auto& p : members)
          if (p != self) rj.participants.push_back(member(p));
    rj.limits = proto::wire_limits(Limits{});
    rj.media = media;
    rj.reconnected = reconnected;
    return proto::to_json(rj);
  }
  void deliver(std::string_view type, Json data, std::string id = "") { s.on_socket_message(frame(type, data, id)); }
  // As the server does: the group view, then the room.
  void deliver_room_joined(bool reconnected = false, bool audio = true, bool video = true) {
    deliver(proto::type::cm_state, group.state());
    deliver(proto::type::room_joined, room_joined(reconnected, audio, video));
  }
  RequestId join_parent() {
    s.on_local_media(true, true);
    RequestId id = s.join();
    s.on_socket_open();
    deliver_room_joined();
    return id;
  }
  // The server moves `self` to `dest`: moving, then room.joined, then state.
  void move_self(const std::string& dest) {
    group.place(self, dest);
    deliver(proto::type::cm_moving, Json{{"meeting_id", dest}, {"version", group.version}});
  }
};

inline bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace rtk::client::testing
