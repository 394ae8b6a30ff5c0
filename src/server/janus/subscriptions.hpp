// Which feeds a subscriber should receive, and the Janus `update` that gets it there. Pure:
// the SFU controller feeds it the group state, presence and who publishes.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "janus/sdp.hpp"

#include "rtk/json.hpp"
#include "rtk/meeting.hpp"
#include "rtk/presence.hpp"
#include "rtk/protocol.hpp"

namespace rtk::server::janus {

using FeedSet = std::set<std::string>;  // feed ids = participant ids (string_ids)

// The publishing, connected participants of `self`'s current meeting, `self` excluded, and of
// `listened` (a host's listen-in, rtk/listen.hpp; empty: none). Only these: Janus itself checks
// nothing across the meetings of one VideoRoom.
FeedSet wanted_feeds(const GroupState& state, const PresenceMap& presence, const FeedSet& publishing,
                     const std::string& self, std::string_view listened = {});

struct Diff {
  std::vector<std::string> subscribe;    // sorted
  std::vector<std::string> unsubscribe;  // sorted; never a feed that is also in subscribe
  bool empty() const { return subscribe.empty() && unsubscribe.empty(); }
};
Diff diff(const FeedSet& current, const FeedSet& wanted);

// The VideoRoom request bodies.
Json update_body(const Diff& d);
Json join_subscriber_body(const std::string& room, const FeedSet& feeds);

// The subscriber's m-lines from a VideoRoom `attached`/`updated` event's `streams`, and the
// feeds they actively carry.
std::vector<proto::SfuStream> streams_of(const Json& event_data);
FeedSet active_feeds(const std::vector<proto::SfuStream>& streams);

// ---- per-stream subscriptions (large rooms: K video slots, every audio) ----

// One publisher stream a subscriber takes: {feed, mid}. mid "" is the whole feed (a publisher
// whose offer named no sections: every stream of it, unlimited).
struct StreamKey {
  std::string feed, mid;
  friend auto operator<=>(const StreamKey&, const StreamKey&) = default;
};
using StreamSet = std::set<StreamKey>;
using Publishers = std::map<std::string, std::vector<Section>>;  // feed -> its sending sections

// Every stream of `feeds`, but a video section only for the feeds in `video` (the slots).
StreamSet wanted_streams(const FeedSet& feeds, const Publishers& pubs, const std::vector<std::string>& video);
// The publisher streams the subscriber's active m-lines carry; `feed_mids`: subscriber mid ->
// publisher mid (Janus's `feed_mid`).
StreamSet carried_streams(const std::vector<proto::SfuStream>& streams,
                          const std::map<std::string, std::string>& feed_mids, const Publishers& pubs);
std::map<std::string, std::string> feed_mids_of(const Json& event_data);

struct StreamDiff {
  std::vector<StreamKey> subscribe, unsubscribe;  // sorted
  bool deferred = false;  // subscriptions held back: their feed is being unsubscribed in this diff
  bool empty() const { return subscribe.empty() && unsubscribe.empty(); }
};
// Never unsubscribes and subscribes streams of the same feed in one update (Janus then takes
// seconds for the first frame): such subscriptions are deferred to the next update.
StreamDiff diff(const StreamSet& current, const StreamSet& wanted);
Json update_body(const StreamDiff& d);
Json join_subscriber_body(const std::string& room, const StreamSet& streams);

// The `switch` that re-points video m-lines instead of an update: only for a diff that swaps n
// video streams for n others, each leaving one on an active m-line. Null when not applicable.
Json switch_body(const StreamDiff& d, const Publishers& pubs, const std::vector<proto::SfuStream>& streams,
                 const std::map<std::string, std::string>& feed_mids);

}  // namespace rtk::server::janus
