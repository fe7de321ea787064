// The token bucket of searchd/src/rate_limit.h, on a clock the test moves.
#include <gtest/gtest.h>

#include "rate_limit.h"

using kb::http::RateLimiter;
using namespace std::chrono_literals;

TEST(RateLimiter, ABurstThenTheRate) {
  RateLimiter limiter({2, 4, false});
  auto t = RateLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(limiter.take("192.0.2.1", t)) << i;
  auto wait = limiter.take("192.0.2.1", t);
  ASSERT_TRUE(wait);
  EXPECT_DOUBLE_EQ(*wait, 0.5);  // one token at 2 a second
  EXPECT_FALSE(limiter.take("192.0.2.1", t + 500ms));
  EXPECT_TRUE(limiter.take("192.0.2.1", t + 500ms));
  // Another address has its own bucket.
  EXPECT_FALSE(limiter.take("192.0.2.2", t));
  // A long pause refills to the burst, no further.
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(limiter.take("192.0.2.1", t + 1h)) << i;
  EXPECT_TRUE(limiter.take("192.0.2.1", t + 1h));
}

TEST(RateLimiter, LoopbackIsExemptUnlessAsked) {
  auto t = RateLimiter::Clock::time_point{} + 1000s;
  RateLimiter exempt({1, 1, false});
  for (const char* a : {"127.0.0.1", "::1", "::ffff:127.0.0.1"})
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(exempt.take(a, t)) << a;
  RateLimiter strict({1, 1, true});
  EXPECT_FALSE(strict.take("127.0.0.1", t));
  EXPECT_TRUE(strict.take("127.0.0.1", t));
}

TEST(RateLimiter, NoLimitLetsEverythingThrough) {
  RateLimiter off({0, 0, true});
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(off.take("192.0.2.1"));
}

TEST(RateLimiter, ManyAddressesStayBounded) {
  // More addresses than max_clients: the table is pruned, and a limited client that is
  // still limited keeps being limited when the flood is of full buckets.
  RateLimiter limiter({1, 2, false, 160});
  auto t = RateLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 10000; ++i)
    EXPECT_FALSE(limiter.take("198.51.100." + std::to_string(i), t + std::chrono::seconds(i)));
}
