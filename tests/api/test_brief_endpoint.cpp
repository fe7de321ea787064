// GET /api/v1/brief over real HTTP: the documented shape, the parameters, the errors.
#include <gtest/gtest.h>

#include <set>

#include "server_fixture.h"

namespace {

using nlohmann::json;

class BriefApi : public kb::testing::BundledServerSuite<BriefApi> {};

TEST_F(BriefApi, DnsAbuseForPolicymakersHasTheDocumentedShape) {
  auto j = get_json("/api/v1/brief?audience=policymakers&q=DNS%20abuse");
  EXPECT_EQ(j["audience"], (json{{"id", "policymakers"}, {"label", "Policymakers"}}));
  EXPECT_EQ(j["topic"], "DNS abuse");
  ASSERT_FALSE(j["guidance"].empty());
  EXPECT_EQ(j["guidance"][0]["id"], "wsis20-framework/audience/policymakers");
  ASSERT_FALSE(j["messages"].empty());
  std::set<std::string> ids, source_ids;
  for (const auto& s : j["sources"]) {
    source_ids.insert(s["id"]);
    for (const char* key : {"id", "title", "publisher", "date", "url"})
      EXPECT_TRUE(s.contains(key)) << key;
  }
  auto check_unit = [&](const json& u) {
    for (const char* key : {"id", "kind", "title", "text", "cite", "audiences", "themes"})
      EXPECT_TRUE(u.contains(key)) << key << " in " << u.dump();
    EXPECT_FALSE(u["cite"].get<std::string>().empty());
    EXPECT_TRUE(ids.insert(u["id"]).second) << u["id"] << " is in twice";
    EXPECT_TRUE(source_ids.count(u["source"]["id"])) << u["id"];
  };
  for (const auto& g : j["guidance"]) check_unit(g);
  for (const auto& m : j["messages"]) {
    check_unit(m["message"]);
    ASSERT_FALSE(m["proof_points"].empty());
    for (const auto& p : m["proof_points"]) check_unit(p);
    EXPECT_FALSE(m["why"]["words"].empty());
    EXPECT_TRUE(m["why"]["summary"].is_string());
  }
  for (const auto& s : j["supporting"]) {
    check_unit(s);
    EXPECT_TRUE(s["source"]["date"].is_string()) << s["id"];  // quoted with its date
  }
  for (const auto& g : j["glossary"]) check_unit(g);
  EXPECT_TRUE(ids.count("wsis20-framework/m1/pp4"));
  EXPECT_TRUE(ids.count("wsis20-framework/m5/pp3"));
}

TEST_F(BriefApi, ThemeAndMessageAreTopicsToo) {
  auto by_theme = get_json("/api/v1/brief?audience=business&theme=fragmentation");
  ASSERT_FALSE(by_theme["messages"].empty());
  EXPECT_EQ(by_theme["messages"][0]["why"]["themes"], json::array({"fragmentation"}));
  auto by_message = get_json("/api/v1/brief?audience=Civil%20Society&message=m3");
  ASSERT_EQ(by_message["messages"].size(), 1u);
  EXPECT_EQ(by_message["messages"][0]["message"]["id"], "wsis20-framework/m3");
  EXPECT_EQ(by_message["audience"]["id"], "civil-society");
}

TEST_F(BriefApi, TheSameRequestGivesTheSameBrief) {
  auto target = "/api/v1/brief?audience=technical-community&q=IGF%20funding";
  EXPECT_EQ(get_json(target).dump(), get_json(target).dump());
}

TEST_F(BriefApi, BadRequestsAreJsonErrors) {
  auto code = [&](const std::string& target, int status) {
    return get_json(target, status)["error"]["code"].get<std::string>();
  };
  EXPECT_EQ(code("/api/v1/brief?q=DNS", 400), "invalid_parameter");                  // no audience
  EXPECT_EQ(code("/api/v1/brief?audience=policymakers", 400), "invalid_parameter");  // no topic
  EXPECT_EQ(code("/api/v1/brief?audience=policymakers&audience=business&q=DNS", 400),
            "invalid_parameter");
  EXPECT_EQ(code("/api/v1/brief?audience=astronauts&q=DNS", 400), "unknown_filter");
  EXPECT_EQ(code("/api/v1/brief?audience=policymakers&q=DNS&page=2", 400), "unknown_parameter");
  EXPECT_EQ(code("/api/v1/brief?audience=policymakers&theme=nope", 400), "unknown_filter");
  auto message = get_json("/api/v1/brief?audience=policymakers", 400)["error"]["message"];
  EXPECT_NE(message.get<std::string>().find("topic"), std::string::npos) << message;
}

}  // namespace
