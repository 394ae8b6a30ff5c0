// The connection registry: which participant has which live connection. Beast-free: a
// connection is an interface, so everything above it is unit-tested with fakes. What is sent
// and when is the Fanout's (fanout.hpp); the Hub only delivers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

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

class Hub {
 public:
  // Registers `conn` for a participant; returns the connection it replaces (or null).
  std::shared_ptr<Connection> attach(const std::string& participant_id, std::shared_ptr<Connection> conn);
  // Unregisters when `conn` is still the participant's current connection; true if it was.
  bool detach(const std::string& participant_id, const Connection* conn);
  Connection* find(const std::string& participant_id) const;
  std::size_t size() const { return conns_.size(); }

  void send(const std::string& participant_id, const SharedText& text);
  void send(const std::string& participant_id, const proto::Envelope& e);
  // session.ended {reason} then close; it stays registered until the socket closes.
  void end_session(const std::string& participant_id, proto::EndReason reason, std::uint16_t code = 1000);
  // Every connection: session.ended {reason} and close (1001).
  void end_all(proto::EndReason reason);

  static SharedText text(const proto::Envelope& e) { return std::make_shared<const std::string>(proto::encode(e)); }

 private:
  std::unordered_map<std::string, std::shared_ptr<Connection>> conns_;
};

}  // namespace rtk::server
