#include "turn.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace rtk::server {

bool is_turn_url(const std::string& url) { return url.rfind("turn:", 0) == 0 || url.rfind("turns:", 0) == 0; }

std::string turn_password(const std::string& secret, const std::string& username) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(username.data()), username.size(), mac, &len);
  std::string out(4 * ((len + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), mac, static_cast<int>(len));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

proto::MediaInfo media_for(const std::string& mode, const IceConfig& ice, const std::string& participant_id,
                           std::int64_t now_ms) {
  proto::MediaInfo m;
  m.mode = mode;
  m.ice_transport_policy = ice.transport_policy;
  proto::IceServer stun, turn;
  for (const auto& url : ice.urls) (is_turn_url(url) ? turn : stun).urls.push_back(url);
  if (!stun.urls.empty()) m.ice_servers.push_back(std::move(stun));
  if (!turn.urls.empty()) {
    if (!ice.turn_secret.empty()) {
      turn.username = std::to_string(now_ms / 1000 + ice.turn_ttl_s) + ":" + participant_id;
      turn.credential = turn_password(ice.turn_secret, turn.username);
    }
    m.ice_servers.push_back(std::move(turn));
  }
  return m;
}

}  // namespace rtk::server
