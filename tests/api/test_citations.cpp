// Citations a reader can check: every unit names its source's publisher, date and URL
// where the catalog gives them, in the unit's `source` and in its `cite` text.
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace {

using nlohmann::json;

class Citations : public kb::testing::BundledServerSuite<Citations> {};

TEST_F(Citations, UnitsCarryPublisherDateAndUrlOfTheirSource) {
  auto framework = get_json("/api/v1/units/wsis20-framework/m4/pp1")["unit"];
  EXPECT_EQ(framework["source"]["publisher"], "ICANN");
  EXPECT_EQ(framework["source"]["date"], "2025-05-28");
  EXPECT_TRUE(framework["source"]["url"].is_null());  // the catalog gives none
  EXPECT_EQ(framework["cite"].get<std::string>().rfind(
                "WSIS+20 Messaging Framework: Reinforcing What Works (ICANN, 2025-05-28), §4", 0),
            0u)
      << framework["cite"];

  auto answer = get_json("/api/v1/units/tccm-consultation-2025/q1")["unit"];
  EXPECT_EQ(answer["source"]["url"], "https://www.tccm.global/");
  EXPECT_EQ(answer["source"]["date"], "2025");
  EXPECT_NE(answer["cite"].get<std::string>().find("(Technical Community Coalition for "
                                                   "Multistakeholderism (TCCM), 2025)"),
            std::string::npos)
      << answer["cite"];
}

TEST_F(Citations, EveryHitOfASearchCarriesTheSameSourceFields) {
  auto r = get_json("/api/v1/search?q=multistakeholder&per_page=50");
  ASSERT_FALSE(r["hits"].empty());
  for (const auto& h : r["hits"])
    for (const char* key : {"id", "title", "publisher", "date", "url"})
      EXPECT_TRUE(h["source"].contains(key)) << key << " in " << h["id"];
}

}  // namespace
