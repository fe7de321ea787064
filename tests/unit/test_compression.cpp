// Response compression (searchd/src/compression.h): which coding a client's
// Accept-Encoding gets, and that what is sent decodes to the body.
#include <gtest/gtest.h>

#include "../support/decode.h"
#include "compression.h"

using kb::http::Encoding;
using kb::http::negotiate;

TEST(Compression, BrotliIsPreferredWhenBothAreOffered) {
  EXPECT_EQ(negotiate("gzip, deflate, br"), Encoding::brotli);
  EXPECT_EQ(negotiate("gzip"), Encoding::gzip);
  EXPECT_EQ(negotiate("x-gzip"), Encoding::gzip);
  EXPECT_EQ(negotiate("BR"), Encoding::brotli);
}

TEST(Compression, QValuesAreHonoured) {
  EXPECT_EQ(negotiate("br;q=0, gzip"), Encoding::gzip);
  EXPECT_EQ(negotiate("br;q=0.2, gzip;q=0.8"), Encoding::gzip);
  EXPECT_EQ(negotiate("gzip;q=0, br;q=0"), Encoding::identity);
  EXPECT_EQ(negotiate("gzip; q=0.5"), Encoding::gzip);
  // A malformed q is not taken as consent.
  EXPECT_EQ(negotiate("br;q=high"), Encoding::identity);
}

TEST(Compression, NothingOfferedOrOnlyUnknownCodingsMeansIdentity) {
  EXPECT_EQ(negotiate(""), Encoding::identity);
  EXPECT_EQ(negotiate("identity"), Encoding::identity);
  EXPECT_EQ(negotiate("deflate, zstd"), Encoding::identity);
  // "brotli" is not "br", and a token is not matched inside another.
  EXPECT_EQ(negotiate("brotli, xgzipx"), Encoding::identity);
}

TEST(Compression, TheWildcardCoversWhatIsNotNamed) {
  EXPECT_EQ(negotiate("*"), Encoding::brotli);
  EXPECT_EQ(negotiate("br;q=0, *"), Encoding::gzip);
  EXPECT_EQ(negotiate("*;q=0"), Encoding::identity);
}

TEST(Compression, TextFormatsAreCompressibleOthersAreNot) {
  EXPECT_TRUE(kb::http::compressible("application/json; charset=utf-8"));
  EXPECT_TRUE(kb::http::compressible("text/html; charset=utf-8"));
  EXPECT_TRUE(kb::http::compressible("text/javascript"));
  EXPECT_TRUE(kb::http::compressible("image/svg+xml"));
  EXPECT_FALSE(kb::http::compressible("image/png"));
  EXPECT_FALSE(kb::http::compressible("text/event-stream"));
  EXPECT_FALSE(kb::http::compressible(""));
}

TEST(Compression, EncodedBodiesDecodeToTheOriginal) {
  std::string body;
  for (int i = 0; i < 2000; ++i) body += "{\"id\":\"unit-" + std::to_string(i) + "\",\"x\":1},";
  auto gz = kb::http::encode(body, Encoding::gzip);
  auto br = kb::http::encode(body, Encoding::brotli);
  EXPECT_LT(gz.size(), body.size() / 4);
  EXPECT_LT(br.size(), body.size() / 4);
  EXPECT_EQ(kb::testing::gunzip(gz), body);
  EXPECT_EQ(kb::testing::unbrotli(br), body);
  EXPECT_EQ(kb::http::encode(body, Encoding::identity), body);
}

TEST(Compression, ResponsesGetVaryAndAMarkedETag) {
  httplib::Response res;
  res.set_header("ETag", "\"abc\"");
  res.set_header("Vary", "Origin");
  res.set_content(std::string(4000, 'a'), "text/css");
  kb::http::compress_response("gzip", res);
  EXPECT_EQ(res.get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(res.get_header_value("Vary"), "Origin, Accept-Encoding");
  EXPECT_EQ(res.get_header_value("ETag"), "\"abc-gzip\"");
  EXPECT_EQ(res.get_header_value("Content-Length"), std::to_string(res.body.size()));
  EXPECT_EQ(kb::testing::gunzip(res.body), std::string(4000, 'a'));

  // Small answers go as they are, but still vary by the header.
  httplib::Response small;
  small.set_content("{}", "application/json");
  kb::http::compress_response("br", small);
  EXPECT_FALSE(small.has_header("Content-Encoding"));
  EXPECT_EQ(small.get_header_value("Vary"), "Accept-Encoding");

  // Binary formats are left alone entirely.
  httplib::Response png;
  png.set_content(std::string(4000, 'a'), "image/png");
  kb::http::compress_response("br", png);
  EXPECT_FALSE(png.has_header("Content-Encoding"));
  EXPECT_FALSE(png.has_header("Vary"));
}
