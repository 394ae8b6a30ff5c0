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

}  // namespace rtk::server::janus
