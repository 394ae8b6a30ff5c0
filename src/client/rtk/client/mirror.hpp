// Mirror: what the session knows of its room and its group, built only from decoded protocol
// messages. Chunked messages are assembled here (proto::join_parts); group deltas apply with
// rtk::apply_delta and report a gap so the session asks for the state again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rtk/chat.hpp"
#include "rtk/group_view.hpp"
#include "rtk/preset.hpp"
#include "rtk/protocol.hpp"

namespace rtk::client {

// Accumulates the parts of one chunked message until the last one arrives.
template <class T>
class ChunkAssembler {
 public:
  // nullopt while more parts are due; the joined message (or the join error) on the last.
  std::optional<Result<T>> add(T part) {
    if (part.chunk.index == 0) parts_.clear();
    parts_.push_back(std::move(part));
    const auto& c = parts_.back().chunk;
    if (c.index + 1 < c.count) return std::nullopt;
    auto parts = std::move(parts_);
    parts_.clear();
    return proto::join_parts(std::move(parts));
  }
  void reset() { parts_.clear(); }

 private:
  std::vector<T> parts_;
};

enum class GroupResult { unchanged, changed, gap, partial, invalid };

struct RoomChange {
  enum class Kind { joined, rejoined, left, updated, audio, video };
  Kind kind;
  proto::RoomMember member;  // after the change (left: as it was)
};

class Mirror {
 public:
  // ---- room ----
  // Replaces the room with a (complete) room.joined; returns the roster before.
  std::vector<proto::RoomMember> enter(proto::RoomJoined rj);
  // Applies a room.update of the current meeting; what changed, in order (self excluded).
  std::vector<RoomChange> apply(const proto::RoomUpdate& u);
  // chat.message of the current meeting: true when it is new.
  bool add_chat(const ChatMessage& m);
  // polls.updated: true when the poll is new.
  bool upsert_poll(const Json& poll);
  // session.permissions: true when the permissions changed.
  bool set_preset(const Json& preset);

  const std::string& meeting_id() const { return meeting_id_; }
  const std::string& meeting_title() const { return meeting_title_; }
  bool is_parent() const { return is_parent_; }
  const proto::RoomMember& self() const { return self_; }
  proto::RoomMember& self() { return self_; }
  const std::vector<proto::RoomMember>& roster() const { return roster_; }
  std::vector<std::string> roster_ids() const;
  bool in_room(std::string_view id) const;
  const std::vector<ChatMessage>& chat() const { return chat_; }
  bool chat_has_more() const { return chat_has_more_; }
  const std::vector<Json>& polls() const { return polls_; }
  const proto::WireLimits& limits() const { return limits_; }
  const std::optional<Permissions>& permissions() const { return permissions_; }
  std::string name_of(std::string_view participant_id) const;

  // ---- group ----
  GroupResult on_state(proto::CmState part);
  GroupResult on_delta(proto::CmDelta part);
  GroupResult on_presence(const proto::CmPresence& p);
  bool has_group() const { return has_group_; }
  const GroupView& group() const { return group_; }
  // Meetings this participant may switch itself to (its permissions decide; empty without one).
  std::vector<std::string> switch_targets() const;

  ChunkAssembler<proto::RoomJoined>& joined_parts() { return joined_parts_; }
  void reset_parts();

 private:
  std::string meeting_id_;
  std::string meeting_title_;
  bool is_parent_ = true;
  proto::RoomMember self_;
  std::optional<Permissions> permissions_;
  std::string preset_dump_;
  std::vector<proto::RoomMember> roster_;
  std::vector<ChatMessage> chat_;
  bool chat_has_more_ = false;
  std::vector<Json> polls_;
  proto::WireLimits limits_;

  GroupView group_;
  bool has_group_ = false;
  ChunkAssembler<proto::RoomJoined> joined_parts_;
  ChunkAssembler<proto::CmState> state_parts_;
  ChunkAssembler<proto::CmDelta> delta_parts_;
};

}  // namespace rtk::client
