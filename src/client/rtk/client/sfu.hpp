// The SFU media path (room.joined media.mode "sfu"): one publisher PeerConnection for the
// whole stay in the group and one subscriber PeerConnection whose offers come from rtk-server
// (sfu.offer), with each m-line's participant (tracks are mapped by transceiver mid). Pure
// like Mesh: methods append host commands to `out` and return the frames to send.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtk/client/outputs.hpp"
#include "rtk/protocol.hpp"

namespace rtk::client {

inline constexpr std::string_view kPublisherPeer = "~publisher";    // never a participant id
inline constexpr std::string_view kSubscriberPeer = "~subscriber";  // (those are UUIDs)

class Sfu {
 public:
  bool active() const { return active_; }
  static bool owns(std::string_view peer) { return peer == kPublisherPeer || peer == kSubscriberPeer; }

  // Opens the publisher PeerConnection with the local tracks (once; a move keeps it).
  void start(std::vector<Output>& out);
  // Closes both PeerConnections (leave, session end); true when one was open.
  bool close(std::vector<Output>& out);

  // The publisher needs an offer: create it now, or after the current publish completes.
  void on_negotiation_needed(std::string_view peer, std::vector<Output>& out);
  // A local description is ready: the frame (type, data) to send, if any.
  std::optional<std::pair<std::string_view, Json>> on_local_description(std::string_view peer, std::string_view type,
                                                                        std::string_view sdp);
  // The sfu.publish reply: apply Janus's answer; an offer that was held back goes now.
  void on_publish_answer(const std::string& sdp, std::vector<Output>& out);
  void on_publish_failed();
  // An sfu.offer: the subscriber PeerConnection (opened on the first) takes it; its answer
  // comes back through on_local_description.
  void on_offer(proto::SfuOffer offer, std::vector<Output>& out);
  // An sfu.slots: the m-lines as they are now (a `switch` re-pointed video m-lines without an
  // offer: their tracks now carry other participants, out::RemapTrack); returns the
  // videoSlotsUpdate payload {video, activeSpeaker, pinned}.
  Json on_slots(proto::SfuSlots slots, std::vector<Output>& out);
  // A local candidate of one of the two PeerConnections: the sfu.trickle data.
  Json trickle(std::string_view peer, std::string_view candidate, std::string_view sdp_mid, std::int64_t index) const;

  // The participant whose track the subscriber's m-line `mid` carries ("" when none).
  std::string participant_for_mid(std::string_view mid) const;
  // Participants the subscriber receives right now (active m-lines), sorted, unique.
  std::vector<std::string> feeds() const;
  Json snapshot() const;

 private:
  bool active_ = false;
  bool subscriber_open_ = false;
  bool publishing_ = false;   // an offer is out, its answer not applied yet
  bool offer_again_ = false;  // negotiation needed while publishing
  std::vector<proto::SfuStream> streams_;
};

}  // namespace rtk::client
