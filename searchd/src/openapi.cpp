#include "kb/openapi.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "kb/schema.h"

namespace kb {

extern const char* const openapi_document;  // generated from searchd/openapi.json

namespace {

// ordered_json: the document keeps the order it is written in.
using Json = nlohmann::ordered_json;

Json filter_parameter(const schema::Facet& facet) {
  std::string what = facet.filter_hint.empty() ? std::string(" id, label or alias")
                                               : std::string(facet.filter_hint);
  if (what.starts_with(":") || what.starts_with(",")) what = what.substr(1);
  return {{"name", facet.name},
          {"in", "query"},
          {"required", false},
          {"style", "form"},
          {"explode", true},
          {"description", std::string(facet.label) + ":" + what +
                              ", case-insensitive. Repeatable: values OR, facets AND. Unknown "
                              "value: 400 `unknown_filter`."},
          {"schema", {{"type", "array"}, {"items", {{"type", "string"}}}}}};
}

std::string parameter_key(const schema::Facet& facet) {
  std::string key;
  for (char c : facet.label)
    if (c != ' ') key += c;
  return key + "Filter";
}

Json array_of(const std::string& ref) {
  return {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/" + ref}}}};
}

void require(Json& object_schema, const std::string& key) {
  if (!object_schema.contains("required")) return;  // an open list stays open
  auto& required = object_schema["required"];
  if (std::find(required.begin(), required.end(), key) == required.end()) required.push_back(key);
}

void add_property(Json& object_schema, const std::string& key, const Json& schema) {
  auto& properties = object_schema["properties"];
  if (!properties.contains(key)) properties[key] = schema;
  require(object_schema, key);
}

// Where the search operation's facet filters are: after the last one it lists.
void add_search_filter(Json& parameters, const std::string& ref) {
  auto refers = [&](const Json& p) { return p.value("$ref", "") == ref; };
  if (std::any_of(parameters.begin(), parameters.end(), refers)) return;
  auto last_filter = parameters.end();
  for (auto it = parameters.begin(); it != parameters.end(); ++it)
    if (it->value("$ref", "").ends_with("Filter")) last_filter = it + 1;
  if (last_filter == parameters.end())
    last_filter = parameters.begin() + (parameters.empty() ? 0 : 1);
  parameters.insert(last_filter, Json{{"$ref", ref}});
}

}  // namespace

std::string complete_openapi(std::string_view document) {
  Json doc = Json::parse(document);
  auto& components = doc["components"];
  auto& parameters = components["parameters"];
  auto& search_parameters = doc["paths"]["/api/v1/search"]["get"]["parameters"];
  auto& schemas = components["schemas"];
  for (const auto& facet : schema::facets) {
    std::string key;
    for (auto& [name, parameter] : parameters.items())
      if (parameter.value("name", "") == facet.name && parameter.value("in", "") == "query")
        key = name;
    if (key.empty()) {
      key = parameter_key(facet);
      parameters[key] = filter_parameter(facet);
    }
    add_search_filter(search_parameters, "#/components/parameters/" + key);
    add_property(schemas["Facets"], std::string(facet.name), array_of("FacetValue"));
    add_property(schemas["FacetsResponse"]["properties"]["facets"], std::string(facet.name),
                 array_of("FacetValueInfo"));
    if (facet.values_from == schema::FacetValues::taxonomy)
      add_property(schemas["Unit"], schema::tags_key(facet), array_of("Tag"));
  }
  return doc.dump(2) + "\n";
}

const std::string& openapi_json() {
  static const std::string document = complete_openapi(openapi_document);
  return document;
}

}  // namespace kb
