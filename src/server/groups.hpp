// Runs commands on meeting groups: the core reducer `apply`, then the new state (and any
// extra rows) written in one SQLite transaction, then the in-memory swap, then the fan-out.
// Chat and polls follow the same order: validate, store, then broadcast.
#pragma once

#include <functional>
#include <string>

#include "hub.hpp"
#include "registry.hpp"
#include "store.hpp"
#include "util.hpp"

namespace rtk::server {

struct TxHooks {
  std::function<Status()> write;      // extra writes inside the same transaction
  std::function<void()> on_commit;    // in-memory updates after the commit, before the fan-out
};

class Groups {
 public:
  Groups(Registry& registry, Store& store, Hub& hub, Clock clock, Limits limits = {})
      : registry_(registry), store_(store), hub_(hub), clock_(std::move(clock)), limits_(limits) {}

  // apply -> durable -> fan-out. Unknown group: not_found.
  Result<Applied> run(const std::string& group_id, const Command& command, const Actor& actor,
                      const TxHooks& hooks = {}, const FanoutOptions& fanout = {});

  // Creates a new group for a new meeting (durable with the meeting row via hooks.write).
  Status create_group(const std::string& meeting_id, const std::string& title, const TxHooks& hooks);

  // Chat in the sender's current meeting; checks the preset's public chat permission.
  Result<ChatMessage> send_chat(const std::string& group_id, const std::string& participant_id, const std::string& text);
  Result<Poll> create_poll(const std::string& group_id, const std::string& participant_id,
                           const proto::PollsCreate& request);
  Result<Poll> vote(const std::string& group_id, const std::string& participant_id, const proto::PollsVote& request);

  Actor actor_for(const GroupState& s, const std::string& participant_id) const {
    return Actor::participant(participant_id, registry_.permissions_of(s, participant_id));
  }
  std::int64_t now_ms() const { return clock_(); }

 private:
  void broadcast_poll(const GroupData& g, const Poll& p);

  Registry& registry_;
  Store& store_;
  Hub& hub_;
  Clock clock_;
  Limits limits_;
};

}  // namespace rtk::server
