#include "jwt.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "rtk/json.hpp"
#include "util.hpp"

namespace rtk::server {
namespace {

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

TokenCheck fail(TokenStatus s, std::string m) { return TokenCheck{s, {}, std::move(m)}; }

}  // namespace

std::string_view token_reason(TokenStatus s) {
  switch (s) {
    case TokenStatus::ok: return "ok";
    case TokenStatus::malformed: return "token_malformed";
    case TokenStatus::alg: return "token_alg";
    case TokenStatus::signature: return "token_signature";
    case TokenStatus::expired: return "token_expired";
  }
  return "token_malformed";
}

std::string sign_token(const TokenClaims& c, std::string_view secret) {
  const Json header{{"alg", "HS256"}, {"typ", "JWT"}};
  const Json payload{{"meetingId", c.meeting_id},
                     {"participantId", c.participant_id},
                     {"orgId", c.org_id},
                     {"iat", c.iat},
                     {"exp", c.exp}};
  std::string signing_input = base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
  const std::string sig = hmac_sha256(secret, signing_input);
  return signing_input + "." + base64url_encode(sig);
}

TokenCheck verify_token(std::string_view token, std::string_view secret, std::int64_t now_s) {
  if (token.empty()) return fail(TokenStatus::malformed, "no token");
  if (token.size() > 8192) return fail(TokenStatus::malformed, "token too long");
  const auto d1 = token.find('.');
  if (d1 == std::string_view::npos) return fail(TokenStatus::malformed, "token must have three parts");
  const auto d2 = token.find('.', d1 + 1);
  if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos)
    return fail(TokenStatus::malformed, "token must have three parts");
  const std::string_view h64 = token.substr(0, d1), p64 = token.substr(d1 + 1, d2 - d1 - 1), s64 = token.substr(d2 + 1);
  const auto header_text = base64url_decode(h64);
  if (!header_text) return fail(TokenStatus::malformed, "token header is not base64url");
  auto header = parse_json(*header_text);
  if (!header || !header->is_object()) return fail(TokenStatus::malformed, "token header is not a JSON object");
  auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) return fail(TokenStatus::malformed, "token header has no alg");
  if (alg->get<std::string>() != "HS256") return fail(TokenStatus::alg, "only HS256 tokens are accepted");
  const auto sig = base64url_decode(s64);
  if (!sig) return fail(TokenStatus::malformed, "token signature is not base64url");
  const std::string expected = hmac_sha256(secret, token.substr(0, d2));
  if (!constant_time_equals(*sig, expected)) return fail(TokenStatus::signature, "token signature does not verify");
  const auto payload_text = base64url_decode(p64);
  if (!payload_text) return fail(TokenStatus::malformed, "token payload is not base64url");
  auto payload = parse_json(*payload_text);
  if (!payload || !payload->is_object()) return fail(TokenStatus::malformed, "token payload is not a JSON object");
  const Json& p = *payload;
  auto str = [&](const char* k, std::string& out) {
    auto it = p.find(k);
    if (it == p.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return false;
    out = it->get<std::string>();
    return true;
  };
  auto num = [&](const char* k, std::int64_t& out) {
    auto it = p.find(k);
    if (it == p.end() || !it->is_number_integer()) return false;
    out = it->get<std::int64_t>();
    return true;
  };
  TokenClaims c;
  if (!str("meetingId", c.meeting_id) || !str("participantId", c.participant_id) || !num("exp", c.exp))
    return fail(TokenStatus::malformed, "token payload needs meetingId, participantId and exp");
  str("orgId", c.org_id);
  num("iat", c.iat);
  if (c.exp <= now_s) return fail(TokenStatus::expired, "token expired");
  return TokenCheck{TokenStatus::ok, std::move(c), ""};
}

}  // namespace rtk::server
