#include "janus/subscriptions.hpp"

#include <algorithm>

namespace rtk::server::janus {

FeedSet wanted_feeds(const GroupState& state, const PresenceMap& presence, const FeedSet& publishing,
                     const std::string& self, std::string_view listened) {
  FeedSet out;
  const Meeting* mine = state.meeting_of(self);
  if (!mine) return out;
  const Meeting* other = listened.empty() ? nullptr : state.find_meeting(listened);
  for (const auto& pid : publishing) {
    if (pid == self || !presence_of(presence, pid).connected) continue;
    const Meeting* theirs = state.meeting_of(pid);
    if (theirs == mine || (other && theirs == other)) out.insert(pid);
  }
  return out;
}

Diff diff(const FeedSet& current, const FeedSet& wanted) {
  Diff d;
  std::set_difference(wanted.begin(), wanted.end(), current.begin(), current.end(), std::back_inserter(d.subscribe));
  std::set_difference(current.begin(), current.end(), wanted.begin(), wanted.end(), std::back_inserter(d.unsubscribe));
  return d;
}

Json update_body(const Diff& d) {
  Json body{{"request", "update"}};
  if (!d.subscribe.empty()) {
    Json sub = Json::array();
    for (const auto& f : d.subscribe) sub.push_back(Json{{"feed", f}});
    body["subscribe"] = std::move(sub);
  }
  if (!d.unsubscribe.empty()) {
    Json unsub = Json::array();
    for (const auto& f : d.unsubscribe) unsub.push_back(Json{{"feed", f}});
    body["unsubscribe"] = std::move(unsub);
  }
  return body;
}

Json join_subscriber_body(const std::string& room, const FeedSet& feeds) {
  Json streams = Json::array();
  for (const auto& f : feeds) streams.push_back(Json{{"feed", f}});
  return Json{{"request", "join"}, {"ptype", "subscriber"}, {"room", room}, {"streams", std::move(streams)}};
}

std::vector<proto::SfuStream> streams_of(const Json& data) {
  std::vector<proto::SfuStream> out;
  if (!data.is_object() || !data.contains("streams") || !data["streams"].is_array()) return out;
  for (const auto& s : data["streams"]) {
    if (!s.is_object()) continue;
    proto::SfuStream st;
    if (s.contains("mid") && s["mid"].is_string()) st.mid = s["mid"].get<std::string>();
    if (s.contains("type") && s["type"].is_string()) st.kind = s["type"].get<std::string>();
    if (s.contains("feed_id") && s["feed_id"].is_string()) st.participant_id = s["feed_id"].get<std::string>();
    st.active = !(s.contains("active") && s["active"].is_boolean() && !s["active"].get<bool>());
    if (st.participant_id.empty()) st.active = false;
    if (st.mid.empty() || (st.kind != "audio" && st.kind != "video")) continue;  // data channels
    out.push_back(std::move(st));
  }
  return out;
}

FeedSet active_feeds(const std::vector<proto::SfuStream>& streams) {
  FeedSet out;
  for (const auto& s : streams)
    if (s.active && !s.participant_id.empty()) out.insert(s.participant_id);
  return out;
}

namespace {
const Section* section_of(const Publishers& pubs, const StreamKey& k) {
  auto it = pubs.find(k.feed);
  if (it == pubs.end()) return nullptr;
  for (const auto& s : it->second)
    if (s.mid == k.mid) return &s;
  return nullptr;
}
Json stream_json(const StreamKey& k) {
  Json o{{"feed", k.feed}};
  if (!k.mid.empty()) o["mid"] = k.mid;
  return o;
}
}  // namespace

StreamSet wanted_streams(const FeedSet& feeds, const Publishers& pubs, const std::vector<std::string>& video) {
  StreamSet out;
  for (const auto& f : feeds) {
    auto it = pubs.find(f);
    if (it == pubs.end() || it->second.empty()) {
      out.insert(StreamKey{f, ""});
      continue;
    }
    const bool slot = std::find(video.begin(), video.end(), f) != video.end();
    for (const auto& s : it->second)
      if (s.kind != "video" || slot) out.insert(StreamKey{f, s.mid});
  }
  return out;
}

StreamSet carried_streams(const std::vector<proto::SfuStream>& streams,
                          const std::map<std::string, std::string>& feed_mids, const Publishers& pubs) {
  StreamSet out;
  for (const auto& s : streams) {
    if (!s.active || s.participant_id.empty()) continue;
    auto p = pubs.find(s.participant_id);
    auto m = feed_mids.find(s.mid);
    if (p == pubs.end() || p->second.empty() || m == feed_mids.end())
      out.insert(StreamKey{s.participant_id, ""});
    else
      out.insert(StreamKey{s.participant_id, m->second});
  }
  return out;
}

std::map<std::string, std::string> feed_mids_of(const Json& data) {
  std::map<std::string, std::string> out;
  if (!data.is_object() || !data.contains("streams") || !data["streams"].is_array()) return out;
  for (const auto& s : data["streams"])
    if (s.is_object() && s.contains("mid") && s["mid"].is_string() && s.contains("feed_mid") &&
        s["feed_mid"].is_string())
      out[s["mid"].get<std::string>()] = s["feed_mid"].get<std::string>();
  return out;
}

StreamDiff diff(const StreamSet& current, const StreamSet& wanted) {
  StreamDiff d;
  std::set_difference(current.begin(), current.end(), wanted.begin(), wanted.end(), std::back_inserter(d.unsubscribe));
  FeedSet leaving;
  for (const auto& k : d.unsubscribe) leaving.insert(k.feed);
  std::vector<StreamKey> add;
  std::set_difference(wanted.begin(), wanted.end(), current.begin(), current.end(), std::back_inserter(add));
  for (auto& k : add) {
    if (leaving.count(k.feed))
      d.deferred = true;
    else
      d.subscribe.push_back(std::move(k));
  }
  return d;
}

Json update_body(const StreamDiff& d) {
  Json body{{"request", "update"}};
  if (!d.subscribe.empty()) {
    Json sub = Json::array();
    for (const auto& k : d.subscribe) sub.push_back(stream_json(k));
    body["subscribe"] = std::move(sub);
  }
  if (!d.unsubscribe.empty()) {
    Json unsub = Json::array();
    for (const auto& k : d.unsubscribe) unsub.push_back(stream_json(k));
    body["unsubscribe"] = std::move(unsub);
  }
  return body;
}

Json join_subscriber_body(const std::string& room, const StreamSet& streams) {
  Json list = Json::array();
  for (const auto& k : streams) list.push_back(stream_json(k));
  return Json{{"request", "join"}, {"ptype", "subscriber"}, {"room", room}, {"streams", std::move(list)}};
}

Json switch_body(const StreamDiff& d, const Publishers& pubs, const std::vector<proto::SfuStream>& streams,
                 const std::map<std::string, std::string>& feed_mids) {
  if (d.subscribe.empty() || d.subscribe.size() != d.unsubscribe.size() || d.deferred) return Json();
  const auto is_video = [&](const StreamKey& k) {
    const Section* s = section_of(pubs, k);
    return s && s->kind == "video";
  };
  Json list = Json::array();
  std::set<std::string> used;
  for (std::size_t i = 0; i < d.subscribe.size(); ++i) {
    const StreamKey& to = d.subscribe[i];
    const StreamKey& from = d.unsubscribe[i];
    if (!is_video(to) || from.mid.empty()) return Json();
    std::string sub_mid;
    for (const auto& s : streams) {
      auto m = feed_mids.find(s.mid);
      if (s.active && s.kind == "video" && s.participant_id == from.feed && m != feed_mids.end() &&
          m->second == from.mid && !used.count(s.mid))
        sub_mid = s.mid;
    }
    if (sub_mid.empty()) return Json();
    used.insert(sub_mid);
    list.push_back(Json{{"feed", to.feed}, {"mid", to.mid}, {"sub_mid", sub_mid}});
  }
  return Json{{"request", "switch"}, {"streams", std::move(list)}};
}

}  // namespace rtk::server::janus
