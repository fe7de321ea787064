#include "index/index_metadata.h"

#include <nlohmann/json.hpp>

#include "kb/error.h"
#include "kb/schema.h"
#include "text/source_text_record.h"

namespace kb::detail {
namespace {

using nlohmann::json;

std::string get(const Xapian::Database& db, std::string_view key) {
  return db.get_metadata(std::string(key));
}

void set(Xapian::WritableDatabase& db, std::string_view key, const std::string& value) {
  db.set_metadata(std::string(key), value);
}

json facet_values_json(const std::map<std::string, std::vector<FacetValueRecord>>& facets) {
  json j = json::object();
  for (const auto& [facet, values] : facets) {
    auto& list = j[facet] = json::array();
    for (const auto& [v, description] : values) {
      json entry{{"value", v.value}, {"label", v.label}, {"aliases", v.aliases}};
      if (description) entry["description"] = *description;
      list.push_back(std::move(entry));
    }
  }
  return j;
}

std::map<std::string, std::vector<FacetValueRecord>> facet_values_from(const json& j) {
  std::map<std::string, std::vector<FacetValueRecord>> facets;
  for (const auto& [facet, list] : j.items()) {
    auto& values = facets[facet];
    for (const auto& v : list) {
      FacetValueRecord record{{v.at("value"), v.value("label", ""), {}}, std::nullopt};
      for (const auto& a : v.value("aliases", json::array())) record.info.aliases.push_back(a);
      if (v.contains("description") && v["description"].is_string())
        record.description = v["description"];
      values.push_back(std::move(record));
    }
  }
  return facets;
}

json sources_json(const std::vector<SourceDocument>& sources) {
  auto arr = json::array();
  for (const auto& s : sources)
    arr.push_back({{"id", s.id},
                   {"file", s.file},
                   {"title", s.title},
                   {"publisher", s.publisher},
                   {"date", s.date},
                   {"kind", s.kind},
                   {"lang", s.lang},
                   {"url", s.url},
                   {"description", s.description}});
  return arr;
}

// A field a reader can do without: "" when absent or not text.
std::string optional_text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<SourceDocument> sources_from(const json& j) {
  std::vector<SourceDocument> sources;
  for (const auto& s : j) {
    SourceDocument d;
    d.id = s.at("id");
    d.title = s.value("title", "");
    d.file = optional_text(s, "file");
    d.publisher = optional_text(s, "publisher");
    d.date = optional_text(s, "date");
    d.kind = optional_text(s, "kind");
    d.lang = optional_text(s, "lang");
    d.url = optional_text(s, "url");
    d.description = optional_text(s, "description");
    sources.push_back(std::move(d));
  }
  return sources;
}

json build_json(const BuildOptions& options) {
  return {{"title_weight", options.title_weight},
          {"inherited_title_weight", options.inherited_title_weight},
          {"english_stemmer", options.english_stemmer},
          {"english_stopwords", options.english_stopwords}};
}

BuildOptions build_from(const json& j) {
  BuildOptions options;
  options.title_weight = j.value("title_weight", options.title_weight);
  options.inherited_title_weight =
      j.value("inherited_title_weight", options.inherited_title_weight);
  options.english_stemmer = j.value("english_stemmer", options.english_stemmer);
  options.english_stopwords = j.value("english_stopwords", options.english_stopwords);
  return options;
}

}  // namespace

void write_metadata(Xapian::WritableDatabase& db, const IndexMetadata& metadata) {
  set(db, schema::meta_schema_version, std::to_string(schema::version));
  set(db, schema::meta_facet_values, facet_values_json(metadata.facet_values).dump());
  set(db, schema::meta_sources, sources_json(metadata.sources).dump());
  set(db, schema::meta_glossary, json(metadata.glossary).dump());
  set(db, schema::meta_built_at, metadata.built_at);
  set(db, schema::meta_langs, json(metadata.langs).dump());
  set(db, schema::meta_build, build_json(metadata.build).dump());
}

IndexMetadata read_metadata(const Xapian::Database& db, const std::string& generation_dir) {
  auto version = get(db, schema::meta_schema_version);
  if (version != std::to_string(schema::version))
    throw Error(ErrorCode::index_error,
                "the index in " + generation_dir + " has schema version \"" + version +
                    "\", this kb expects " + std::to_string(schema::version) +
                    "; rebuild it with kb-index");
  IndexMetadata metadata;
  try {
    metadata.facet_values = facet_values_from(json::parse(get(db, schema::meta_facet_values)));
    metadata.sources = sources_from(json::parse(get(db, schema::meta_sources)));
    if (auto glossary = get(db, schema::meta_glossary); !glossary.empty())
      for (const auto& g : json::parse(glossary))
        metadata.glossary.push_back(g.get<std::vector<std::string>>());
    metadata.built_at = get(db, schema::meta_built_at);
    if (auto langs = get(db, schema::meta_langs); !langs.empty())
      metadata.langs = json::parse(langs).get<std::vector<std::string>>();
    if (auto build = get(db, schema::meta_build); !build.empty())
      metadata.build = build_from(json::parse(build));
  } catch (const json::exception& e) {
    throw Error(ErrorCode::index_error, "the index in " + generation_dir +
                                            " has unreadable metadata (" + e.what() +
                                            "); rebuild it");
  }
  return metadata;
}

void write_source_text(Xapian::WritableDatabase& db, const std::string& source_id,
                       const std::string& record) {
  // No lines, no record (an empty value removes the key): read_source_text says none.
  set(db, std::string(schema::meta_source_text_prefix) + source_id, record);
}

std::optional<std::vector<SourceTextLine>> read_source_text(const Xapian::Database& db,
                                                            const std::string& source_id) {
  if (source_id.empty()) return std::nullopt;
  auto stored = get(db, std::string(schema::meta_source_text_prefix) + source_id);
  if (stored.empty()) return std::nullopt;
  auto lines = text::source_text_lines(stored);
  if (!lines)
    throw Error(ErrorCode::index_error,
                "the text of source \"" + source_id + "\" in the index is unreadable; rebuild it");
  return lines;
}

}  // namespace kb::detail
