// One participant's WebSocket, protocol side: join on open, one request per frame (decoded,
// rate-limited, then the CommandService or the relay), leave on close. Beast-free (frames in,
// Connection::send out), so it is unit-tested with fakes.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "config.hpp"
#include "fanout.hpp"
#include "hub.hpp"
#include "rate_limiter.hpp"
#include "registry.hpp"
#include "service.hpp"
#include "sfu.hpp"

namespace rtk::server {

struct WsPeer {
  WsPeer(std::string pid, std::string gid, std::shared_ptr<Connection> c, const RateConfig& rc)
      : participant_id(std::move(pid)),
        group_id(std::move(gid)),
        conn(std::move(c)),
        commands(rc.commands_per_s, rc.commands_burst),
        relay(rc.relay_per_s, rc.relay_burst) {}
  std::string participant_id;
  std::string group_id;  // the parent meeting of the token
  std::shared_ptr<Connection> conn;
  TokenBucket commands;
  TokenBucket relay;
  bool joined = false;
};

class WsHandler {
 public:
  WsHandler(Registry& registry, CommandService& service, Fanout& fanout, Hub& hub, Clock clock)
      : registry_(registry), service_(service), fanout_(fanout), hub_(hub), clock_(std::move(clock)) {}

  // Registers the connection (an older one for the same participant gets session.ended
  // {replaced}) and applies join. False when the join is refused; the caller closes.
  bool on_open(WsPeer& peer);
  void on_frame(WsPeer& peer, std::string_view text);
  // Applies leave when this connection is still the participant's current one.
  void on_close(WsPeer& peer);
  // sfu.* requests go here (null: mesh mode, they are refused).
  void set_sfu(SfuController* sfu) { sfu_ = sfu; }

 private:
  void reply_error(WsPeer& p, const std::string& id, std::string_view type, const Error& e);
  void relay(WsPeer& p, const proto::Envelope& req);

  Registry& registry_;
  CommandService& service_;
  Fanout& fanout_;
  Hub& hub_;
  Clock clock_;
  SfuController* sfu_ = nullptr;
  std::set<std::string> joined_before_;
};

}  // namespace rtk::server
