#include "auth.hpp"

#include "util.hpp"

namespace rtk::server {

std::string_view bearer_token(std::string_view h) {
  constexpr std::string_view kPrefix = "Bearer ";
  if (h.size() <= kPrefix.size()) return {};
  for (std::size_t i = 0; i < kPrefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(h[i])) != std::tolower(static_cast<unsigned char>(kPrefix[i])))
      return {};
  h.remove_prefix(kPrefix.size());
  while (!h.empty() && h.front() == ' ') h.remove_prefix(1);
  while (!h.empty() && h.back() == ' ') h.remove_suffix(1);
  return h;
}

bool check_api_key(std::string_view authorization, std::string_view api_key) {
  const auto tok = bearer_token(authorization);
  return !tok.empty() && !api_key.empty() && constant_time_equals(tok, api_key);
}

ParticipantAuth check_participant_token(const Registry& r, std::string_view token, std::string_view secret,
                                        std::int64_t now_s) {
  ParticipantAuth a;
  TokenCheck t = verify_token(token, secret, now_s);
  if (t.status != TokenStatus::ok) {
    a.reason = std::string(token_reason(t.status));
    a.message = t.message;
    return a;
  }
  auto pit = r.participants.find(t.claims.participant_id);
  const GroupData* g = r.group(t.claims.meeting_id);
  if (pit == r.participants.end() || pit->second.meeting_id != t.claims.meeting_id || !g ||
      !g->state.find_participant(t.claims.participant_id)) {
    a.reason = "participant_not_found";
    a.message = "the participant of this token does not exist (any more)";
    return a;
  }
  auto mit = r.meetings.find(t.claims.meeting_id);
  if (mit == r.meetings.end() || !mit->second.active) {
    a.reason = "meeting_inactive";
    a.message = "the meeting is not active";
    return a;
  }
  a.ok = true;
  a.claims = std::move(t.claims);
  return a;
}

Json unauthenticated_body(const ParticipantAuth& a) {
  return Json{{"success", false},
              {"error", Json{{"code", "unauthenticated"}, {"message", a.message}, {"reason", a.reason}}}};
}

std::string issue_token(const Secrets& s, const std::string& meeting_id, const std::string& participant_id,
                        std::int64_t now_s, std::int64_t ttl_s) {
  TokenClaims c;
  c.meeting_id = meeting_id;
  c.participant_id = participant_id;
  c.iat = now_s;
  c.exp = now_s + ttl_s;
  return sign_token(c, s.signing_secret);
}

}  // namespace rtk::server
