// The OpenAPI document kb-searchd serves describes every facet of kb::schema, so a facet
// added to the schema is documented without editing searchd/openapi.json.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "kb/openapi.h"
#include "kb/schema.h"
#include "server_fixture.h"

namespace {

using nlohmann::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const json* parameter_named(const json& doc, const json& parameters, std::string_view name) {
  for (const auto& p : parameters) {
    const json* resolved = &p;
    if (p.contains("$ref")) {
      std::string ref = p["$ref"];
      const std::string prefix = "#/components/parameters/";
      if (!ref.starts_with(prefix)) continue;
      resolved = &doc["components"]["parameters"][ref.substr(prefix.size())];
    }
    if (resolved->value("name", "") == name) return resolved;
  }
  return nullptr;
}

// What every schema facet must have in a document, for any facet list.
void expect_every_facet_described(const json& doc) {
  const auto& search = doc["paths"]["/api/v1/search"]["get"]["parameters"];
  const auto& schemas = doc["components"]["schemas"];
  const auto& facets_response = schemas["FacetsResponse"]["properties"]["facets"];
  for (const auto& facet : kb::schema::facets) {
    std::string name(facet.name);
    const json* filter = parameter_named(doc, search, name);
    ASSERT_NE(filter, nullptr) << name;
    EXPECT_EQ((*filter)["in"], "query") << name;
    EXPECT_EQ((*filter)["schema"]["type"], "array") << name;
    EXPECT_TRUE(schemas["Facets"]["properties"].contains(name)) << name;
    EXPECT_TRUE(facets_response["properties"].contains(name)) << name;
    const auto& required = facets_response["required"];
    EXPECT_NE(std::find(required.begin(), required.end(), name), required.end()) << name;
    if (facet.values_from == kb::schema::FacetValues::taxonomy) {
      auto key = kb::schema::tags_key(facet);
      EXPECT_TRUE(schemas["Unit"]["properties"].contains(key)) << key;
      const auto& unit_required = schemas["Unit"]["required"];
      EXPECT_NE(std::find(unit_required.begin(), unit_required.end(), key), unit_required.end())
          << key;
    }
  }
}

class OpenApi : public kb::testing::BundledServerSuite<OpenApi> {};

TEST_F(OpenApi, ServedDocumentDescribesEverySchemaFacet) {
  auto c = server_->client();
  auto r = c.Get("/api/v1/openapi.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto doc = json::parse(r->body);
  expect_every_facet_described(doc);
  // What the file describes is served as written (its order and its wording).
  auto file = json::parse(read_file(KB_SOURCE_DIR "/searchd/openapi.json"));
  EXPECT_EQ(doc["components"]["parameters"]["AudienceFilter"],
            file["components"]["parameters"]["AudienceFilter"]);
  EXPECT_EQ(r->body.find("\"openapi\""), r->body.find_first_of('"'));
}

TEST(OpenApiCompletion, AFacetTheFileDoesNotDescribeGetsItsFilterPropertiesAndTags) {
  // The served file with every trace of the first taxonomy facet and of the kind facet
  // removed, as if they had just been added to the schema.
  auto doc = json::parse(read_file(KB_SOURCE_DIR "/searchd/openapi.json"));
  const auto& audience = kb::schema::facets[0];
  ASSERT_EQ(audience.values_from, kb::schema::FacetValues::taxonomy);
  auto& parameters = doc["components"]["parameters"];
  auto& search = doc["paths"]["/api/v1/search"]["get"]["parameters"];
  for (const auto& name : {std::string(audience.name), std::string("kind")}) {
    for (auto it = parameters.begin(); it != parameters.end(); ++it) {
      if (it->value("name", "") != name) continue;
      std::string ref = "#/components/parameters/" + it.key();
      search.erase(std::remove_if(search.begin(), search.end(),
                                  [&](const json& p) { return p.value("$ref", "") == ref; }),
                   search.end());
      parameters.erase(it);
      break;
    }
    doc["components"]["schemas"]["Facets"]["properties"].erase(name);
    auto& listed = doc["components"]["schemas"]["FacetsResponse"]["properties"]["facets"];
    listed["properties"].erase(name);
    auto& required = listed["required"];
    required.erase(std::remove(required.begin(), required.end(), name), required.end());
  }
  auto tags = kb::schema::tags_key(audience);
  auto& unit = doc["components"]["schemas"]["Unit"];
  unit["properties"].erase(tags);
  unit["required"].erase(std::remove(unit["required"].begin(), unit["required"].end(), tags),
                         unit["required"].end());
  ASSERT_EQ(parameter_named(doc, search, audience.name), nullptr);

  auto completed = json::parse(kb::complete_openapi(doc.dump()));
  expect_every_facet_described(completed);
  const json* filter = parameter_named(
      completed, completed["paths"]["/api/v1/search"]["get"]["parameters"], audience.name);
  ASSERT_NE(filter, nullptr);
  EXPECT_NE((*filter)["description"].get<std::string>().find(std::string(audience.label)),
            std::string::npos);
  EXPECT_NE((*filter)["description"].get<std::string>().find("unknown_filter"), std::string::npos);
  // The generated filters sit with the others, before the paging parameters.
  const auto& listed = completed["paths"]["/api/v1/search"]["get"]["parameters"];
  std::size_t page_at = 0, filter_at = 0;
  for (std::size_t i = 0; i < listed.size(); ++i) {
    if (listed[i].value("name", "") == "page") page_at = i;
    if (listed[i].value("$ref", "").ends_with("KindFilter")) filter_at = i;
  }
  EXPECT_LT(filter_at, page_at);
  EXPECT_GT(filter_at, 0u);
}

TEST(OpenApiCompletion, ADocumentThatIsNotJsonIsAnError) {
  EXPECT_THROW(kb::complete_openapi("{not json"), nlohmann::json::exception);
}

}  // namespace
