// The domain service of meeting groups: durable commands through the core reducer (apply ->
// one SQLite transaction with only the changed rows -> in-memory swap -> fan-out), presence
// through the core's presence rules (memory only), chat and polls with the core's checks.
// Protocol-free: the CommandService maps requests onto it, REST and WebSocket alike.
#pragma once

#include <functional>
#include <string>

#include "fanout.hpp"
#include "registry.hpp"
#include "rtk/protocol.hpp"
#include "store.hpp"
#include "util.hpp"

namespace rtk::server {

struct TxHooks {
  std::function<Status()> write;    // extra writes inside the same transaction
  std::function<void()> on_commit;  // in-memory updates after the commit, before the fan-out
};

// Told about every change of a group's assignment or presence (the Recorder). in_transaction
// runs inside the command's SQLite transaction with the state it commits (a failure rolls the
// command back); committed follows the commit or the rollback; presence_changed follows a
// connect, disconnect or media change (presence is not stored with a command).
class GroupObserver {
 public:
  virtual ~GroupObserver() = default;
  virtual Status in_transaction(const std::string& group_id, const GroupState& after, const PresenceMap& presence) = 0;
  virtual void committed(const std::string& group_id, bool ok) = 0;
  virtual void presence_changed(const std::string& group_id, const GroupState& state, const PresenceMap& presence) = 0;
};

class Groups {
 public:
  Groups(Registry& registry, Store& store, Fanout& fanout, Clock clock, Limits limits = {})
      : registry_(registry), store_(store), fanout_(fanout), clock_(std::move(clock)), limits_(limits) {}

  // apply -> durable -> fan-out. Unknown group: not_found. A store failure is `unavailable`
  // and changes nothing (the transaction is rolled back, memory is untouched).
  Result<Applied> run(const std::string& group_id, const Command& command, const Actor& actor,
                      const TxHooks& hooks = {}, MoveReason reason = MoveReason::moved_by_host);
  // Join, leave, media: presence only, never stored, never a version.
  Result<PresenceChange> presence(const std::string& group_id, const PresenceCommand& command, const Actor& actor,
                                  bool reconnected = false);

  // Runs the reducer's BreakoutTick for every group whose timer is due at now (the warning, the
  // close); returns how many ticks applied. The server calls it from a timer and at startup
  // (a deadline that passed while it was down closes then).
  std::size_t tick_timers();
  // When the next tick is due in any group (nullopt: no timer anywhere).
  std::optional<std::int64_t> next_tick_ms() const;

  // Creates a new group for a new meeting (durable with the meeting row via hooks.write).
  Status create_group(const std::string& meeting_id, const std::string& title, const TxHooks& hooks);

  // Chat and polls in the participant's current meeting, with the preset's permissions.
  Result<ChatMessage> send_chat(const std::string& group_id, const std::string& participant_id,
                                const std::string& text);
  // A host's broadcast (rtk::plan_broadcast decides): one chat message per target meeting, stored
  // in one transaction, then chat.message and connected_meetings.broadcast_message to each.
  Result<proto::BroadcastReply> broadcast(const std::string& group_id, const Actor& actor, const std::string& text,
                                          const std::vector<std::string>& meeting_ids);
  Result<proto::ChatHistoryReply> chat_history(const std::string& group_id, const std::string& participant_id,
                                               const proto::HistoryPage& page);
  Result<Poll> create_poll(const std::string& group_id, const std::string& participant_id,
                           const proto::PollsCreate& request);
  Result<Poll> vote(const std::string& group_id, const std::string& participant_id, const proto::PollsVote& request);
  Result<proto::PollsListReply> list_polls(const std::string& group_id, const std::string& participant_id,
                                           const proto::HistoryPage& page);

  Actor actor_for(const GroupState& s, const std::string& participant_id) const {
    return Actor::participant(participant_id, registry_.permissions_of(s, participant_id));
  }
  std::int64_t now_ms() const { return clock_(); }
  const Limits& limits() const { return limits_; }
  // The mesh room cap (core: apply_presence, check_room_cap); 0: none (sfu mode).
  void set_room_cap(std::size_t cap) { room_cap_ = cap; }
  std::size_t room_cap() const { return room_cap_; }
  void set_observer(GroupObserver* o) { observer_ = o; }

  // Host listen-in (groups_listen.cpp), presence-like: memory only, no version. listen checks
  // with rtk::check_may_listen and replaces the caller's previous listen; stop is idempotent.
  // Both send connected_meetings.listeners to whom it concerns; the SFU resync follows the flush.
  Result<proto::ListenReply> listen(const std::string& group_id, const Actor& actor, const std::string& meeting_id);
  Result<proto::ListenReply> stop_listening(const std::string& group_id, const Actor& actor);
  // Ends the listens that no longer hold (rtk::ended_listens): after every command and presence
  // change, and after each flush (App), which covers a REST edit of a preset's permissions.
  void prune_listens(const std::string& group_id);
  void set_sfu(bool on) { sfu_ = on; }
  // participant.pin / unpin (groups_pin.cpp): checked by rtk::check_may_pin, memory only like
  // presence; `pins_changed` (the SFU's resync) runs when the list changed.
  Result<proto::PinReply> pin(const std::string& group_id, const Actor& actor, const proto::ParticipantsPin& req);
  void set_pins_changed(std::function<void(const std::string& group_id)> f) { pins_changed_ = std::move(f); }

 private:
  struct Where {
    GroupData* group = nullptr;
    const Participant* participant = nullptr;
    const Meeting* meeting = nullptr;
  };
  Result<Where> locate(const std::string& group_id, const std::string& participant_id);
  // The help queue as `viewer` may see it (null when it sees nothing and `skip_empty`).
  SharedText help_frame(const std::string& group_id, const std::string& viewer, bool skip_empty) const;
  SharedText timer_frame(const std::optional<BreakoutTimer>& t, TimerReason reason) const;
  void broadcast_poll(const std::string& group_id, const Poll& p);
  Status commit(const std::function<Status()>& writes);
  void listeners_changed(const std::string& group_id, const ListenMap& before);

  Registry& registry_;
  Store& store_;
  Fanout& fanout_;
  Clock clock_;
  Limits limits_;
  std::size_t room_cap_ = 0;
  GroupObserver* observer_ = nullptr;
  bool sfu_ = false;
  std::function<void(const std::string& group_id)> pins_changed_;
};

}  // namespace rtk::server
