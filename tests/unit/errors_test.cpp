#include "rtk/errors.hpp"

#include <gtest/gtest.h>

using namespace rtk;

TEST(Errors, CodesRoundTripAndAreStable) {
  // Pinned on purpose: these strings are on the wire and in the JS SDK.
  const std::pair<ErrorCode, const char*> pinned[] = {
      {ErrorCode::unknown, "unknown"},
      {ErrorCode::invalid_argument, "invalid_argument"},
      {ErrorCode::unauthenticated, "unauthenticated"},
      {ErrorCode::permission_denied, "permission_denied"},
      {ErrorCode::not_found, "not_found"},
      {ErrorCode::conflict, "conflict"},
      {ErrorCode::limit_exceeded, "limit_exceeded"},
      {ErrorCode::rate_limited, "rate_limited"},
      {ErrorCode::payload_too_large, "payload_too_large"},
      {ErrorCode::unavailable, "unavailable"},
      {ErrorCode::internal, "internal"},
  };
  for (const auto& [code, name] : pinned) {
    EXPECT_EQ(to_string(code), name);
    EXPECT_EQ(error_code_from_string(name), code);
  }
}

TEST(Errors, UnknownStringDecodesToUnknown) { EXPECT_EQ(error_code_from_string("nope"), ErrorCode::unknown); }

TEST(Errors, HttpStatus) {
  EXPECT_EQ(http_status(ErrorCode::invalid_argument), 400);
  EXPECT_EQ(http_status(ErrorCode::unauthenticated), 401);
  EXPECT_EQ(http_status(ErrorCode::permission_denied), 403);
  EXPECT_EQ(http_status(ErrorCode::not_found), 404);
  EXPECT_EQ(http_status(ErrorCode::conflict), 409);
  EXPECT_EQ(http_status(ErrorCode::payload_too_large), 413);
  EXPECT_EQ(http_status(ErrorCode::rate_limited), 429);
  EXPECT_EQ(http_status(ErrorCode::internal), 500);
}

TEST(Errors, ResultHoldsValueOrError) {
  Result<int> a = 5;
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, 5);
  Result<int> b = make_error(ErrorCode::not_found, "x");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, ErrorCode::not_found);
  EXPECT_EQ(b.error().message, "x");
}
