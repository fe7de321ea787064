// A published generation that cannot be opened must not take the service down: every
// worker goes on serving the last good generation, the bad one is reported in the log,
// /readyz and /metrics, and no answer shows a server path or a library's error text.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "server_fixture.h"

namespace {

namespace fs = std::filesystem;
using kb::testing::RunningServer;
using kb::testing::TempDir;
using kb::testing::write_file;

void write_corpus(const TempDir& corpus, const std::string& word) {
  write_file(corpus.path() / "documents/briefing.txt",
             "Briefing\n\nThis briefing is the " + word + " of the registry notes.\n\nAnd " + word +
                 " again, about resilience of the root.\n");
}

// Points `current` at `generation` the way kb-index does (a symlink renamed over it).
void publish_link(const fs::path& index, const std::string& generation) {
  auto staged = index / ".tmp-link-test";
  fs::remove(staged);
  fs::create_symlink(generation, staged);
  fs::rename(staged, index / "current");
}

// A generation kb-index wrote (it carries kb's marker, so kb-index may replace it later)
// whose database was damaged afterwards: garbage where the database should be.
std::string make_corrupt_generation(const fs::path& index) {
  std::string name = "gen-29991231T235959.999999Z-1";
  write_file(index / name / ".kb-index", "kb index generation, format 1\n");
  write_file(index / name / "iamglass", "this is not a Xapian database");
  write_file(index / name / "postlist.glass", std::string(8192, 'x'));
  return name;
}

void expect_no_internals(const std::string& body, const std::string& index_dir) {
  EXPECT_EQ(body.find(index_dir), std::string::npos) << body;
  for (const char* text : {"Xapian", "DatabaseOpening", "DatabaseCorrupt", "DatabaseVersion",
                           "DatabaseError", "No such file", "iamglass", "/tmp/", "glass"})
    EXPECT_EQ(body.find(text), std::string::npos) << text << " in " << body;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

TEST(BadGeneration, EveryWorkerServesTheLastGoodGenerationAndTheBadOneIsReported) {
  TempDir corpus, index;
  write_corpus(corpus, "goodedition");
  kb::publish_index(kb::load_corpus(corpus.str()), index.str());
  auto good = fs::read_symlink(index.path() / "current").filename().string();
  auto config = kb::testing::test_config(index.str());
  config.threads = 4;

  ::testing::internal::CaptureStderr();
  std::string log;
  {
    RunningServer server(config);
    // The corrupt generation is published before any worker has opened an index.
    auto bad = make_corrupt_generation(index.path());
    publish_link(index.path(), bad);

    // More concurrent clients than workers, each on its own connections.
    std::atomic<int> ok{0}, failed{0}, stale{0};
    std::vector<std::string> failures;
    std::mutex failures_mutex;
    std::vector<std::thread> clients;
    for (int t = 0; t < 12; ++t)
      clients.emplace_back([&] {
        for (int i = 0; i < 5; ++i) {
          httplib::Client c("127.0.0.1", server.port());
          c.set_keep_alive(false);
          c.set_read_timeout(30, 0);
          auto r = c.Get("/api/v1/search?q=goodedition");
          if (!r || r->status != 200) {
            failed++;
            std::lock_guard lock(failures_mutex);
            failures.push_back(r ? std::to_string(r->status) + " " + r->body
                                 : httplib::to_string(r.error()));
            continue;
          }
          ok++;
          if (kb::testing::body_of(r)["total"].get<int>() == 0) stale++;
        }
      });
    for (auto& t : clients) t.join();
    EXPECT_EQ(failed.load(), 0) << (failures.empty() ? "" : failures[0]);
    EXPECT_EQ(ok.load(), 60);
    EXPECT_EQ(stale.load(), 0);

    auto c = server.client();
    auto ready = c.Get("/readyz");
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->status, 200);
    auto readiness = kb::testing::body_of(ready);
    EXPECT_EQ(readiness["status"], "ready");
    EXPECT_EQ(readiness["generation"], good);
    EXPECT_EQ(readiness["bad_generation"]["generation"], bad);
    expect_no_internals(ready->body, index.str());

    auto metrics = c.Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_NE(metrics->body.find("kb_index_bad_generation_info{generation=\"" + bad + "\"} 1"),
              std::string::npos)
        << metrics->body;
    EXPECT_NE(metrics->body.find("kb_index_published_generation_ok 0"), std::string::npos);
    EXPECT_NE(metrics->body.find("kb_index_generation_info{generation=\"" + good + "\"} 1"),
              std::string::npos);
    expect_no_internals(metrics->body, index.str());

    // A good generation published after the bad one is served, and the report clears.
    write_corpus(corpus, "newedition");
    kb::publish_index(kb::load_corpus(corpus.str()), index.str());
    auto fresh = c.Get("/api/v1/search?q=newedition");
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->status, 200);
    EXPECT_GT(kb::testing::body_of(fresh)["total"].get<int>(), 0);
    auto recovered = kb::testing::body_of(c.Get("/readyz"));
    EXPECT_FALSE(recovered.contains("bad_generation")) << recovered.dump();
    EXPECT_NE(c.Get("/metrics")->body.find("kb_index_published_generation_ok 1"),
              std::string::npos);
    log = ::testing::internal::GetCapturedStderr();
    // Reported once, not once per request or per worker.
    EXPECT_EQ(count_of(log, bad + " cannot be opened"), 1u) << log;
  }
}

TEST(BadGeneration, ADaemonStartedWhileABadGenerationIsPublishedServesThePreviousOne) {
  TempDir corpus, index;
  write_corpus(corpus, "goodedition");
  kb::publish_index(kb::load_corpus(corpus.str()), index.str());
  auto good = fs::read_symlink(index.path() / "current").filename().string();
  auto bad = make_corrupt_generation(index.path());
  publish_link(index.path(), bad);

  ::testing::internal::CaptureStderr();
  RunningServer server(kb::testing::test_config(index.str()));
  auto c = server.client();
  auto r = c.Get("/api/v1/search?q=goodedition");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  auto ready = kb::testing::body_of(c.Get("/readyz"));
  EXPECT_EQ(ready["generation"], good);
  EXPECT_EQ(ready["bad_generation"]["generation"], bad);
  auto log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find(bad + " cannot be opened"), std::string::npos) << log;
}

TEST(BadGeneration, NoAnswerNamesAServerPathOrALibraryError) {
  // Nothing published yet.
  {
    TempDir empty;
    RunningServer server(kb::testing::test_config(empty.str()));
    auto c = server.client();
    auto ready = c.Get("/readyz");
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->status, 503);
    EXPECT_EQ(kb::testing::body_of(ready)["error"]["code"], "index_not_found");
    expect_no_internals(ready->body, empty.str());
    auto search = c.Get("/api/v1/search?q=x");
    ASSERT_TRUE(search);
    EXPECT_EQ(search->status, 503);
    EXPECT_EQ(kb::testing::body_of(search)["error"]["code"], "index_not_found");
    EXPECT_NE(search->body.find("kb-index"), std::string::npos) << search->body;  // says what to do
    expect_no_internals(search->body, empty.str());
  }
  // Only a corrupt generation, and then one that is not there at all.
  {
    TempDir index;
    ::testing::internal::CaptureStderr();
    auto bad = make_corrupt_generation(index.path());
    publish_link(index.path(), bad);
    RunningServer server(kb::testing::test_config(index.str()));
    auto c = server.client();
    for (const char* target :
         {"/readyz", "/api/v1/search?q=x", "/api/v1/units/x", "/api/v1/messages", "/api/v1/facets",
          "/api/v1/suggest?q=x", "/metrics"}) {
      auto r = c.Get(target);
      ASSERT_TRUE(r) << target;
      if (std::string(target) != "/metrics") {
        EXPECT_EQ(r->status, 503) << target;
        EXPECT_EQ(kb::testing::body_of(r)["error"]["code"], "index_error") << target;
      }
      expect_no_internals(r->body, index.str());
    }
    EXPECT_EQ(kb::testing::body_of(c.Get("/readyz"))["bad_generation"]["generation"], bad);
    publish_link(index.path(), "gen-20000101T000000.000000Z-1");  // removed, or never written
    for (const char* target : {"/readyz", "/api/v1/search?q=x"}) {
      auto r = c.Get(target);
      ASSERT_TRUE(r) << target;
      EXPECT_EQ(r->status, 503) << target;
      expect_no_internals(r->body, index.str());
    }
    auto log = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(log.find(bad + " cannot be opened"), std::string::npos)
        << log;  // the details are in the log
  }
}

}  // namespace
