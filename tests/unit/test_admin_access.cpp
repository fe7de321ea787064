// Issue 13 part 3: who may read GET /api/v1/stats — loopback addresses, the admin token
// and its constant-time comparison.
#include <gtest/gtest.h>

#include <string>

#include "admin_access.h"

namespace {

using kb::http::admin_access;
using kb::http::AdminAccess;
using kb::http::constant_time_equal;
using kb::http::is_loopback;

TEST(AdminAccess, LoopbackIsOneTwoSevenSlashEightAndIpv6Loopback) {
  for (const char* a : {"127.0.0.1", "127.5.5.5", "127.255.255.255", "::1", "::ffff:127.0.0.1",
                        "::FFFF:127.9.8.7", "0:0:0:0:0:0:0:1"})
    EXPECT_TRUE(is_loopback(a)) << a;
  for (const char* a : {"10.0.0.1", "192.168.1.2", "128.0.0.1", "0.0.0.0", "::ffff:10.0.0.1",
                        "::", "::2", "fe80::1", "::127.0.0.1", "", "localhost", "127.0.0.1 ",
                        " 127.0.0.1", "127.0.0.1.5", "127.1", "[::1]", "x127.0.0.1", "2001:db8::1"})
    EXPECT_FALSE(is_loopback(a)) << a;
}

TEST(AdminAccess, WithoutATokenLoopbackIsAllowedAndOthersForbidden) {
  EXPECT_EQ(admin_access("127.0.0.1", "", ""), AdminAccess::allow);
  EXPECT_EQ(admin_access("127.5.5.5", "", ""), AdminAccess::allow);
  EXPECT_EQ(admin_access("::1", "", ""), AdminAccess::allow);
  EXPECT_EQ(admin_access("::ffff:127.0.0.1", "", ""), AdminAccess::allow);
  EXPECT_EQ(admin_access("::1", "", "Bearer anything"), AdminAccess::allow);
  for (const char* a : {"10.0.0.1", "192.168.1.2", "::ffff:10.0.0.1", ""}) {
    EXPECT_EQ(admin_access(a, "", ""), AdminAccess::forbidden) << a;
    // No token configured: no header opens it from elsewhere.
    EXPECT_EQ(admin_access(a, "", "Bearer x"), AdminAccess::forbidden) << a;
  }
}

TEST(AdminAccess, WithATokenEveryClientNeedsIt) {
  const std::string token = "s3cret-token-0123456789";
  for (const char* a : {"127.0.0.1", "::1", "10.0.0.1", "192.168.1.2", "::ffff:10.0.0.1", ""}) {
    EXPECT_EQ(admin_access(a, token, "Bearer " + token), AdminAccess::allow) << a;
    EXPECT_EQ(admin_access(a, token, "bearer " + token), AdminAccess::allow) << a;
    EXPECT_EQ(admin_access(a, token, ""), AdminAccess::unauthorized) << a;
    EXPECT_EQ(admin_access(a, token, "Bearer "), AdminAccess::unauthorized) << a;
    EXPECT_EQ(admin_access(a, token, "Basic " + token), AdminAccess::unauthorized) << a;
    EXPECT_EQ(admin_access(a, token, token), AdminAccess::unauthorized) << a;
    EXPECT_EQ(admin_access(a, token, "Bearer wrong"), AdminAccess::forbidden) << a;
    EXPECT_EQ(admin_access(a, token, "Bearer " + token + "x"), AdminAccess::forbidden) << a;
    EXPECT_EQ(admin_access(a, token, "Bearer " + token.substr(1)), AdminAccess::forbidden) << a;
    EXPECT_EQ(admin_access(a, token, "Bearer " + token.substr(0, token.size() - 1)),
              AdminAccess::forbidden)
        << a;
  }
}

TEST(AdminAccess, ConstantTimeCompareIsEquality) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abd", "abc"));
  EXPECT_FALSE(constant_time_equal("bbc", "abc"));
  EXPECT_FALSE(constant_time_equal("ab", "abc"));    // a prefix of the secret
  EXPECT_FALSE(constant_time_equal("abcd", "abc"));  // the secret and more
  EXPECT_FALSE(constant_time_equal("", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", ""));
  std::string with_nul("ab\0c", 4);
  EXPECT_FALSE(constant_time_equal(with_nul, "ab"));
  EXPECT_FALSE(constant_time_equal(std::string("ab\0", 3), "ab"));
  EXPECT_TRUE(constant_time_equal(with_nul, with_nul));
  // Every single-byte difference, at every position, is seen.
  std::string secret = "0123456789abcdef";
  for (std::size_t i = 0; i < secret.size(); ++i) {
    auto other = secret;
    other[i] = static_cast<char>(other[i] ^ 0x01);
    EXPECT_FALSE(constant_time_equal(other, secret)) << i;
  }
}

}  // namespace
