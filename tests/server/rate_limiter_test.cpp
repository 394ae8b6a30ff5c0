#include "rate_limiter.hpp"

#include <gtest/gtest.h>

using rtk::server::TokenBucket;

TEST(TokenBucket, BurstThenRefusesThenRefills) {
  TokenBucket b(10, 5);  // 10/s, burst 5
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(b.take(1000));
  EXPECT_FALSE(b.take(1000));
  EXPECT_FALSE(b.take(1050));  // half a token
  EXPECT_TRUE(b.take(1100));   // one token after 100 ms
  EXPECT_FALSE(b.take(1100));
  EXPECT_TRUE(b.take(10000));  // refilled, capped at burst
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(b.take(10000));
  EXPECT_FALSE(b.take(10000));
}

TEST(TokenBucket, ClockGoingBackwardsDoesNotMintTokens) {
  TokenBucket b(1, 1);
  EXPECT_TRUE(b.take(5000));
  EXPECT_FALSE(b.take(1000));
  EXPECT_FALSE(b.take(5500));
  EXPECT_TRUE(b.take(6000));
}
