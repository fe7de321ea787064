// Issue 13 part 3 over HTTP: GET /api/v1/stats counts submitted searches (not those sent
// while typing) by normalised query, the units shown and opened, keeps no client address,
// answers loopback clients or the admin token, and survives a restart in its stats file;
// a damaged stats file stops the server from starting and is left as it was.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kb/error.h"
#include "server_fixture.h"

namespace {

using kb::testing::body_of;
using kb::testing::RunningServer;
using kb::testing::TempDir;
using nlohmann::json;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class SearchStatsApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = new TempDir;
    kb::testing::publish_bundled_corpus(*index_);
  }
  static void TearDownTestSuite() { delete index_; }

  kb::DaemonConfig config() const {
    auto c = kb::testing::test_config(index_->str());
    c.stats_file = files_ / "stats.json";
    return c;
  }
  static json get(const RunningServer& server, const std::string& path,
                  const httplib::Params& params, int status = 200,
                  const httplib::Headers& headers = {}) {
    auto r = server.client().Get(path, params, headers);
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << path << ": " << r->body;
    return body_of(r);
  }
  static const json* find(const json& list, const std::string& key, const std::string& value) {
    for (const auto& item : list)
      if (item[key] == value) return &item;
    return nullptr;
  }

  static inline TempDir* index_ = nullptr;
  TempDir files_;
};

TEST_F(SearchStatsApi, CountsSubmittedSearchesByNormalisedQueryAndTheUnitsShownAndOpened) {
  RunningServer server(config());
  auto first = get(server, "/api/v1/search", {{"q", "DNS abuse"}});
  ASSERT_FALSE(first["hits"].empty());
  get(server, "/api/v1/search", {{"q", "DNS abuse"}});
  get(server, "/api/v1/search", {{"q", "  dns   ABUSE "}});
  get(server, "/api/v1/search", {{"q", "xylophone quantum banana"}});
  // Not searches: typing (partial=true), a browse without words, a refused query.
  get(server, "/api/v1/search", {{"q", "DNS abuse"}, {"partial", "true"}});
  get(server, "/api/v1/search", {{"q", "DNS ab"}, {"partial", "true"}});
  get(server, "/api/v1/search", {});
  get(server, "/api/v1/search", {{"q", "   "}});
  get(server, "/api/v1/search", {{"q", "DNS AND"}}, 400);
  auto head = server.client().Head("/api/v1/search?q=dns+abuse");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  std::string opened = first["hits"][0]["id"];
  get(server, "/api/v1/units/" + opened, {});
  get(server, "/api/v1/units/no-such-unit", {}, 404);  // not counted

  auto c = server.client();
  auto raw = c.Get("/api/v1/stats");
  ASSERT_TRUE(raw);
  ASSERT_EQ(raw->status, 200) << raw->body;
  EXPECT_EQ(raw->get_header_value("Cache-Control"), "no-store");
  auto stats = body_of(raw);
  EXPECT_EQ(stats["searches"], 4) << stats.dump();
  EXPECT_EQ(stats["zero_result_searches"], 1);
  EXPECT_EQ(stats["persisted"], true);

  const json* dns = find(stats["top_queries"], "query", "dns abuse");
  ASSERT_NE(dns, nullptr) << stats.dump();
  EXPECT_EQ((*dns)["count"], 3);
  EXPECT_EQ(stats["top_queries"][0]["query"], "dns abuse");
  EXPECT_EQ(find(stats["top_queries"], "query", "dns ab"), nullptr);  // partial: not counted

  ASSERT_EQ(stats["no_results"].size(), 1u) << stats.dump();
  const auto& none = stats["no_results"][0];
  EXPECT_EQ(none["query"], "xylophone quantum banana");
  EXPECT_EQ(none["count"], 1);
  EXPECT_TRUE(std::regex_match(none["last"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << none["last"];

  // Every unit of the first page was shown by the three searches; the opened one says so.
  for (const auto& hit : first["hits"]) {
    const json* unit = find(stats["top_units"], "id", hit["id"]);
    if (!unit) continue;  // past the top 20
    EXPECT_GE((*unit)["count"].get<int>(), 3) << hit["id"];
  }
  const json* top = find(stats["top_units"], "id", opened);
  ASSERT_NE(top, nullptr) << stats.dump();
  EXPECT_GE((*top)["count"].get<int>(), 3);
  EXPECT_EQ((*top)["opened"], 1);
  EXPECT_EQ(find(stats["top_units"], "id", "no-such-unit"), nullptr);

  // No client address anywhere.
  EXPECT_EQ(raw->body.find("127.0.0.1"), std::string::npos) << raw->body;

  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("# TYPE kb_searches_total counter\nkb_searches_total 4\n"),
            std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("# TYPE kb_zero_result_searches_total counter\n"
                               "kb_zero_result_searches_total 1\n"),
            std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("kb_http_requests_total{route=\"stats\",status=\"200\"}"),
            std::string::npos);
}

TEST_F(SearchStatsApi, CountsSurviveARestartInTheStatsFile) {
  auto path = files_ / "stats.json";
  std::string opened;
  {
    RunningServer server(config());
    auto r = get(server, "/api/v1/search", {{"q", "IGF mandate"}});
    ASSERT_FALSE(r["hits"].empty());
    opened = r["hits"][0]["id"];
    get(server, "/api/v1/search", {{"q", "igf  MANDATE"}});
    get(server, "/api/v1/search", {{"q", "xylophone quantum banana"}});
    get(server, "/api/v1/units/" + opened, {});
  }  // a clean stop writes the file
  ASSERT_TRUE(std::filesystem::exists(path));
  auto text = slurp(path);
  EXPECT_EQ(text.find("127.0.0.1"), std::string::npos) << text;
  auto doc = json::parse(text);
  EXPECT_EQ(doc["format"], "kb-search-stats");
  EXPECT_EQ(doc["searches"], 3);
  for (const auto& e : std::filesystem::directory_iterator(files_.path()))
    EXPECT_EQ(e.path().filename(), "stats.json");  // no temporary file left behind

  RunningServer again(config());
  auto stats = get(again, "/api/v1/stats", {});
  EXPECT_EQ(stats["searches"], 3);
  EXPECT_EQ(stats["zero_result_searches"], 1);
  const json* q = find(stats["top_queries"], "query", "igf mandate");
  ASSERT_NE(q, nullptr) << stats.dump();
  EXPECT_EQ((*q)["count"], 2);
  const json* unit = find(stats["top_units"], "id", opened);
  ASSERT_NE(unit, nullptr) << stats.dump();
  EXPECT_EQ((*unit)["opened"], 1);
  // And counting goes on from there.
  get(again, "/api/v1/search", {{"q", "IGF mandate"}});
  EXPECT_EQ(
      (*find(get(again, "/api/v1/stats", {})["top_queries"], "query", "igf mandate"))["count"], 3);
}

TEST_F(SearchStatsApi, ADamagedStatsFileStopsTheStartAndIsLeftByteIdentical) {
  auto path = files_ / "stats.json";
  const std::string damaged = "{\"format\": \"kb-search-stats\", \"version\": 1, \"searc";
  { std::ofstream(path, std::ios::binary) << damaged; }
  try {
    kb::SearchServer server(config());
    ADD_FAILURE() << "the server started over a damaged stats file";
  } catch (const kb::Error& e) {
    EXPECT_EQ(e.code(), kb::ErrorCode::io_error);
    std::string message = e.what();
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("damaged"), std::string::npos) << message;
  }
  EXPECT_EQ(slurp(path), damaged);
}

TEST_F(SearchStatsApi, WithoutAStatsFileTheCountsAreKeptInMemory) {
  auto c = config();
  c.stats_file.clear();
  {
    RunningServer server(c);
    get(server, "/api/v1/search", {{"q", "DNS abuse"}});
    auto stats = get(server, "/api/v1/stats", {});
    EXPECT_EQ(stats["searches"], 1);
    EXPECT_EQ(stats["persisted"], false);
  }
  EXPECT_TRUE(std::filesystem::is_empty(files_.path()));
}

TEST_F(SearchStatsApi, ConcurrentSearchesAreEachCountedOnce) {
  RunningServer server(config());
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&server, t] {
      auto c = server.client();
      for (int i = 0; i < 25; ++i) {
        auto q = i % 2 ? std::string("DNS abuse") : "query " + std::to_string(t);
        auto r = c.Get("/api/v1/search", httplib::Params{{"q", q}}, httplib::Headers{});
        EXPECT_TRUE(r && r->status == 200);
      }
    });
  for (auto& c : clients) c.join();
  auto stats = get(server, "/api/v1/stats", {});
  EXPECT_EQ(stats["searches"], 100);
  EXPECT_EQ((*find(stats["top_queries"], "query", "dns abuse"))["count"], 48);
  for (int t = 0; t < 4; ++t)
    EXPECT_EQ((*find(stats["top_queries"], "query", "query " + std::to_string(t)))["count"], 13);
}

TEST_F(SearchStatsApi, ParametersAreCheckedAndLimitBoundsTheLists) {
  RunningServer server(config());
  for (const char* q : {"dns", "igf", "abuse", "mandate"})
    get(server, "/api/v1/search", {{"q", q}});
  EXPECT_EQ(get(server, "/api/v1/stats", {})["top_queries"].size(), 4u);
  auto one = get(server, "/api/v1/stats", {{"limit", "1"}});
  EXPECT_EQ(one["top_queries"].size(), 1u);
  EXPECT_EQ(one["top_units"].size(), 1u);
  EXPECT_EQ(get(server, "/api/v1/stats", {{"q", "x"}}, 400)["error"]["code"], "unknown_parameter");
  for (const char* bad : {"0", "101", "many"})
    EXPECT_EQ(get(server, "/api/v1/stats", {{"limit", bad}}, 400)["error"]["code"],
              "invalid_parameter")
        << bad;
}

TEST_F(SearchStatsApi, NoBrowserOriginMayReadIt) {
  RunningServer server(config());  // test_config allows http://allowed.example
  auto c = server.client();
  auto search = c.Get("/api/v1/search?q=dns", {{"Origin", "http://allowed.example"}});
  ASSERT_TRUE(search);
  EXPECT_EQ(search->get_header_value("Access-Control-Allow-Origin"), "http://allowed.example");
  auto stats = c.Get("/api/v1/stats", {{"Origin", "http://allowed.example"}});
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->status, 200);
  EXPECT_FALSE(stats->has_header("Access-Control-Allow-Origin"));
}

TEST_F(SearchStatsApi, AnAdminTokenIsRequiredOnceConfigured) {
  auto c = config();
  c.admin_token = "test-admin-token-0123456789abcdef";
  RunningServer server(c);
  auto client = server.client();

  auto missing = client.Get("/api/v1/stats");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401) << missing->body;
  EXPECT_EQ(body_of(missing)["error"]["code"], "unauthorized");
  EXPECT_NE(missing->get_header_value("WWW-Authenticate").find("Bearer"), std::string::npos);

  auto wrong = client.Get("/api/v1/stats", {{"Authorization", "Bearer not-the-token"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403) << wrong->body;
  EXPECT_EQ(body_of(wrong)["error"]["code"], "forbidden");
  EXPECT_EQ(wrong->body.find(c.admin_token), std::string::npos);

  auto right = client.Get("/api/v1/stats", {{"Authorization", "Bearer " + c.admin_token}});
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 200) << right->body;
  EXPECT_EQ(body_of(right)["searches"], 0);
}

}  // namespace
