// Mesh: the media plan. One peer connection per other connected participant of the room,
// perfect negotiation with the smaller participant id as the impolite side. Pure: every
// method appends the host commands to `out`.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rtk/client/outputs.hpp"

namespace rtk::client {

class Mesh {
 public:
  void set_self(std::string self_id) { self_ = std::move(self_id); }
  // Opens pairs to new ids and closes pairs to ids no longer present; true when the set changed.
  bool sync(const std::vector<std::string>& roster, std::vector<Output>& out);
  // Closes and reopens one pair (the participant reconnected: a new session on its side).
  void reset(const std::string& peer, std::vector<Output>& out);
  // Closes every pair; true when there was one.
  bool close_all(std::vector<Output>& out);

  // A relayed offer/answer/candidate from `from`; `in_room` says whether `from` is in the room
  // (an offer may arrive before the roster event that opens the pair). True when a pair opened.
  bool on_offer(const std::string& from, const std::string& sdp, bool in_room, std::vector<Output>& out);
  void on_answer(const std::string& from, const std::string& sdp, std::vector<Output>& out);
  void on_candidate(const std::string& from, const std::string& candidate, const std::string& mid, std::int64_t index,
                    std::vector<Output>& out);
  void on_negotiation_needed(const std::string& peer, std::vector<Output>& out);
  void on_local_description(const std::string& peer, std::string_view type);
  void on_signaling_state(const std::string& peer, std::string_view state);
  void on_media_error(const std::string& peer);

  bool has(const std::string& peer) const { return peers_.count(peer) != 0; }
  bool is_polite_towards(std::string_view peer) const;
  std::vector<std::string> peers() const;

 private:
  struct Peer {
    bool polite = false;
    bool making_offer = false;
    bool ignore_offer = false;
    bool tracks_attached = false;
    std::string signaling = "stable";
  };
  void open(const std::string& id, std::vector<Output>& out);
  std::string self_;
  std::map<std::string, Peer> peers_;
};

}  // namespace rtk::client
