// The HTTP layer of issue 16: compressed answers decode to the same JSON, and a client
// over its rate gets 429 with Retry-After.
#include <gtest/gtest.h>

#include <optional>

#include "../support/decode.h"
#include "server_fixture.h"

namespace {

using kb::testing::RunningServer;
using kb::testing::TempDir;

class HttpLayer : public kb::testing::BundledServerSuite<HttpLayer> {};

// GET target with this Accept-Encoding, the client's own decoding off.
httplib::Result get_encoded(const RunningServer& server, const std::string& target,
                            const std::string& accept_encoding) {
  auto c = server.client();
  c.set_decompress(false);
  return c.Get(target, {{"Accept-Encoding", accept_encoding}});
}

TEST_F(HttpLayer, CompressedAnswersDecodeToTheSameJson) {
  for (std::string target : {"/api/v1/messages", "/api/v1/search?q=DNS+abuse", "/api/v1/facets",
                             "/api/v1/openapi.json"}) {
    auto plain = get_encoded(*server_, target, "identity");
    auto gz = get_encoded(*server_, target, "gzip");
    auto br = get_encoded(*server_, target, "gzip, deflate, br");
    ASSERT_TRUE(plain && gz && br) << target;
    EXPECT_FALSE(plain->has_header("Content-Encoding")) << target;
    EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip") << target;
    EXPECT_EQ(br->get_header_value("Content-Encoding"), "br") << target;
    for (const auto* r : {&plain, &gz, &br})
      EXPECT_NE((*r)->get_header_value("Vary").find("Accept-Encoding"), std::string::npos)
          << target;
    EXPECT_LT(gz->body.size(), plain->body.size()) << target;
    auto from_gz = kb::testing::gunzip(gz->body);
    auto from_br = kb::testing::unbrotli(br->body);
    ASSERT_TRUE(from_gz && from_br) << target;
    auto expected = nlohmann::json::parse(plain->body);
    expected.erase("took_ms");  // the one field that differs from search to search
    auto a = nlohmann::json::parse(*from_gz), b = nlohmann::json::parse(*from_br);
    a.erase("took_ms");
    b.erase("took_ms");
    EXPECT_EQ(a, expected) << target;
    EXPECT_EQ(b, expected) << target;
  }
}

TEST_F(HttpLayer, ARefusedCodingIsNotSent) {
  auto r = get_encoded(*server_, "/api/v1/messages", "br;q=0, gzip;q=0");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_header("Content-Encoding"));
  EXPECT_TRUE(nlohmann::json::accept(r->body));
}

TEST(RateLimit, AClientOverItsRateGets429WithRetryAfterAndOthersAreServed) {
  TempDir dir;
  kb::testing::publish_bundled_corpus(dir);
  auto config = kb::testing::test_config(dir.str());
  config.rate_limit = 1;  // a token a second
  config.rate_burst = 3;
  config.rate_limit_loopback = true;
  RunningServer server(config);
  auto c = server.client();
  // The burst is served; the request after it is refused (the bucket refills at one a
  // second, so however slow this machine, at most one more token has come by then:
  // within burst + a few requests a refusal must come).
  int served = 0;
  std::optional<httplib::Response> refused;
  for (int i = 0; i < 20 && !refused; ++i) {
    auto r = c.Get("/api/v1/search?q=igf");
    ASSERT_TRUE(r);
    if (r->status == 429)
      refused = *r;
    else
      ++served;
  }
  ASSERT_TRUE(refused.has_value()) << "no 429 after 20 requests with a burst of 3";
  EXPECT_GE(served, 3);
  auto retry = refused->get_header_value("Retry-After");
  ASSERT_FALSE(retry.empty());
  EXPECT_GE(std::stoi(retry), 1);
  auto body = nlohmann::json::parse(refused->body);
  EXPECT_EQ(body["error"]["code"], "rate_limited");
  EXPECT_EQ(body["error"]["retry_after"], std::stoi(retry));
  EXPECT_NE(refused->get_header_value("Content-Type").find("application/json"), std::string::npos);
}

TEST(RateLimit, LoopbackIsNotLimitedByDefault) {
  TempDir dir;
  kb::testing::publish_bundled_corpus(dir);
  auto config = kb::testing::test_config(dir.str());
  config.rate_limit = 1;
  config.rate_burst = 1;  // rate_limit_loopback stays false
  RunningServer server(config);
  auto c = server.client();
  for (int i = 0; i < 10; ++i) {
    auto r = c.Get("/healthz");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << "request " << i;
  }
}

}  // namespace
