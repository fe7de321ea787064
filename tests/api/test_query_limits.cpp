// The bounds on one query's work over HTTP (issue 9, finding 1): too many words is 400
// query_too_complex, a repeated acronym costs what it costs once, and a search past the
// search-budget-ms deadline is 503 search_timeout, on /api/v1/search and /api/v1/suggest.
#include <gtest/gtest.h>

#include "kb/error.h"
#include "server_fixture.h"

namespace {

using kb::testing::body_of;
using nlohmann::json;

// httplib's client sends '+' as %2B: a space is written %20.
std::string repeated(const std::string& word, int times, const std::string& separator = "%20") {
  std::string out;
  for (int i = 0; i < times; ++i) out += (i ? separator : "") + word;
  return out;
}

// `n` different words, "w0 w1 ...", as a q value.
std::string different_words(int n) {
  std::string q;
  for (int i = 0; i < n; ++i) q += (i ? "%20w" : "w") + std::to_string(i);
  return q;
}

// One word more than the core's cap (QueryOptions::max_words: 64), within 512 bytes.
std::string too_many_words() {
  return different_words(65);
}

void expect_error(const httplib::Result& r, int status, const std::string& code) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, status) << r->body;
  EXPECT_NE(r->get_header_value("Content-Type").find("application/json"), std::string::npos);
  auto j = body_of(r);
  EXPECT_EQ(j["error"]["code"], code) << r->body;
  EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
}

class QueryLimits : public kb::testing::BundledServerSuite<QueryLimits> {};

TEST_F(QueryLimits, MoreWordsThanTheCapIs400QueryTooComplex) {
  auto c = server_->client();
  expect_error(c.Get("/api/v1/search?q=" + too_many_words()), 400, "query_too_complex");
  expect_error(c.Get("/api/v1/suggest?q=" + too_many_words()), 400, "query_too_complex");
  // One word per glossary acronym, but each stands for its forms: too many terms.
  expect_error(c.Get("/api/v1/search?q=" + repeated("IDN", 60, ",")), 400, "query_too_complex");
  auto fine = c.Get("/api/v1/search?q=" + different_words(64));
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200) << fine->body;
}

TEST_F(QueryLimits, AnAcronymRepeated128TimesAnswersLikeTwiceAndFindsWhatOnceFinds) {
  auto c = server_->client();
  auto ids = [](const json& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h["id"]);
    return out;
  };
  for (const char* path : {"/api/v1/search?per_page=20&q=", "/api/v1/suggest?q="}) {
    auto once = c.Get(std::string(path) + "IDN");
    auto twice = c.Get(std::string(path) + repeated("IDN", 2));
    auto many = c.Get(std::string(path) + repeated("IDN", 128));
    ASSERT_TRUE(once && twice && many);
    ASSERT_EQ(many->status, 200) << many->body;
    auto a = body_of(once), b = body_of(twice), m = body_of(many);
    const char* list = a.contains("hits") ? "hits" : "units";
    EXPECT_EQ(m[list], b[list]) << path
                                << ": a word typed twice weighs twice, a third time adds nothing";
    if (a.contains("total")) {  // (suggest: "IDN" is one partial word, "IDN IDN" is not)
      EXPECT_EQ(ids(m[list]), ids(a[list])) << path;
      EXPECT_EQ(m["total"], a["total"]);
    }
  }
}

TEST(QueryBudget, ASearchPastItsBudgetIs503SearchTimeout) {
  kb::testing::TempDir dir;
  auto config = kb::testing::test_config(kb::testing::publish_bundled_corpus(dir));
  config.set("search-budget-ms", "0", "test");  // every search is past its deadline
  kb::testing::RunningServer server(config);
  auto c = server.client();
  expect_error(c.Get("/api/v1/search?q=internet%20governance"), 503, "search_timeout");
  expect_error(c.Get("/api/v1/search?kind=message"), 503, "search_timeout");
  expect_error(c.Get("/api/v1/suggest?q=internet%20gov"), 503, "search_timeout");
  expect_error(c.Get("/api/v1/facets"), 503, "search_timeout");
  // What is not a search is not held to the budget.
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto unit = c.Get("/api/v1/units/wsis20-framework/m1");
  ASSERT_TRUE(unit);
  EXPECT_EQ(unit->status, 200);
}

TEST(QueryBudget, TheSettingIsCheckedAndComesFromFileEnvironmentOrFlag) {
  kb::DaemonConfig config;
  EXPECT_EQ(config.search_budget_ms, 2000);
  config.set("search-budget-ms", "150", "test");
  EXPECT_EQ(config.search_budget_ms, 150);
  config.load_environment({{"KB_SEARCH_BUDGET_MS", "300"}});
  EXPECT_EQ(config.search_budget_ms, 300);
  EXPECT_THROW(config.set("search-budget-ms", "-1", "test"), kb::Error);
  EXPECT_THROW(config.set("search-budget-ms", "2s", "test"), kb::Error);
  EXPECT_THROW(config.set("search-budget-ms", "600001", "test"), kb::Error);
}

}  // namespace
