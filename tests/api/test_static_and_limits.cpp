// The UI folder as served by kb-searchd (types, caching, security headers, no escape
// from the folder) and the request limits kb-searchd adds to cpp-httplib 0.11.
#include <gtest/gtest.h>

#include <filesystem>

#include "server_fixture.h"

namespace fs = std::filesystem;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

class Static : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    write_file(dir_->path() / "corpus/documents/a.txt", "A\n\nA short text about registries.\n");
    kb::publish_index(kb::load_corpus((dir_->path() / "corpus").string()),
                      (dir_->path() / "index").string());
    write_file(dir_->path() / "ui/index.html", "<!doctype html><title>kb</title>");
    write_file(dir_->path() / "ui/widget.js",
               "customElements.define('kb-x', class extends HTMLElement {});");
    write_file(dir_->path() / "ui/app.css", "body{}");
    write_file(dir_->path() / "ui/.secret", "dotfile");
    write_file(dir_->path() / "outside.txt", "outside the ui folder");
    fs::create_symlink(dir_->path() / "outside.txt", dir_->path() / "ui/link.txt");
    auto config = kb::testing::test_config((dir_->path() / "index").string());
    config.ui_dir = (dir_->path() / "ui").string();
    config.frame_ancestors = "https://intranet.example";
    server_ = new kb::testing::RunningServer(config);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static TempDir* dir_;
  static kb::testing::RunningServer* server_;
};

TempDir* Static::dir_ = nullptr;
kb::testing::RunningServer* Static::server_ = nullptr;

TEST_F(Static, PageWithContentTypeCspAndRevalidation) {
  auto c = server_->client();
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  auto csp = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors https://intranet.example"), std::string::npos) << csp;
  auto etag = page->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = c.Get("/", {{"If-None-Match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(c.Get("/index.html")->body, page->body);
}

TEST_F(Static, AssetsHaveTheirTypesAndMayBeCached) {
  auto c = server_->client();
  auto js = c.Get("/widget.js");
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js->get_header_value("Cache-Control"), "public, max-age=300");
  EXPECT_EQ(js->get_header_value("Cross-Origin-Resource-Policy"), "cross-origin");
  auto css = c.Get("/app.css");
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css->get_header_value("Cache-Control"),
            "no-cache");  // the page's own assets revalidate
}

TEST_F(Static, RangeHeadersAreIgnoredOnFiles) {
  auto c = server_->client();
  auto whole = c.Get("/widget.js");
  ASSERT_TRUE(whole);
  for (const char* range :
       {"bytes=0-10", "bytes=5-", "bytes=0-1,3-4", "bytes=999999-", "bytes=x"}) {
    auto r = c.Get("/widget.js", {{"Range", range}});
    ASSERT_TRUE(r) << range;
    EXPECT_EQ(r->status, 200) << range;
    EXPECT_FALSE(r->has_header("Content-Range")) << range;
    EXPECT_EQ(r->body, whole->body) << range;
    EXPECT_EQ(r->get_header_value("ETag"), whole->get_header_value("ETag")) << range;
  }
}

TEST_F(Static, NothingOutsideTheFolderNorDotfilesNorTraversal) {
  auto c = server_->client();
  for (const char* path : {"/link.txt", "/.secret", "/../outside.txt", "/%2e%2e/outside.txt",
                           "/..%2foutside.txt", "/missing.js", "/api/v1/../../outside.txt"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->body.find("outside the ui folder"), std::string::npos) << path;
  }
}

TEST_F(Static, RequestBodiesAndHeaderFloodsAreRefused) {
  auto c = server_->client();
  auto with_body = c.Get("/api/v1/search?q=x", {{"Content-Length", "5"}});
  ASSERT_TRUE(with_body);
  EXPECT_EQ(with_body->status, 413);
  EXPECT_EQ(kb::testing::body_of(with_body)["error"]["code"], "payload_too_large");
  httplib::Headers many;
  for (int i = 0; i < 150; ++i) many.emplace("X-Filler-" + std::to_string(i), "v");
  auto flood = c.Get("/healthz", many);
  ASSERT_TRUE(flood);
  EXPECT_EQ(flood->status, 431);
  EXPECT_EQ(kb::testing::body_of(flood)["error"]["code"], "too_many_headers");
  // A chunked POST body is refused before it is read.
  auto chunked = c.Post(
      "/api/v1/search",
      [](size_t, httplib::DataSink& sink) {
        std::string block(64 * 1024, 'x');
        for (int i = 0; i < 4; ++i) sink.write(block.data(), block.size());
        sink.done();
        return true;
      },
      "text/plain");
  // Either a 405 or the server closed the connection without reading the body.
  EXPECT_TRUE(!chunked || chunked->status == 405) << chunked->status;
  EXPECT_EQ(c.Get("/healthz")->status, 200);  // and the server still answers
}

}  // namespace
