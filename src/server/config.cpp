#include "config.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "turn.hpp"

namespace rtk::server {
namespace {

struct Flag {
  const char* name;  // --name
  const char* env;
  const char* help;
  std::function<bool(Config&, const std::string&)> set;  // false: bad value
};

bool to_int(const std::string& s, std::int64_t& out, std::int64_t lo, std::int64_t hi) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) return false;
  out = v;
  return true;
}

bool to_double(const std::string& s, double& out) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(v > 0) || v > 1e9) return false;
  out = v;
  return true;
}

const std::vector<Flag>& flags() {
  static const std::vector<Flag> f{
      {"host", "RTK_HOST", "address to listen on (default 127.0.0.1)",
       [](Config& c, const std::string& v) {
         c.host = v;
         return !v.empty();
       }},
      {"port", "RTK_PORT", "TCP port (default 8080; 0 picks an ephemeral port)",
       [](Config& c, const std::string& v) {
         std::int64_t p;
         if (!to_int(v, p, 0, 65535)) return false;
         c.port = static_cast<int>(p);
         return true;
       }},
      {"data-dir", "RTK_DATA_DIR", "directory for the SQLite store, api_key and signing_secret (default ./var)",
       [](Config& c, const std::string& v) {
         c.data_dir = v;
         return !v.empty();
       }},
      {"static-dir", "RTK_STATIC_DIR", "serve files from this directory at / (default: none)",
       [](Config& c, const std::string& v) {
         c.static_dir = v;
         return true;
       }},
      {"dashboard-dir", "RTK_DASHBOARD_DIR",
       "serve the dashboard (dashboard/dist) from this directory at /dashboard (default: <static-dir>/dashboard)",
       [](Config& c, const std::string& v) {
         c.dashboard_dir = v;
         return true;
       }},
      {"api-key", "RTK_API_KEY", "REST API key (default: generated on first start, stored in data-dir/api_key)",
       [](Config& c, const std::string& v) {
         c.api_key = v;
         return !v.empty();
       }},
      {"token-ttl", "RTK_TOKEN_TTL", "participant token lifetime in seconds (default 86400)",
       [](Config& c, const std::string& v) { return to_int(v, c.token_ttl_s, 1, 10LL * 365 * 24 * 3600); }},
      {"rate-limit", "RTK_RATE_LIMIT", "WebSocket requests per second per connection (default 20)",
       [](Config& c, const std::string& v) { return to_double(v, c.rate.commands_per_s); }},
      {"rate-burst", "RTK_RATE_BURST", "WebSocket request burst per connection (default 40)",
       [](Config& c, const std::string& v) { return to_double(v, c.rate.commands_burst); }},
      {"relay-rate-limit", "RTK_RELAY_RATE_LIMIT", "rtc.* relay frames per second per connection (default 200)",
       [](Config& c, const std::string& v) { return to_double(v, c.rate.relay_per_s); }},
      {"relay-rate-burst", "RTK_RELAY_RATE_BURST", "rtc.* relay burst per connection (default 400)",
       [](Config& c, const std::string& v) { return to_double(v, c.rate.relay_burst); }},
      {"coalesce-ms", "RTK_COALESCE_MS",
       "window in ms in which a burst of changes is coalesced into one frame per recipient, 0..20 "
       "(default 10; 0: the end of the event-loop turn)",
       [](Config& c, const std::string& v) { return to_int(v, c.coalesce_ms, 0, 20); }},
      {"max-participants", "RTK_MAX_PARTICIPANTS", "participants per meeting group (default 1000)",
       [](Config& c, const std::string& v) { return to_int(v, c.max_participants, 1, 100000); }},
      {"media", "RTK_MEDIA", "media plane: mesh (peer to peer, small rooms) or sfu (Janus) (default mesh)",
       [](Config& c, const std::string& v) {
         c.media = v;
         return v == "mesh" || v == "sfu";
       }},
      {"mesh-max-room", "RTK_MESH_MAX_ROOM",
       "connected participants per meeting in mesh mode, 0..1000 (default 6; 0: no cap)",
       [](Config& c, const std::string& v) { return to_int(v, c.mesh_max_room, 0, 1000); }},
      {"video-slots", "RTK_VIDEO_SLOTS",
       "videos a subscriber receives in sfu mode (pinned, then recent speakers), 1..64 (default 9); audio is not "
       "limited",
       [](Config& c, const std::string& v) {
         return to_int(v, c.video_slots, 1, static_cast<std::int64_t>(kMaxVideoSlots));
       }},
      {"janus-url", "RTK_JANUS_URL", "Janus WebSocket API in sfu mode (default ws://127.0.0.1:8188)",
       [](Config& c, const std::string& v) {
         c.janus_url = v;
         return v.rfind("ws://", 0) == 0 && v.size() > 5;
       }},
      {"janus-api-secret", "RTK_JANUS_API_SECRET", "Janus api_secret (default: none)",
       [](Config& c, const std::string& v) {
         c.janus_api_secret = v;
         return true;
       }},
      {"janus-admin-key", "RTK_JANUS_ADMIN_KEY", "the VideoRoom admin_key needed to create rooms (default: none)",
       [](Config& c, const std::string& v) {
         c.janus_admin_key = v;
         return true;
       }},
      {"ice-servers", "RTK_ICE_SERVERS",
       "comma-separated STUN/TURN URLs (stun:, stuns:, turn:, turns:) for every client (default: none)",
       [](Config& c, const std::string& v) {
         c.ice_servers.clear();
         std::size_t start = 0;
         while (start <= v.size()) {
           const std::size_t end = std::min(v.find(',', start), v.size());
           const std::string url = v.substr(start, end - start);
           const bool scheme = url.rfind("stun:", 0) == 0 || url.rfind("stuns:", 0) == 0 ||
                               url.rfind("turn:", 0) == 0 || url.rfind("turns:", 0) == 0;
           if (!scheme || url.find(':') + 1 >= url.size()) return false;
           c.ice_servers.push_back(url);
           start = end + 1;
         }
         return true;
       }},
      {"turn-secret", "RTK_TURN_SECRET",
       "secret shared with the TURN server (coturn: use-auth-secret, static-auth-secret): each client gets "
       "short-lived credentials for the turn: URLs of --ice-servers (default: none)",
       [](Config& c, const std::string& v) {
         c.turn_secret = v;
         return !v.empty();
       }},
      {"turn-ttl", "RTK_TURN_TTL", "lifetime of a client's TURN credentials in seconds, 60..604800 (default 86400)",
       [](Config& c, const std::string& v) { return to_int(v, c.turn_ttl_s, 60, 7LL * 24 * 3600); }},
      {"ice-transport-policy", "RTK_ICE_TRANSPORT_POLICY",
       "all, or relay: clients use only TURN relay candidates (needs a turn: URL) (default all)",
       [](Config& c, const std::string& v) {
         c.ice_transport_policy = v;
         return v == "all" || v == "relay";
       }},
      {"ws-idle-timeout", "RTK_WS_IDLE_TIMEOUT",
       "seconds of silence after which a WebSocket is closed; the server pings at half of it, so "
       "only a peer that does not answer is reaped, 1..86400 (default 60)",
       [](Config& c, const std::string& v) { return to_int(v, c.ws_idle_timeout_s, 1, 86400); }},
      {"max-meetings", "RTK_MAX_MEETINGS", "breakout rooms per meeting group, 1..1000 (default 100)",
       [](Config& c, const std::string& v) { return to_int(v, c.max_meetings, 1, 1000); }},
      {"recordings-dir", "RTK_RECORDINGS_DIR",
       "where recordings are written (Janus's .mjr files and the processed WebM; Janus must be able to write "
       "there) (default: <data-dir>/recordings)",
       [](Config& c, const std::string& v) {
         c.recordings_dir = v;
         return !v.empty();
       }},
      {"recording-min-free-mb", "RTK_RECORDING_MIN_FREE_MB",
       "refuse to start a recording when the recordings dir has less free space, in MB (default 100)",
       [](Config& c, const std::string& v) { return to_int(v, c.recording_min_free_mb, 0, 100000000); }},
  };
  return f;
}

}  // namespace

std::string usage() {
  std::string s =
      "Usage: rtk-server [options]\n\n"
      "OpenRTK meetings server: REST API under /v2, WebSocket at /v2/ws, static files at /,\n"
      "the dashboard at /dashboard.\n"
      "Every option can also be set by the environment variable shown; an option wins.\n\n";
  for (const auto& f : flags()) {
    std::string left = std::string("  --") + f.name + " <value>";
    if (left.size() < 30) left.resize(30, ' ');
    s += left + f.help + "  [" + f.env + "]\n";
  }
  s += "  --help                      show this help\n";
  return s;
}

Result<Config> parse_config(const std::vector<std::string>& args, const Getenv& getenv) {
  Config c;
  for (const auto& f : flags()) {
    const char* v = getenv ? getenv(f.env) : nullptr;
    if (v && *v && !f.set(c, v))
      return make_error(ErrorCode::invalid_argument, std::string("bad value for ") + f.env + ": " + v);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      c.help = true;
      continue;
    }
    if (a.rfind("--", 0) != 0) return make_error(ErrorCode::invalid_argument, "unexpected argument: " + a);
    std::string name = a.substr(2), value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const Flag* flag = nullptr;
    for (const auto& f : flags())
      if (name == f.name) flag = &f;
    if (!flag) return make_error(ErrorCode::invalid_argument, "unknown option --" + name);
    if (!has_value) {
      if (i + 1 >= args.size()) return make_error(ErrorCode::invalid_argument, "--" + name + " needs a value");
      value = args[++i];
    }
    if (!flag->set(c, value)) return make_error(ErrorCode::invalid_argument, "bad value for --" + name + ": " + value);
  }
  const bool has_turn = std::any_of(c.ice_servers.begin(), c.ice_servers.end(), is_turn_url);
  if (!c.turn_secret.empty() && !has_turn)
    return make_error(ErrorCode::invalid_argument, "--turn-secret needs a turn: or turns: URL in --ice-servers");
  if (c.ice_transport_policy == "relay" && !has_turn)
    return make_error(ErrorCode::invalid_argument,
                      "--ice-transport-policy relay needs a turn: or turns: URL in --ice-servers");
  return c;
}

}  // namespace rtk::server
