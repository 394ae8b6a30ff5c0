// Command line and environment: every flag has an RTK_* variable; a flag wins over it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/video_slots.hpp"

namespace rtk::server {

struct RateConfig {
  double commands_per_s = 20;  // requests (everything but the relay)
  double commands_burst = 40;
  double relay_per_s = 200;  // rtc.offer/answer/candidate: a WebRTC negotiation is chatty
  double relay_burst = 400;
};

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: an ephemeral port
  std::string data_dir = "./var";
  std::string static_dir;     // empty: no static files
  std::string dashboard_dir;  // served at /dashboard; empty: <static_dir>/dashboard, if any
  std::string api_key;        // empty: generated (or read) in data_dir/api_key
  std::int64_t token_ttl_s = 24 * 3600;
  RateConfig rate;
  std::int64_t coalesce_ms = 10;  // fan-out window (docs/decisions.md, "Coalescing")
  std::int64_t max_participants = 1000;
  // Media (docs/decisions.md, "Media modes"): mesh (rtc.* relay, rooms capped) or sfu (Janus).
  std::string media = "mesh";      // mesh | sfu
  std::int64_t mesh_max_room = 6;  // connected participants per meeting in mesh mode; 0: no cap
  std::int64_t video_slots = static_cast<std::int64_t>(kDefaultVideoSlots);  // K videos per subscriber (sfu)
  std::string janus_url = "ws://127.0.0.1:8188";
  std::string janus_api_secret;
  std::string janus_admin_key;
  std::vector<std::string> ice_servers;  // STUN/TURN URLs given to every client
  // TURN REST credentials (turn.hpp): the secret shared with coturn's static-auth-secret, and
  // how long a participant's credentials last.
  std::string turn_secret;
  std::int64_t turn_ttl_s = 24 * 3600;
  std::string ice_transport_policy = "all";  // all | relay: every client relays through TURN
  // A WebSocket that sends nothing (not even a pong to the server's ping, sent at half this)
  // for this long is closed: half-open connections are reaped and their presence ends.
  std::int64_t ws_idle_timeout_s = 60;
  std::int64_t max_meetings = 100;  // breakout rooms (connected meetings) per group
  // Recording (sfu mode): where Janus writes the .mjr files and the processed WebM files go
  // (empty: <data_dir>/recordings); it must be on the machine Janus runs on.
  std::string recordings_dir;
  std::int64_t recording_min_free_mb = 100;  // a start is refused below this much free space
  bool help = false;
};

using Getenv = std::function<const char*(const char*)>;

// Parses argv (without argv[0]) and the environment. Unknown flags and bad values are
// invalid_argument errors naming the flag.
Result<Config> parse_config(const std::vector<std::string>& args, const Getenv& getenv);
std::string usage();

}  // namespace rtk::server
