// Who is calling: the REST API key (acts as the system) or a participant token.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "jwt.hpp"
#include "registry.hpp"
#include "rtk/json.hpp"

namespace rtk::server {

struct Secrets {
  std::string api_key;
  std::string signing_secret;
};

// "Bearer <token>" -> token; empty when the header has another form.
std::string_view bearer_token(std::string_view authorization);

bool check_api_key(std::string_view authorization, std::string_view api_key);

struct ParticipantAuth {
  bool ok = false;
  std::string reason;  // token_malformed | token_alg | token_signature | token_expired |
                       // participant_not_found | meeting_inactive
  std::string message;
  TokenClaims claims;
};

// Signature, alg, expiry, participant still in the token's meeting, meeting ACTIVE.
ParticipantAuth check_participant_token(const Registry& r, std::string_view token, std::string_view secret,
                                        std::int64_t now_s);

// {success:false, error:{code:"unauthenticated", message, reason}}
Json unauthenticated_body(const ParticipantAuth& a);

std::string issue_token(const Secrets& s, const std::string& meeting_id, const std::string& participant_id,
                        std::int64_t now_s, std::int64_t ttl_s);

}  // namespace rtk::server
