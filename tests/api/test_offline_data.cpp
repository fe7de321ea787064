// GET /offline/manifest.json and /offline/{file}: the offline data of the generation served
// (api/offline_bundle.h), which the installed web app's service worker caches and
// ui/offline.js searches. It follows a republish; it is never a stale generation's.
#include <gtest/gtest.h>

#include "kb/api/offline_bundle.h"
#include "kb/search.h"
#include "server_fixture.h"

namespace {

using nlohmann::json;

class OfflineData : public kb::testing::BundledServerSuite<OfflineData> {};

TEST_F(OfflineData, TheManifestListsTheGenerationsFiles) {
  auto m = get_json("/offline/manifest.json");
  ASSERT_TRUE(m["generation"].is_string());
  EXPECT_EQ(m["generation"].get<std::string>().rfind("gen-", 0), 0u) << "a folder name, no path";
  ASSERT_TRUE(m["files"].is_array());
  EXPECT_EQ(m["files"][0], "offline/kb-data.js");
  EXPECT_EQ(m["files"].size(), 7u);  // the data and one file per source of the bundled corpus
}

TEST_F(OfflineData, EveryListedFileIsServedAsTheBundleHasIt) {
  kb::Index index(dir_->str());
  auto files = kb::api::offline_data(index);
  auto c = server_->client();
  // Kept whole: a range-for over a member of a temporary would read freed memory.
  const auto manifest = get_json("/offline/manifest.json");
  for (const auto& name : manifest["files"]) {
    auto r = c.Get("/" + name.get<std::string>());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << name;
    EXPECT_EQ(r->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
    auto it = std::find_if(files.begin(), files.end(),
                           [&](const auto& f) { return "offline/" + f.name == name; });
    ASSERT_NE(it, files.end()) << name;
    if (it->name != "kb-data.js") {
      EXPECT_EQ(r->body, it->content) << name;
      continue;
    }
    // The same data, whatever the date it was made on ("exported" is today's).
    auto parse = [](const std::string& script) {
      auto from = script.find('{');
      auto j = json::parse(script.substr(from, script.rfind(';') - from));
      j.erase("exported");
      return j;
    };
    EXPECT_EQ(parse(r->body), parse(it->content));
  }
}

TEST_F(OfflineData, TheDataHoldsEveryUnitAndTheTermsToSearchThem) {
  auto body = server_->client().Get("/offline/kb-data.js")->body;
  const std::string head = "self.KB_DATA = ";
  ASSERT_EQ(body.rfind(head, 0), 0u);
  auto data = json::parse(body.substr(head.size(), body.rfind(';') - head.size()));
  EXPECT_EQ(data["units"].size(), 182u);
  for (const auto& u : data["units"]) {
    EXPECT_FALSE(u.contains("text")) << "texts come with the source files";
    EXPECT_TRUE(u["facet_values"]["kind"].is_array());
    // A catalogued source is named by its number, not repeated in every unit.
    ASSERT_TRUE(u["source"].is_number_unsigned()) << u["id"];
    EXPECT_EQ(data["sources"][u["source"].get<std::size_t>()]["id"],
              get_json("/api/v1/units/" + u["id"].get<std::string>())["unit"]["source"]["id"]);
  }
  EXPECT_EQ(data["terms"]["lengths"].size(), 182u);
  EXPECT_TRUE(data["terms"]["word_stems"].contains("abuse"));
  EXPECT_TRUE(data["terms"]["stems"].contains(data["terms"]["word_stems"]["abuse"]));
  EXPECT_FALSE(data["terms"]["synonym_groups"].empty());
  EXPECT_EQ(data["messages"], get_json("/api/v1/messages"));
  EXPECT_EQ(data["facets"]["facet_definitions"], get_json("/api/v1/facets")["facet_definitions"]);
}

TEST_F(OfflineData, AnUnknownFileIsAJsonNotFound) {
  for (const char* target : {"/offline/source-999.js", "/offline/nope.js", "/offline/../x.js"}) {
    auto j = get_json(target, 404);
    EXPECT_EQ(j["error"]["code"], "route_not_found") << target;
  }
}

TEST(OfflineDataReload, ARepublishedGenerationIsServedNotTheOld) {
  kb::testing::TempDir dir;
  kb::testing::publish_bundled_corpus(dir);
  kb::testing::RunningServer server(kb::testing::test_config(dir.str()));
  auto generation = [&] {
    return json::parse(server.client().Get("/offline/manifest.json")->body)["generation"];
  };
  auto first = generation();
  kb::testing::publish_bundled_corpus(dir);
  // Each request follows the published generation (IndexPool), so the next one has it.
  auto second = generation();
  EXPECT_NE(first, second);
  EXPECT_EQ(second, kb::Index(dir.str()).generation().substr(dir.str().size() + 1));
}

}  // namespace
