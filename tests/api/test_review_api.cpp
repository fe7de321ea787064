// Issue 13 over HTTP: every unit the daemon returns (search hits, a unit's detail, its
// proof points and related units, briefs) carries its review state.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "kb/review.h"
#include "server_fixture.h"

namespace {

using nlohmann::json;

class ReviewApi : public kb::testing::BundledServerSuite<ReviewApi> {
 protected:
  // The server and the test read the same fixed date, before the server's threads start.
  static void SetUpTestSuite() {
    ::setenv("KB_TODAY", "2026-06-01", 1);
    BundledServerSuite::SetUpTestSuite();
  }
  static void TearDownTestSuite() {
    BundledServerSuite::TearDownTestSuite();
    ::unsetenv("KB_TODAY");
  }
  // The review object of a unit, checked against kb/review.h as of today.
  static void expect_review(const json& unit) {
    ASSERT_TRUE(unit.contains("review")) << unit.dump();
    const auto& r = unit["review"];
    ASSERT_TRUE(r.is_object()) << unit["id"];
    for (const char* key : {"reviewed", "by", "due"})
      EXPECT_TRUE(r[key].is_null() || (r[key].is_string() && !r[key].get<std::string>().empty()))
          << unit["id"] << " " << key;
    ASSERT_TRUE(r["every"].is_string()) << unit["id"];
    auto text = [&](const char* key) {
      return r[key].is_string() ? r[key].get<std::string>() : "";
    };
    auto expected =
        kb::review_state({text("reviewed"), text("by"), text("every")}, kb::review_today());
    EXPECT_EQ(r["status"], std::string(kb::to_string(expected.status))) << unit["id"];
    EXPECT_EQ(text("due"), expected.due) << unit["id"];
    EXPECT_EQ(r["due"].is_null(), r["reviewed"].is_null()) << unit["id"];
  }
};

TEST_F(ReviewApi, EverySearchHitCarriesItsReview) {
  std::size_t seen = 0, total = 0;
  for (int page = 1; page < 10; ++page) {
    auto r = get_json("/api/v1/search?q=&per_page=100&page=" + std::to_string(page));
    total = r["total"].get<std::size_t>();
    for (const auto& hit : r["hits"]) {
      expect_review(hit);
      ++seen;
      const auto& source = hit["source"]["id"];
      if (source == "wsis20-framework") {
        EXPECT_EQ(hit["review"]["reviewed"], "2025-05-28") << "the framework's own date";
        EXPECT_EQ(hit["review"]["due"], "2026-05-28") << "12 months, the catalog's default";
        EXPECT_TRUE(hit["review"]["by"].is_null()) << "nobody is named who did not review it";
      }
      if (source == "glossary") {
        EXPECT_EQ(hit["review"]["status"], "unreviewed") << hit["id"];
      }
      if (source == "wsis20-framework") {
        EXPECT_EQ(hit["review"]["status"], "stale") << "as of 2026-06-01";
      }
    }
    if (seen >= total) break;
  }
  EXPECT_EQ(seen, total);
  EXPECT_GT(total, 100u);
}

TEST_F(ReviewApi, DetailAndBriefUnitsCarryTheirReview) {
  auto detail = get_json("/api/v1/units/wsis20-framework/m4/pp1");
  expect_review(detail["unit"]);
  expect_review(detail["message"]);
  ASSERT_FALSE(detail["proof_points"].empty());
  for (const auto& u : detail["proof_points"]) expect_review(u);
  for (const auto& u : detail["related"]) expect_review(u);

  auto brief = get_json("/api/v1/brief?audience=policymakers&q=DNS+abuse");
  for (const auto& u : brief["guidance"]) expect_review(u);
  ASSERT_FALSE(brief["messages"].empty());
  for (const auto& m : brief["messages"]) {
    expect_review(m["message"]);
    for (const auto& p : m["proof_points"]) expect_review(p);
  }
  for (const auto& u : brief["supporting"]) expect_review(u);
}

TEST_F(ReviewApi, TheOpenApiDocumentDescribesTheReview) {
  auto doc = get_json("/api/v1/openapi.json");
  const auto& unit = doc["components"]["schemas"]["Unit"];
  const auto& required = unit["required"];
  EXPECT_NE(std::find(required.begin(), required.end(), "review"), required.end());
  const auto& review = unit["properties"]["review"];
  ASSERT_TRUE(review.is_object());
  EXPECT_EQ(review["properties"]["status"]["enum"], json({"fresh", "due", "stale", "unreviewed"}));
}

}  // namespace
