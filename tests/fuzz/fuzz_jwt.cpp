// Target "jwt": the participant-token verifier (src/server/jwt.cpp).
// The first byte picks the mode:
//   even: the rest is a token as it comes in an Authorization header or ?authToken=.
//   odd:  the rest is "<header JSON>\n<payload JSON>"; the target base64url-encodes both and
//         signs them with the server's key, so header and payload parsing behind the signature
//         check (the deep paths) is fuzzed too. The signature is then valid by construction.
// Invariants: a validly signed token never fails the signature check; an accepted token's
// claims, signed again, verify to the same claims.
#include <cstdint>
#include <string>
#include <string_view>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "fuzz_check.hpp"
#include "jwt.hpp"
#include "util.hpp"

using namespace rtk::server;

namespace {
constexpr std::string_view kSecret = "fuzz-signing-secret-0123456789abcdef";
constexpr std::int64_t kNow = 1'700'000'000;

// HS256 as the verifier computes it (jwt.cpp keeps its own helper private).
std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(bytes) + 1, size - 1);
  TokenCheck c;
  if ((bytes[0] & 1) == 0) {
    c = verify_token(rest, kSecret, kNow);
  } else {
    const auto nl = rest.find('\n');
    const std::string_view header = rest.substr(0, nl);
    const std::string_view payload = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    const std::string input = base64url_encode(header) + "." + base64url_encode(payload);
    const std::string token = input + "." + base64url_encode(hmac_sha256(kSecret, input));
    c = verify_token(token, kSecret, kNow);
    RTK_FUZZ_CHECK(c.status != TokenStatus::signature, "a validly signed token failed the signature check");
  }
  (void)token_reason(c.status);
  if (c.status == TokenStatus::ok) {
    RTK_FUZZ_CHECK(!c.claims.meeting_id.empty() && !c.claims.participant_id.empty(), "accepted without ids");
    RTK_FUZZ_CHECK(c.claims.exp > kNow, "accepted an expired token");
    auto again = verify_token(sign_token(c.claims, kSecret), kSecret, kNow);
    RTK_FUZZ_CHECK(again.status == TokenStatus::ok, "re-signed claims do not verify");
    RTK_FUZZ_CHECK(again.claims.meeting_id == c.claims.meeting_id &&
                       again.claims.participant_id == c.claims.participant_id && again.claims.exp == c.claims.exp,
                   "re-signed claims differ");
  }
  return 0;
}
