// Participant tokens: JWT HS256 (docs/protocol.md, "Tokens"). HMAC from OpenSSL, signature
// compared in constant time; `alg` other than HS256 (including "none") is refused.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rtk::server {

struct TokenClaims {
  std::string meeting_id;  // the parent meeting (the group)
  std::string participant_id;
  std::string org_id = "openrtk";
  std::int64_t iat = 0;  // seconds
  std::int64_t exp = 0;  // seconds
};

std::string sign_token(const TokenClaims& claims, std::string_view secret);

// Reason codes of docs/protocol.md; `ok` when the token is well-formed, signed and unexpired.
enum class TokenStatus { ok, malformed, alg, signature, expired };
std::string_view token_reason(TokenStatus s);

struct TokenCheck {
  TokenStatus status = TokenStatus::malformed;
  TokenClaims claims;  // filled when status == ok
  std::string message;
};

TokenCheck verify_token(std::string_view token, std::string_view secret, std::int64_t now_s);

}  // namespace rtk::server
