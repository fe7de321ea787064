// Every endpoint of kb-searchd over real HTTP, against the bundled corpus.
#include <gtest/gtest.h>

#include <set>

#include "kb/model.h"
#include "server_fixture.h"

namespace {

using kb::testing::body_of;
using nlohmann::json;

class Api : public kb::testing::BundledServerSuite<Api> {
 protected:
  static httplib::Result get(const std::string& target) {
    auto c = server_->client();
    return c.Get(target);
  }
  static std::size_t count_of(const json& facet, const std::string& value) {
    for (const auto& v : facet)
      if (v["value"] == value) return v["count"];
    return 0;
  }
};

TEST_F(Api, SearchReturnsTheResultShapeWithTiming) {
  auto j = get_json("/api/v1/search?q=DNS+abuse&per_page=5");
  for (const char* key :
       {"total", "hits", "facets", "corrected_query", "took_ms", "offset", "limit"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["limit"], 5);
  std::set<std::string> ids;
  for (const auto& h : j["hits"]) ids.insert(h["id"]);
  EXPECT_TRUE(ids.count("wsis20-framework/m1/pp4"));
  EXPECT_TRUE(ids.count("wsis20-framework/m5/pp3"));
}

TEST_F(Api, KindFiltersGiveTheSeedCounts) {
  EXPECT_EQ(get_json("/api/v1/search?kind=message")["total"], 5);
  EXPECT_EQ(get_json("/api/v1/search?kind=proof-point")["total"], 20);
  EXPECT_EQ(get_json("/api/v1/search?kind=audience-guidance&kind=message")["total"], 9);
}

TEST_F(Api, AudienceFacetIsDisjunctive) {
  auto all = get_json("/api/v1/search?q=");
  auto business = get_json("/api/v1/search?audience=business");
  // The business filter narrows the hits...
  EXPECT_LT(business["total"].get<int>(), all["total"].get<int>());
  EXPECT_EQ(business["total"], count_of(all["facets"]["audience"], "business"));
  // ...but the audience facet still lists every audience with its unfiltered count.
  for (const char* a : {"policymakers", "technical-community", "civil-society", "business"}) {
    EXPECT_GT(count_of(business["facets"]["audience"], a), 0u) << a;
    EXPECT_EQ(count_of(business["facets"]["audience"], a), count_of(all["facets"]["audience"], a))
        << a;
  }
  // Other facets count only the business units.
  std::size_t kinds = 0;
  for (const auto& v : business["facets"]["kind"]) kinds += v["count"].get<std::size_t>();
  EXPECT_EQ(kinds, business["total"].get<std::size_t>());
  // Values are ordered by count.
  const auto& values = business["facets"]["audience"];
  for (std::size_t i = 1; i < values.size(); ++i)
    EXPECT_GE(values[i - 1]["count"], values[i]["count"]);
}

TEST_F(Api, FilterValuesByLabelAndUnknownValues) {
  EXPECT_EQ(get_json("/api/v1/search?audience=Civil%20Society")["total"],
            get_json("/api/v1/search?audience=civil-society")["total"]);
  auto bad = get_json("/api/v1/search?audience=astronauts", 400);
  EXPECT_EQ(bad["error"]["code"], "unknown_filter");
  EXPECT_NE(bad["error"]["message"].get<std::string>().find("astronauts"), std::string::npos);
}

TEST_F(Api, PagingRules) {
  auto p1 = get_json("/api/v1/search?q=multistakeholder&per_page=3&page=1");
  auto p2 = get_json("/api/v1/search?q=multistakeholder&per_page=3&page=2");
  EXPECT_EQ(p2["offset"], 3);
  EXPECT_NE(p1["hits"][0]["id"], p2["hits"][0]["id"]);
  auto by_offset = get_json("/api/v1/search?q=multistakeholder&offset=3&limit=3");
  EXPECT_EQ(by_offset["hits"][0]["id"], p2["hits"][0]["id"]);

  EXPECT_EQ(get_json("/api/v1/search?kind=message&per_page=5&page=2", 400)["error"]["code"],
            "page_out_of_range");
  for (const char* bad : {"page=0", "page=-1", "page=abc", "per_page=0", "per_page=101",
                          "limit=1000000", "offset=-5", "page=1&offset=0"})
    EXPECT_EQ(get_json(std::string("/api/v1/search?q=x&") + bad, 400)["error"]["code"],
              "invalid_parameter")
        << bad;
}

TEST_F(Api, BadParametersAre400WithActionableMessages) {
  auto unknown = get_json("/api/v1/search?q=x&colour=red", 400);
  EXPECT_EQ(unknown["error"]["code"], "unknown_parameter");
  EXPECT_NE(unknown["error"]["message"].get<std::string>().find("colour"), std::string::npos);
  EXPECT_EQ(get_json("/api/v1/search?sort=sideways", 400)["error"]["code"], "invalid_parameter");
  EXPECT_EQ(get_json("/api/v1/search?q=%FF%FE", 400)["error"]["code"], "invalid_parameter");
  EXPECT_EQ(get_json("/api/v1/search?q=" + std::string(600, 'a'), 400)["error"]["code"],
            "query_too_long");
  EXPECT_EQ(get_json("/api/v1/search?sort=date")["hits"].size(), 10u);
}

TEST_F(Api, GroupByMessage) {
  auto j = get_json("/api/v1/search?kind=proof-point&per_page=20&group=message");
  ASSERT_TRUE(j.contains("groups"));
  ASSERT_EQ(j["groups"].size(), 5u);
  for (const auto& g : j["groups"]) {
    ASSERT_TRUE(g["message"].is_object());
    EXPECT_EQ(g["hits"].size(), 4u);
    for (const auto& h : g["hits"]) EXPECT_EQ(h["message"]["id"], g["message"]["id"]);
  }
}

TEST_F(Api, UnitWithItsMessageAndSiblings) {
  auto pp = get_json("/api/v1/units/wsis20-framework/m4/pp1");
  EXPECT_EQ(pp["unit"]["kind"], "proof-point");
  EXPECT_EQ(pp["message"]["id"], "wsis20-framework/m4");
  EXPECT_EQ(pp["message"]["title"], "Fragmentation Is the Real Threat");
  EXPECT_EQ(pp["proof_points"].size(), 4u);
  auto message = get_json("/api/v1/units/wsis20-framework/m4");
  EXPECT_TRUE(message["message"].is_null());
  EXPECT_EQ(message["proof_points"].size(), 4u);
  EXPECT_EQ(get_json("/api/v1/units/no/such/unit", 404)["error"]["code"], "not_found");
}

TEST_F(Api, MessagesWithProofPointsAndGuidance) {
  auto j = get_json("/api/v1/messages");
  ASSERT_EQ(j["messages"].size(), 5u);
  for (const auto& m : j["messages"]) EXPECT_EQ(m["proof_points"].size(), 4u);
  EXPECT_EQ(j["audience_guidance"].size(), 4u);
  auto one = get_json("/api/v1/messages/wsis20-framework/m2");
  EXPECT_EQ(one["title"], "The Technical Community Is a Pillar—Not a Subset");
  EXPECT_EQ(one["proof_points"].size(), 4u);
  EXPECT_EQ(get_json("/api/v1/messages/wsis20-framework/m2/pp1", 404)["error"]["code"],
            "not_found");
}

TEST_F(Api, FacetsOverTheWholeIndex) {
  auto j = get_json("/api/v1/facets");
  EXPECT_EQ(j["facets"]["kind"].size(), kb::unit_kinds.size());    // every kind, even with count 0
  EXPECT_EQ(count_of(j["facets"]["kind"], "signatory-list"), 2u);  // one per statement
  EXPECT_EQ(count_of(j["facets"]["kind"], "message"), 5u);
  EXPECT_EQ(count_of(j["facets"]["kind"], "proof-point"), 20u);
  EXPECT_EQ(j["facets"]["audience"].size(), 4u);
  EXPECT_GE(j["facets"]["theme"].size(), 12u);
  for (const auto& v : j["facets"]["audience"]) EXPECT_FALSE(v["label"].get<std::string>().empty());
}

TEST_F(Api, SuggestCompletesThePartialLastWord) {
  auto j = get_json("/api/v1/suggest?q=the%20frag");
  ASSERT_FALSE(j["completions"].empty());
  EXPECT_EQ(j["completions"][0], "the fragmentation");
  ASSERT_FALSE(j["units"].empty());
  EXPECT_EQ(j["units"][0]["id"], "wsis20-framework/m4");
}

TEST_F(Api, HealthReadinessMetricsAndOpenApi) {
  EXPECT_EQ(get_json("/healthz")["status"], "ok");
  auto ready = get_json("/readyz");
  EXPECT_EQ(ready["status"], "ready");
  EXPECT_GT(ready["units"].get<int>(), 100);
  // scripts/setup.sh installs hunspell-en-us and hunspell-en-gb: readiness says they loaded.
  EXPECT_EQ(ready["dictionaries"]["available"], true) << ready.dump();
  EXPECT_NE(ready["dictionaries"]["languages"].dump().find("en_US"), std::string::npos);
  EXPECT_FALSE(ready["dictionaries"].contains("directory"));  // no server path in an answer
  get_json("/api/v1/search?q=dns");
  // A request is counted after its response is written: allow the server a moment.
  auto metrics = get("/metrics");
  for (int i = 0; i < 100 && metrics &&
                  metrics->body.find("route=\"search\",status=\"200\"") == std::string::npos;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    metrics = get("/metrics");
  }
  EXPECT_NE(metrics->get_header_value("Content-Type").find("text/plain"), std::string::npos);
  EXPECT_NE(metrics->body.find("kb_http_requests_total{route=\"search\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(
      metrics->body.find("kb_http_request_duration_seconds_bucket{route=\"search\",le=\"+Inf\"}"),
      std::string::npos);
  EXPECT_NE(metrics->body.find("kb_index_units " + std::to_string(ready["units"].get<int>())),
            std::string::npos);
  auto openapi = get_json("/api/v1/openapi.json");
  EXPECT_EQ(openapi["openapi"].get<std::string>().substr(0, 2), "3.");
  for (const char* path : {"/api/v1/search", "/api/v1/units/{id}", "/api/v1/messages",
                           "/api/v1/facets", "/api/v1/suggest", "/healthz", "/readyz", "/metrics"})
    EXPECT_TRUE(openapi["paths"].contains(path)) << path;
}

TEST_F(Api, UnknownRouteIs404AndWrongMethodIs405) {
  auto missing = get_json("/api/v1/nothing", 404);
  EXPECT_EQ(missing["error"]["code"], "route_not_found");
  auto c = server_->client();
  std::vector<httplib::Result> results;
  results.push_back(c.Post("/api/v1/search", "{}", "application/json"));
  results.push_back(c.Post("/api/v1/search"));
  results.push_back(c.Delete("/api/v1/units/x"));
  results.push_back(c.Put("/healthz", "", "text/plain"));
  for (auto& r : results) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 405) << r->body;
    EXPECT_EQ(body_of(r)["error"]["code"], "method_not_allowed");
    EXPECT_NE(r->get_header_value("Allow").find("GET"), std::string::npos);
  }
}

TEST_F(Api, CorsForAllowedAndRefusedOrigins) {
  auto c = server_->client();
  auto allowed = c.Get("/api/v1/search?q=igf", {{"Origin", "http://allowed.example"}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), "http://allowed.example");
  auto refused = c.Get("/api/v1/search?q=igf", {{"Origin", "http://evil.example"}});
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->has_header("Access-Control-Allow-Origin"));

  auto preflight_ok = c.Options("/api/v1/search", {{"Origin", "http://allowed.example"},
                                                   {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(preflight_ok);
  EXPECT_EQ(preflight_ok->status, 204);
  EXPECT_NE(preflight_ok->get_header_value("Access-Control-Allow-Methods").find("GET"),
            std::string::npos);
  auto preflight_refused = c.Options("/api/v1/search", {{"Origin", "http://evil.example"},
                                                        {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(preflight_refused);
  EXPECT_EQ(preflight_refused->status, 403);
  EXPECT_EQ(body_of(preflight_refused)["error"]["code"], "origin_not_allowed");
}

TEST_F(Api, OverlongRequestLineIs414AndBareOptionsListsMethods) {
  auto long_url = get_json("/api/v1/search?q=" + std::string(9000, 'a'), 414);
  EXPECT_EQ(long_url["error"]["code"], "uri_too_long");
  auto c = server_->client();
  auto options = c.Options("/api/v1/search");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->status, 204);
  EXPECT_NE(options->get_header_value("Allow").find("GET"), std::string::npos);
  // JSON answers vary by origin and, being compressible, by Accept-Encoding.
  EXPECT_EQ(get("/api/v1/search?q=x")->get_header_value("Vary"), "Origin, Accept-Encoding");
}

TEST(ApiWithoutIndex, ReadyzIs503AndSearchSaysHowToBuild) {
  kb::testing::TempDir empty;
  kb::testing::RunningServer server(kb::testing::test_config(empty.str()));
  auto c = server.client();
  EXPECT_EQ(c.Get("/healthz")->status, 200);
  auto ready = c.Get("/readyz");
  EXPECT_EQ(ready->status, 503);
  auto search = c.Get("/api/v1/search?q=x");
  EXPECT_EQ(search->status, 503);
  EXPECT_EQ(body_of(search)["error"]["code"], "index_not_found");
  EXPECT_NE(body_of(search)["error"]["message"].get<std::string>().find("kb-index"),
            std::string::npos);
}

}  // namespace
