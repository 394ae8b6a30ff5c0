// ICE servers per participant (issue 10): the STUN/TURN URLs of --ice-servers, and for the
// TURN ones short-lived credentials from a secret shared with the TURN server, in the TURN REST
// scheme coturn implements with `use-auth-secret` / `static-auth-secret`:
//   username   = "<unix expiry time>:<participant id>"
//   credential = base64(HMAC-SHA1(secret, username))
// The TURN server checks the HMAC and refuses the username once its time has passed; rtk-server
// never talks to it. Without a secret the URLs go out as given (no credentials).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rtk/protocol.hpp"

namespace rtk::server {

struct IceConfig {
  std::vector<std::string> urls;  // stun:, stuns:, turn:, turns:
  std::string turn_secret;        // empty: TURN URLs without credentials
  std::int64_t turn_ttl_s = 24 * 3600;
  std::string transport_policy = "all";  // all | relay (RTCConfiguration.iceTransportPolicy)
};

bool is_turn_url(const std::string& url);

// base64(HMAC-SHA1(secret, username)): coturn's `use-auth-secret` password.
std::string turn_password(const std::string& secret, const std::string& username);

// The media info one participant gets with room.joined at `now_ms`: STUN URLs in one entry, TURN
// URLs in another with this participant's credentials (expiring at now + ttl).
proto::MediaInfo media_for(const std::string& mode, const IceConfig& ice, const std::string& participant_id,
                           std::int64_t now_ms);

}  // namespace rtk::server
