// The WebSocket hub: which participant has which live connection, and the fan-out of one
// applied command's events in the order of docs/protocol.md ("Sequences"). Beast-free: a
// connection is an interface, so the fan-out order is unit-tested with fakes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "registry.hpp"
#include "rtk/protocol.hpp"

namespace rtk::server {

using SharedText = std::shared_ptr<const std::string>;

class Connection {
 public:
  virtual ~Connection() = default;
  // Queues a text frame; never blocks.
  virtual void send(SharedText text) = 0;
  // Sends the queued frames, then a close frame with `code`; further sends are dropped.
  virtual void close(std::uint16_t code) = 0;
};

struct FanoutOptions {
  bool reconnected = false;  // for a Join: this connection replaced or resumed an older one
};

class Hub {
 public:
  explicit Hub(const Registry& registry) : registry_(registry) {}

  // Registers `conn` for a participant; returns the connection it replaces (or null).
  std::shared_ptr<Connection> attach(const std::string& participant_id, std::shared_ptr<Connection> conn);
  // Unregisters when `conn` is still the participant's current connection; true if it was.
  bool detach(const std::string& participant_id, const Connection* conn);
  Connection* find(const std::string& participant_id) const;
  std::size_t size() const { return conns_.size(); }

  void send(const std::string& participant_id, const SharedText& text);
  void send(const std::string& participant_id, const proto::Envelope& e);
  // session.ended {reason} then close (1000); it stays registered until the socket closes.
  void end_session(const std::string& participant_id, std::string_view reason);
  // Every connection: session.ended {reason} and close.
  void end_all(std::string_view reason);

  // Sends `text` to the connected participants of one meeting, except `except`.
  void to_meeting(const GroupState& s, const std::string& meeting_id, const SharedText& text,
                  const std::string& except = {});
  // connected_meetings.state to every connected participant of the group.
  void to_group_state(const GroupState& s);
  // room.joined for a participant (its current meeting in `s`).
  void send_room_joined(const GroupState& s, const GroupData& g, const std::string& participant_id, bool reconnected);

  // The fan-out of an applied command (everything but the requester's reply), in order.
  void fanout(const GroupData& g, const std::vector<Event>& events, const FanoutOptions& opt = {});

  static SharedText text(const proto::Envelope& e) { return std::make_shared<const std::string>(proto::encode(e)); }

 private:
  const Registry& registry_;
  std::unordered_map<std::string, std::shared_ptr<Connection>> conns_;
};

}  // namespace rtk::server
