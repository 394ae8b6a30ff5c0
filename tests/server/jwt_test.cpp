#include "jwt.hpp"

#include <gtest/gtest.h>

#include "util.hpp"

using namespace rtk::server;

namespace {
TokenClaims claims(std::int64_t exp = 2000) {
  TokenClaims c;
  c.meeting_id = "m1";
  c.participant_id = "p1";
  c.iat = 1000;
  c.exp = exp;
  return c;
}
}  // namespace

TEST(Base64Url, RoundTripsAndIsStrict) {
  for (const std::string& s :
       std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\xfe", 3)})
    EXPECT_EQ(base64url_decode(base64url_encode(s)), s);
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_FALSE(base64url_decode("ab+c"));  // not the URL alphabet
  EXPECT_FALSE(base64url_decode("abc="));  // no padding
  EXPECT_FALSE(base64url_decode("a"));     // impossible length
  EXPECT_FALSE(base64url_decode("Zh"));    // non-zero trailing bits
}

TEST(Jwt, SignedTokenVerifies) {
  const std::string t = sign_token(claims(), "secret");
  auto r = verify_token(t, "secret", 1500);
  ASSERT_EQ(r.status, TokenStatus::ok) << r.message;
  EXPECT_EQ(r.claims.meeting_id, "m1");
  EXPECT_EQ(r.claims.participant_id, "p1");
  EXPECT_EQ(r.claims.org_id, "openrtk");
  EXPECT_EQ(r.claims.exp, 2000);
}

TEST(Jwt, WrongSecretIsSignatureError) {
  EXPECT_EQ(verify_token(sign_token(claims(), "secret"), "other", 1500).status, TokenStatus::signature);
}

TEST(Jwt, TamperedPayloadIsSignatureError) {
  std::string t = sign_token(claims(), "secret");
  const auto d1 = t.find('.'), d2 = t.rfind('.');
  TokenClaims c = claims();
  c.participant_id = "p2";
  const std::string other = sign_token(c, "x");
  const std::string forged =
      t.substr(0, d1) + other.substr(other.find('.'), other.rfind('.') - other.find('.')) + t.substr(d2);
  EXPECT_EQ(verify_token(forged, "secret", 1500).status, TokenStatus::signature);
}

TEST(Jwt, ExpiredAtAndAfterExp) {
  const std::string t = sign_token(claims(2000), "secret");
  EXPECT_EQ(verify_token(t, "secret", 1999).status, TokenStatus::ok);
  EXPECT_EQ(verify_token(t, "secret", 2000).status, TokenStatus::expired);
  EXPECT_EQ(verify_token(t, "secret", 5000).status, TokenStatus::expired);
}

TEST(Jwt, AlgNoneAndOthersRefused) {
  const std::string payload = base64url_encode(R"({"meetingId":"m1","participantId":"p1","exp":9999999999})");
  const std::string none = base64url_encode(R"({"alg":"none"})") + "." + payload + ".";
  EXPECT_EQ(verify_token(none, "secret", 1).status, TokenStatus::alg);
  const std::string hs512 = base64url_encode(R"({"alg":"HS512"})") + "." + payload + ".AAAA";
  EXPECT_EQ(verify_token(hs512, "secret", 1).status, TokenStatus::alg);
}

TEST(Jwt, MalformedInputs) {
  for (const char* t : {"", "abc", "a.b", "a.b.c.d", "!.!.!", "e30.e30.", "bm90IGpzb24.e30.AA"})
    EXPECT_EQ(verify_token(t, "secret", 1).status, TokenStatus::malformed) << t;
  EXPECT_EQ(token_reason(TokenStatus::malformed), "token_malformed");
  EXPECT_EQ(token_reason(TokenStatus::alg), "token_alg");
  EXPECT_EQ(token_reason(TokenStatus::signature), "token_signature");
  EXPECT_EQ(token_reason(TokenStatus::expired), "token_expired");
}

TEST(Util, ConstantTimeEqualsAndIds) {
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "abcd"));
  const auto a = random_uuid(), b = random_uuid();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '4');
  EXPECT_EQ(iso_time(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso_time(1700000000123), "2023-11-14T22:13:20.123Z");
}
