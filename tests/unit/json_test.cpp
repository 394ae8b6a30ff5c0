#include "rtk/json.hpp"

#include <gtest/gtest.h>

using namespace rtk;

TEST(Json, MalformedIsAnErrorValue) {
  for (const char* bad : {"{bad", "", "[1,", "\"unterminated", "{\"a\":}", "nul"}) {
    auto r = parse_json(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  }
  EXPECT_TRUE(parse_json("{\"a\":1}").ok());
}

TEST(Json, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(
      is_valid_utf8("Gr\xC3\xBC\xC3\x9F"
                    "e \xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Json, ValidateTextBounds) {
  EXPECT_EQ(validate_text("title", "", 256).error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(validate_text("title", std::string(256, 'a'), 256).ok());
  auto r = validate_text("title", std::string(257, 'a'), 256);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("257"), std::string::npos);
  // 256 bytes of multi-byte characters is fine; bytes count, not characters.
  std::string euro;
  for (int i = 0; i < 85; ++i) euro += "\xE2\x82\xAC";  // 255 bytes
  EXPECT_TRUE(validate_text("title", euro, 256).ok());
  EXPECT_FALSE(validate_text("title", euro + "\xE2\x82\xAC", 256).ok());
}
