// The composition root: opens the data dir (secrets, SQLite), loads the registry and wires
// store, hub, command runner, REST and WebSocket handlers together. Beast-free: net.cpp
// drives it, and tests drive it directly.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "auth.hpp"
#include "config.hpp"
#include "fanout.hpp"
#include "groups.hpp"
#include "hub.hpp"
#include "recorder.hpp"
#include "registry.hpp"
#include "rest.hpp"
#include "scheduler.hpp"
#include "service.hpp"
#include "sfu.hpp"
#include "store.hpp"
#include "turn.hpp"
#include "ws_handler.hpp"

namespace rtk::server {

// The mesh room cap in force (0 in sfu mode) and the media info sent with room.joined.
std::size_t room_cap_of(const Config& c);
IceConfig ice_config_of(const Config& c);

class App {
 public:
  // Creates the data dir when missing, reads or generates api_key and signing_secret,
  // opens the store, loads it and seeds the default presets on a new store.
  // `scheduler` decides when a burst's fan-out runs (net.cpp: its io_context; tests: a manual
  // one); null runs it at once after each change.
  static Result<std::unique_ptr<App>> create(const Config& config, Clock clock = system_clock(),
                                             Scheduler* scheduler = nullptr);

  const Config& config() const { return config_; }
  const Secrets& secrets() const { return secrets_; }
  Registry& registry() { return registry_; }
  Hub& hub() { return hub_; }
  Fanout& fanout() { return fanout_; }
  CommandService& service() { return service_; }
  WsHandler& ws() { return ws_; }
  SfuController* sfu() { return sfu_.get(); }  // null in mesh mode
  Recorder& recorder() { return *recorder_; }
  // Breakout timers that are due at the clock's now (warning, close); the network layer calls
  // it every 250 ms, create() once after loading the store.
  std::size_t tick() {
    recorder_->poll();
    return groups_.tick_timers();
  }

  HttpResponse handle_http(const HttpRequest& req) { return handle_rest(rest_, req); }
  // The WebSocket upgrade check: authToken from the query string, then the token checks.
  ParticipantAuth authorize_ws(std::string_view target) const;
  std::optional<std::string> static_file(std::string_view target) const;

 private:
  App(Config config, Secrets secrets, std::unique_ptr<Store> store, Clock clock, Scheduler* scheduler);

  Config config_;
  Secrets secrets_;
  Clock clock_;
  std::unique_ptr<Store> store_;
  ImmediateScheduler immediate_;
  Scheduler* scheduler_;
  Limits limits_;
  Registry registry_;
  Hub hub_;
  Fanout fanout_;
  Groups groups_;
  CommandService service_;
  WsHandler ws_;
  RestContext rest_;
  std::unique_ptr<SfuController> sfu_;
  std::unique_ptr<Recorder> recorder_;  // last: its processing thread stops first
};

}  // namespace rtk::server
