// Large rooms (issue 10): a subscriber takes every audio stream it should hear but the video of
// at most K publishers (rtk/video_slots.hpp: pinned, recent speakers, join order). Janus's
// audio-level events (talking / stopped-talking) keep the speaker history per group; a speaker
// change re-syncs the group's subscribers, and a subscriber whose slots only swap videos gets a
// `switch` of its existing m-lines (no renegotiation, janus/subscriptions.hpp). sfu.slots tells
// each client whose video its slots hold and who spoke last.
#include <algorithm>

#include "log.hpp"
#include "sfu.hpp"

namespace rtk::server {

std::string_view listened_meeting(const GroupData& g, const std::string& pid) {
  auto it = g.listening.find(pid);
  return it == g.listening.end() ? std::string_view() : std::string_view(it->second.meeting_id);
}

janus::Publishers SfuController::publishers(const std::string& group_id) const {
  janus::Publishers out;
  for (const auto& [pid, p] : peers_)
    if (p.group_id == group_id && p.published && p.media_up) out[pid] = p.sections;
  return out;
}

janus::StreamSet SfuController::wanted_streams(const std::string& pid, std::vector<std::string>* video) const {
  auto it = peers_.find(pid);
  if (it == peers_.end()) return {};
  const std::string& gid = it->second.group_id;
  const GroupData* g = registry_.group(gid);
  if (!g) return {};
  const janus::Publishers pubs = publishers(gid);
  janus::FeedSet pub_ids;
  for (const auto& [id, _] : pubs) pub_ids.insert(id);
  const std::string_view other = listened_meeting(*g, pid);
  const janus::FeedSet feeds = janus::wanted_feeds(g->state, g->presence, pub_ids, pid, other);
  // Candidates for a video slot: the wanted feeds that send video, in join order (own meeting
  // first, then the listened one).
  VideoSlotInput in;
  in.self = pid;
  in.k = video_slots_;
  const auto add_from = [&](const Meeting* m) {
    if (!m) return;
    for (const auto& part : m->participants) {
      if (!feeds.count(part.id)) continue;
      const auto& secs = pubs.at(part.id);
      if (std::any_of(secs.begin(), secs.end(), [](const janus::Section& s) { return s.kind == "video"; }))
        in.candidates.push_back(part.id);
    }
  };
  add_from(g->state.meeting_of(pid));
  if (!other.empty()) add_from(g->state.find_meeting(other));
  if (auto sp = speech_.find(gid); sp != speech_.end()) in.speakers = sp->second.recent;
  in.pinned = g->pinned;
  std::vector<std::string> slots = choose_video_slots(in);
  janus::StreamSet out = janus::wanted_streams(feeds, pubs, slots);
  if (video) *video = std::move(slots);
  return out;
}

void SfuController::set_streams(Peer& p, const Json& data) {
  p.streams = janus::streams_of(data);
  p.feed_mids = janus::feed_mids_of(data);
  p.subscribed = janus::active_feeds(p.streams);
  p.carried = janus::carried_streams(p.streams, p.feed_mids, publishers(p.group_id));
}

void SfuController::tell_slots(const std::string& pid) {
  auto it = peers_.find(pid);
  if (it == peers_.end() || !it->second.sub) return;
  Peer& p = it->second;
  std::vector<std::string> slots;
  const janus::StreamSet wanted = wanted_streams(pid, &slots);
  proto::SfuSlots now;
  // The slots whose video the subscriber really receives now, in slot order.
  for (const auto& id : slots)
    for (const auto& st : p.streams)
      if (st.active && st.kind == "video" && st.participant_id == id) {
        now.video.push_back(id);
        break;
      }
  if (auto sp = speech_.find(p.group_id); sp != speech_.end())
    for (const auto& id : sp->second.recent) {
      const bool heard = id == pid || std::any_of(wanted.begin(), wanted.end(),
                                                  [&](const janus::StreamKey& k) { return k.feed == id; });
      if (heard) {
        now.active_speaker = id;
        break;
      }
    }
  now.streams = p.streams;
  if (const GroupData* g = registry_.group(p.group_id))
    for (const auto& id : g->pinned)
      if (std::any_of(wanted.begin(), wanted.end(), [&](const janus::StreamKey& k) { return k.feed == id; }))
        now.pinned.push_back(id);
  if (now == p.told) return;
  p.told = now;
  hub_.send(pid, proto::event(now));
}

bool SfuController::on_speech(const janus::Reply& r) {
  if (!r.data.is_object()) return false;
  const std::string what = r.data.value("videoroom", "");
  if (what != "talking" && what != "stopped-talking") return false;
  const Json& id = r.data.contains("id") ? r.data["id"] : Json();
  const Json& room = r.data.contains("room") ? r.data["room"] : Json();
  if (!id.is_string() || !room.is_string()) return true;
  const std::string who = id.get<std::string>();
  const std::string gid = room.get<std::string>();
  // Janus tells every publisher handle of the room: act on the first of them only.
  Speech& sp = speech_[gid];
  if (what == "stopped-talking") {
    sp.talking.erase(who);
    return true;
  }
  sp.talking.insert(who);
  if (!sp.recent.empty() && sp.recent.front() == who) return true;  // no news
  note_speaker(sp.recent, who);
  log_event("sfu_speaker", Json{{"group_id", gid}, {"participant_id", who}});
  std::vector<std::string> group;
  for (const auto& [pid, p] : peers_)
    if (p.group_id == gid) group.push_back(pid);
  for (const auto& pid : group) sync_subscriber(pid);
  return true;
}

}  // namespace rtk::server
