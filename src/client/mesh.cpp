#include "rtk/client/mesh.hpp"

#include <algorithm>

namespace rtk::client {

void Mesh::open(const std::string& id, std::vector<Output>& out) {
  Peer p;
  p.polite = self_ > id;  // the smaller participant id is the impolite side
  // The impolite side attaches its tracks at once, which makes the browser ask for an offer.
  // The polite side attaches them when the first offer arrives, just before applying it, so the
  // usual first negotiation has no glare.
  p.tracks_attached = !p.polite;
  peers_[id] = p;
  out.emplace_back(out::OpenPeer{id, p.polite});
  if (p.tracks_attached) out.emplace_back(out::AttachLocalTracks{id});
}

bool Mesh::sync(const std::vector<std::string>& roster, std::vector<Output>& out) {
  bool changed = false;
  for (auto it = peers_.begin(); it != peers_.end();) {
    if (std::find(roster.begin(), roster.end(), it->first) == roster.end()) {
      out.emplace_back(out::ClosePeer{it->first});
      it = peers_.erase(it);
      changed = true;
    } else {
      ++it;
    }
  }
  for (const auto& id : roster)
    if (id != self_ && !peers_.count(id)) {
      open(id, out);
      changed = true;
    }
  return changed;
}

void Mesh::reset(const std::string& peer, std::vector<Output>& out) {
  if (peers_.erase(peer)) out.emplace_back(out::ClosePeer{peer});
  open(peer, out);
}

bool Mesh::close_all(std::vector<Output>& out) {
  if (peers_.empty()) return false;
  for (const auto& [id, p] : peers_) out.emplace_back(out::ClosePeer{id});
  peers_.clear();
  return true;
}

bool Mesh::on_offer(const std::string& from, const std::string& sdp, bool in_room, std::vector<Output>& out) {
  bool opened = false;
  auto it = peers_.find(from);
  if (it == peers_.end()) {
    if (!in_room || from == self_) return false;
    open(from, out);
    opened = true;
    it = peers_.find(from);
  }
  Peer& peer = it->second;
  const bool collision = peer.making_offer || peer.signaling != "stable";
  peer.ignore_offer = !peer.polite && collision;
  if (peer.ignore_offer) return opened;
  if (!peer.tracks_attached) {
    peer.tracks_attached = true;
    out.emplace_back(out::AttachLocalTracks{from});
  }
  out.emplace_back(out::SetRemoteDescription{from, "offer", sdp});
  return opened;
}

void Mesh::on_answer(const std::string& from, const std::string& sdp, std::vector<Output>& out) {
  auto it = peers_.find(from);
  if (it == peers_.end()) return;
  it->second.ignore_offer = false;
  out.emplace_back(out::SetRemoteDescription{from, "answer", sdp});
}

void Mesh::on_candidate(const std::string& from, const std::string& candidate, const std::string& mid,
                        std::int64_t index, std::vector<Output>& out) {
  // Always tried, as in the standard perfect-negotiation pattern: a candidate of an ignored
  // offer fails in the browser and the adapter drops that failure.
  if (!peers_.count(from)) return;
  out.emplace_back(out::AddIceCandidate{from, candidate, mid, index});
}

void Mesh::on_negotiation_needed(const std::string& peer, std::vector<Output>& out) {
  auto it = peers_.find(peer);
  if (it == peers_.end()) return;
  it->second.making_offer = true;
  out.emplace_back(out::CreateOffer{peer});
}

void Mesh::on_local_description(const std::string& peer, std::string_view type) {
  auto it = peers_.find(peer);
  if (it != peers_.end() && type == "offer") it->second.making_offer = false;
}

void Mesh::on_signaling_state(const std::string& peer, std::string_view state) {
  auto it = peers_.find(peer);
  if (it != peers_.end()) it->second.signaling = std::string(state);
}

void Mesh::on_media_error(const std::string& peer) {
  auto it = peers_.find(peer);
  if (it != peers_.end()) it->second.making_offer = false;
}

bool Mesh::is_polite_towards(std::string_view peer) const {
  auto it = peers_.find(std::string(peer));
  return it != peers_.end() && it->second.polite;
}

std::vector<std::string> Mesh::peers() const {
  std::vector<std::string> v;
  for (const auto& [id, p] : peers_) v.push_back(id);
  return v;
}

}  // namespace rtk::client
