#include "rtk/client/sfu.hpp"

#include <algorithm>

namespace rtk::client {

void Sfu::start(std::vector<Output>& out) {
  if (active_) return;
  active_ = true;
  out.emplace_back(out::OpenPeer{std::string(kPublisherPeer), false});
  out.emplace_back(out::AttachLocalTracks{std::string(kPublisherPeer)});
}

bool Sfu::close(std::vector<Output>& out) {
  if (!active_) return false;
  out.emplace_back(out::ClosePeer{std::string(kPublisherPeer)});
  if (subscriber_open_) out.emplace_back(out::ClosePeer{std::string(kSubscriberPeer)});
  *this = Sfu{};
  return true;
}

void Sfu::on_negotiation_needed(std::string_view peer, std::vector<Output>& out) {
  if (!active_ || peer != kPublisherPeer) return;  // the subscriber only answers
  if (publishing_) {
    offer_again_ = true;
    return;
  }
  publishing_ = true;
  out.emplace_back(out::CreateOffer{std::string(kPublisherPeer)});
}

std::optional<std::pair<std::string_view, Json>> Sfu::on_local_description(std::string_view peer, std::string_view type,
                                                                           std::string_view sdp) {
  if (!active_) return std::nullopt;
  if (peer == kPublisherPeer && type == "offer")
    return std::make_pair(proto::type::sfu_publish, proto::to_json(proto::SfuSdp{std::string(sdp)}));
  if (peer == kSubscriberPeer && type == "answer")
    return std::make_pair(proto::type::sfu_answer, proto::to_json(proto::SfuSdp{std::string(sdp)}));
  return std::nullopt;
}

void Sfu::on_publish_answer(const std::string& sdp, std::vector<Output>& out) {
  if (!active_) return;
  out.emplace_back(out::SetRemoteDescription{std::string(kPublisherPeer), "answer", sdp});
  publishing_ = false;
  if (offer_again_) {
    offer_again_ = false;
    publishing_ = true;
    out.emplace_back(out::CreateOffer{std::string(kPublisherPeer)});
  }
}

void Sfu::on_publish_failed() {
  publishing_ = false;
  offer_again_ = false;
}

void Sfu::on_offer(proto::SfuOffer offer, std::vector<Output>& out) {
  if (!active_) return;
  if (!subscriber_open_) {
    subscriber_open_ = true;
    out.emplace_back(out::OpenPeer{std::string(kSubscriberPeer), false});
  }
  streams_ = std::move(offer.streams);  // before the tracks fire, so they map by mid
  out.emplace_back(out::SetRemoteDescription{std::string(kSubscriberPeer), "offer", std::move(offer.sdp)});
}

Json Sfu::on_slots(proto::SfuSlots slots, std::vector<Output>& out) {
  if (active_ && subscriber_open_) {
    for (const auto& now : slots.streams) {
      auto was =
          std::find_if(streams_.begin(), streams_.end(), [&](const proto::SfuStream& s) { return s.mid == now.mid; });
      if (was == streams_.end() || now.kind != was->kind) continue;  // a new m-line: its offer brings the track
      const std::string from = was->active ? was->participant_id : "";
      const std::string to = now.active ? now.participant_id : "";
      if (from != to) out.emplace_back(out::RemapTrack{std::string(kSubscriberPeer), now.mid, now.kind, from, to});
    }
    streams_ = slots.streams;
  }
  return Json{{"video", slots.video}, {"activeSpeaker", slots.active_speaker}, {"pinned", slots.pinned}};
}

Json Sfu::trickle(std::string_view peer, std::string_view candidate, std::string_view sdp_mid,
                  std::int64_t index) const {
  proto::SfuTrickle t;
  t.target = peer == kPublisherPeer ? "publisher" : "subscriber";
  t.candidate = std::string(candidate);
  t.sdp_mid = std::string(sdp_mid);
  t.sdp_m_line_index = index;
  return proto::to_json(t);
}

std::string Sfu::participant_for_mid(std::string_view mid) const {
  for (const auto& s : streams_)
    if (s.mid == mid && s.active) return s.participant_id;
  return "";
}

std::vector<std::string> Sfu::feeds() const {
  std::vector<std::string> out;
  for (const auto& s : streams_)
    if (s.active && !s.participant_id.empty()) out.push_back(s.participant_id);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Json Sfu::snapshot() const {
  Json streams = Json::array();
  for (const auto& s : streams_)
    streams.push_back(
        Json{{"mid", s.mid}, {"participantId", s.participant_id}, {"kind", s.kind}, {"active", s.active}});
  return Json{{"active", active_}, {"feeds", feeds()}, {"streams", std::move(streams)}};
}

}  // namespace rtk::client
