// The SFU controller (--media sfu): rtk-server is Janus's only client. One VideoRoom per
// meeting group (room id = the parent meeting id, feed id = the participant id); per
// participant one publisher handle (its publisher PeerConnection, which never changes while it
// stays in the group) and one subscriber handle whose feeds this controller decides: only the
// publishing participants of the subscriber's current meeting (janus/subscriptions.hpp). After
// every burst of changes the fan-out calls resync(group): each subscriber whose wanted set
// differs gets one Janus `update` (a diff), then an sfu.offer. Beast-free: janus::Link is the
// only way out, so tests drive it with a fake link.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "hub.hpp"
#include "janus/link.hpp"
#include "janus/subscriptions.hpp"
#include "registry.hpp"
#include "rtk/protocol.hpp"
#include "rtk/video_slots.hpp"

namespace rtk::server {

class SfuController {
 public:
  SfuController(Registry& registry, Hub& hub, std::string admin_key)
      : registry_(registry), hub_(hub), admin_key_(std::move(admin_key)) {}

  // The Janus link (null: none, sfu.* answers unavailable). Not owned.
  void set_link(janus::Link* link);

  // One sfu.* request of a participant's current connection; answers through the hub.
  void handle(const std::string& group_id, const std::string& participant_id, const proto::Envelope& request);
  // Tears down peers that left or reconnected and brings every subscriber of the group to its
  // wanted feeds (one update per subscriber whose set changed).
  void resync(const std::string& group_id);

  // Recording (issue 11): the Janus recording prefix a participant's publisher writes to
  // (`configure {record, filename}`), or "" for none. A changed prefix closes the old file pair
  // and opens a new one (a new segment); applied once its publisher's media is up.
  void set_recording(const std::string& participant_id, const std::string& prefix);

  // Large rooms (rtk/video_slots.hpp): K, the videos a subscriber receives (--video-slots).
  void set_video_slots(std::size_t k) { video_slots_ = k; }

  // For tests and the debug route: {participant_id: {published, feeds: [feeds Janus sends it],
  // video: [feeds whose video it receives]}} of one group.
  Json subscriptions(const std::string& group_id) const;
  std::size_t updates_sent() const { return updates_sent_; }
  std::size_t switches_sent() const { return switches_sent_; }

 private:
  enum class Sub { none, attaching, negotiating, offered, starting, idle };
  struct Peer {
    std::string group_id;
    std::uint32_t session = 0;
    std::uint64_t gen = 0;
    janus::Handle pub = 0;
    bool pub_busy = false;
    bool published = false;            // Janus answered joinandconfigure
    bool media_up = false;             // and its PeerConnection is up (webrtcup): only now can others subscribe
    std::vector<Json> pub_candidates;  // before the publisher handle exists
    janus::Handle sub = 0;
    Sub sub_state = Sub::none;
    bool dirty = false;                            // the wanted set may have changed while a negotiation ran
    janus::FeedSet subscribed;                     // feeds on active m-lines
    janus::StreamSet carried;                      // {feed, mid} on active m-lines
    std::map<std::string, std::string> feed_mids;  // subscriber mid -> publisher mid
    std::vector<proto::SfuStream> streams;
    std::vector<janus::Section> sections;  // what its publisher sends (from its offer)
    proto::SfuSlots told;                  // the last sfu.slots it was sent
    bool no_switch = false;                // Janus refused a `switch`: updates only
    std::string rec_file;                  // the prefix Janus records this publisher to ("" none)
  };
  struct Room {
    bool ready = false;
    bool creating = false;
    std::vector<std::function<void(bool ok, const std::string& error)>> waiters;
  };

  Peer* peer(const std::string& pid, std::uint64_t gen);
  Peer* ensure_peer(const std::string& group_id, const std::string& pid);
  void teardown(const std::string& pid);
  void ensure_room(const std::string& group_id, std::function<void(bool ok, const std::string& error)> then);
  void create_room(const std::string& group_id);
  void publish(const std::string& pid, const proto::Envelope& req, const std::string& offer);
  void answer(const std::string& pid, const proto::Envelope& req, std::string sdp);
  void trickle(const std::string& pid, const proto::Envelope& req);
  void sync_subscriber(const std::string& pid);
  // `switched`: the `switch` body this replies to (null for join / update).
  void on_subscriber_reply(const std::string& pid, std::uint64_t gen, const janus::Reply& r,
                           const Json& switched = Json());
  void on_event(janus::Handle h, const janus::Reply& r);
  void on_link_state(bool up);
  void reply(const std::string& pid, const proto::Envelope& req, Json data);
  void reply_error(const std::string& pid, const proto::Envelope& req, Error e);
  janus::FeedSet publishing(const std::string& group_id) const;
  void reap();
  void apply_recording(const std::string& pid);
  // sfu_slots.cpp: the subscriber's wanted streams (every audio, K videos) and its slots.
  janus::Publishers publishers(const std::string& group_id) const;
  janus::StreamSet wanted_streams(const std::string& pid, std::vector<std::string>* video = nullptr) const;
  void set_streams(Peer& p, const Json& data);
  void tell_slots(const std::string& pid);
  bool on_speech(const janus::Reply& r);  // a talking / stopped-talking event; true when it was one
  struct Speech {
    std::vector<std::string> recent;  // most recent speaker first (rtk::note_speaker)
    std::set<std::string> talking;
  };
  std::map<std::string, Speech> speech_;  // by group id
  std::size_t video_slots_ = kDefaultVideoSlots;

  Registry& registry_;
  Hub& hub_;
  std::string admin_key_;
  janus::Link* link_ = nullptr;
  janus::Handle control_ = 0;  // the handle that creates rooms
  bool control_attaching_ = false;
  std::map<std::string, Peer> peers_;  // by participant id
  std::map<std::string, Room> rooms_;  // by group id
  // Publisher handles of peers that left, detached once no subscriber receives their feed any
  // more (our own updates removed it), so Janus never renegotiates a subscriber on its own.
  struct Zombie {
    std::string group_id, participant_id;
    janus::Handle handle;
  };
  std::vector<Zombie> zombies_;
  // Participants whose media died with a Janus session (or who were refused while there was
  // none): told sfu.reset {available:true} when a new session is up.
  std::set<std::string> orphans_;
  std::map<std::string, std::string> rec_want_;  // participant id -> recording prefix
  // prefix -> how many publishers recorded to it: a publisher that replaces one mid-segment (Janus
  // restarted, or the page republished) writes "<prefix>.<n>", never the same files again.
  std::map<std::string, int> rec_pieces_;
  std::uint64_t next_gen_ = 0;
  std::size_t updates_sent_ = 0;
  std::size_t switches_sent_ = 0;
};

// The meeting `pid` listens in to (rtk/listen.hpp), or "".
std::string_view listened_meeting(const GroupData& g, const std::string& pid);

}  // namespace rtk::server
