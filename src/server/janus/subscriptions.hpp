// Which feeds a subscriber should receive, and the Janus `update` that gets it there. Pure:
// the SFU controller feeds it the group state, presence and who publishes.
#pragma once

#include <set>
#include <string>
#include <vector>

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

}  // namespace rtk::server::janus
