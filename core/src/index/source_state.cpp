#include "index/source_state.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "index/corpus_metadata.h"
#include "kb/error.h"
#include "kb/review.h"
#include "kb/schema.h"
#include "text/hash.h"

#ifndef KB_VERSION
#define KB_VERSION "unknown"
#endif

namespace kb::detail {
namespace {

using nlohmann::json;

json record_json(const FacetValueRecord& r) {
  json j{{"value", r.info.value}, {"label", r.info.label}, {"aliases", r.info.aliases}};
  if (r.description) j["description"] = *r.description;
  return j;
}

FacetValueRecord record_from(const json& j) {
  FacetValueRecord r{{j.at("value"), j.at("label"), j.at("aliases")}, std::nullopt};
  if (j.contains("description")) r.description = j["description"].get<std::string>();
  return r;
}

}  // namespace

std::size_t spelling_units(const Unit* begin, const Unit* end) {
  std::size_t spelled = 0, n = 0;
  for (const Unit* u = begin; u != end; ++u) {
    if (spelled >= spelling_bytes_of_a_source) break;
    spelled += u->title.size() + u->text.size();
    ++n;
  }
  return n;
}

SourceState source_state(const SourceDocument& source, const Unit* begin, const Unit* end,
                         const Taxonomy& taxonomy) {
  SourceState s;
  s.id = source.id;
  s.file = source.file;
  s.units = static_cast<std::size_t>(end - begin);
  s.spelling_units = spelling_units(begin, end);
  std::set<std::string> langs;
  std::map<std::string, std::set<std::string>> known;  // per taxonomy facet
  for (const auto& facet : schema::facets) {
    if (facet.values_from != schema::FacetValues::taxonomy) continue;
    auto& k = known[std::string(facet.name)];
    if (const auto* entries = taxonomy.entries(facet.name))
      for (const auto& e : *entries) k.insert(e.id);
  }
  for (const Unit* u = begin; u != end; ++u) {
    ++s.per_kind[u->kind];
    if (u->themes.empty() && !is_name_kind(u->kind)) ++s.without_theme;
    for (const auto& t : u->themes) ++s.per_theme[t.id];
    auto r = std::find_if(s.reviews.begin(), s.reviews.end(),
                          [&](const auto& p) { return p.first == u->review; });
    if (r == s.reviews.end())
      s.reviews.emplace_back(u->review, 1);
    else
      ++r->second;
    langs.insert(u->lang);
    for (const auto& facet : schema::facets) {
      if (facet.values_from != schema::FacetValues::taxonomy) continue;
      auto name = std::string(facet.name);
      if (const auto* tags = tags_of(*u, facet.name))
        for (const auto& t : *tags)
          if (known[name].insert(t.id).second) {
            bool guidance =
                u->kind == kind::audience_guidance && facet.prefix == schema::prefix_audience;
            s.extra_values[name].push_back({{t.id, guidance ? u->title : t.id, {}}, std::nullopt});
          }
    }
    if (u->kind == kind::message) s.messages.push_back(message_value(*u));
  }
  s.langs.assign(langs.begin(), langs.end());
  return s;
}

std::vector<SourceState> source_states(const Corpus& corpus) {
  std::vector<SourceState> states;
  std::size_t i = 0;
  std::filesystem::path root(corpus.dir);
  for (const auto& source : corpus.sources) {
    std::size_t j = i;
    while (j < corpus.units.size() && corpus.units[j].source_id == source.id) ++j;
    const Unit* base = corpus.units.data();
    auto s = source_state(source, base + i, base + j, corpus.taxonomy);
    if (auto it = corpus.stamps.find(source.file); it != corpus.stamps.end()) s.stamp = it->second;
    auto display = (root / source.file).string();
    for (const auto& w : corpus.import_warnings)
      if (w.file == display) s.import_warnings.emplace_back(w.line, w.message);
    states.push_back(std::move(s));
    i = j;
  }
  if (i != corpus.units.size()) return {};  // units not grouped by source: no states
  return states;
}

IndexMetadata assemble_metadata(const Taxonomy& taxonomy, const Glossary& glossary,
                                const std::vector<SourceDocument>& sources,
                                const std::vector<const SourceState*>& states,
                                const BuildOptions& options) {
  IndexMetadata metadata;
  for (const auto& facet : schema::facets) {
    auto name = std::string(facet.name);
    auto& values = metadata.facet_values[name];
    switch (facet.values_from) {
      case schema::FacetValues::taxonomy: {
        std::set<std::string> known;
        if (const auto* entries = taxonomy.entries(facet.name))
          for (const auto& e : *entries) {
            values.push_back({{e.id, e.label, e.aliases}, e.description});
            known.insert(e.id);
          }
        for (const auto* s : states)
          if (auto it = s->extra_values.find(name); it != s->extra_values.end())
            for (const auto& v : it->second)
              if (known.insert(v.info.value).second) values.push_back(v);
        break;
      }
      case schema::FacetValues::messages:
        for (const auto* s : states)
          values.insert(values.end(), s->messages.begin(), s->messages.end());
        break;
      case schema::FacetValues::unit_kinds:
        values = kind_values();
        break;
      case schema::FacetValues::sources:
        for (const auto& s : sources) values.push_back({{s.id, s.title, {s.file}}, std::nullopt});
        break;
    }
  }
  metadata.sources = sources;
  for (const auto& entry : glossary) metadata.glossary.push_back(entry.forms());
  metadata.built_at = iso_utc_now();
  std::set<std::string> langs;
  for (const auto* s : states) langs.insert(s->langs.begin(), s->langs.end());
  metadata.langs.assign(langs.begin(), langs.end());
  metadata.build = options;
  return metadata;
}

UnitCounts unit_counts(const std::vector<const SourceState*>& states) {
  UnitCounts c;
  for (const auto* s : states) {
    c.units += s->units;
    c.without_theme += s->without_theme;
    if (s->units) c.per_source[s->id] += s->units;
    for (const auto& [k, n] : s->per_kind) c.per_kind[k] += n;
    for (const auto& [t, n] : s->per_theme) c.per_theme[t] += n;
    for (const auto& entry : s->reviews) {
      // No structured binding here: clang 14 cannot capture one in a lambda.
      auto r = std::find_if(c.reviews.begin(), c.reviews.end(),
                            [&](const auto& p) { return p.first == entry.first; });
      if (r == c.reviews.end())
        c.reviews.push_back(entry);
      else
        r->second += entry.second;
    }
  }
  return c;
}

std::string state_to_json(const SourceState& s) {
  json j{{"file", s.file},
         {"id", s.id},
         {"size", s.stamp.size},
         {"mtime_ns", s.stamp.mtime_ns},
         {"stat_ns", s.stamp.stat_ns},
         {"hash", s.stamp.hash},
         {"units", s.units},
         {"spelling_units", s.spelling_units},
         {"per_kind", s.per_kind},
         {"per_theme", s.per_theme},
         {"without_theme", s.without_theme},
         {"langs", s.langs}};
  auto& reviews = j["reviews"] = json::array();
  for (const auto& [r, n] : s.reviews)
    reviews.push_back({{"reviewed", r.reviewed}, {"by", r.by}, {"every", r.every}, {"units", n}});
  auto& warnings = j["import_warnings"] = json::array();
  for (const auto& [line, message] : s.import_warnings)
    warnings.push_back({{"line", line}, {"message", message}});
  auto& extra = j["extra_values"] = json::object();
  for (const auto& [facet, values] : s.extra_values) {
    auto& list = extra[facet] = json::array();
    for (const auto& v : values) list.push_back(record_json(v));
  }
  auto& messages = j["messages"] = json::array();
  for (const auto& m : s.messages) messages.push_back(record_json(m));
  return j.dump();
}

SourceState state_from_json(const std::string& text) {
  try {
    auto j = json::parse(text);
    SourceState s;
    s.file = j.at("file");
    s.id = j.at("id");
    s.stamp.size = j.at("size");
    s.stamp.mtime_ns = j.at("mtime_ns");
    s.stamp.stat_ns = j.at("stat_ns");
    s.stamp.hash = j.at("hash");
    s.units = j.at("units");
    s.spelling_units = j.at("spelling_units");
    s.per_kind = j.at("per_kind").get<std::map<std::string, std::size_t>>();
    s.per_theme = j.at("per_theme").get<std::map<std::string, std::size_t>>();
    s.without_theme = j.at("without_theme");
    s.langs = j.at("langs").get<std::vector<std::string>>();
    for (const auto& r : j.at("reviews"))
      s.reviews.emplace_back(Review{r.at("reviewed"), r.at("by"), r.at("every")}, r.at("units"));
    for (const auto& w : j.at("import_warnings"))
      s.import_warnings.emplace_back(w.at("line"), w.at("message"));
    for (const auto& [facet, list] : j.at("extra_values").items())
      for (const auto& v : list) s.extra_values[facet].push_back(record_from(v));
    for (const auto& m : j.at("messages")) s.messages.push_back(record_from(m));
    return s;
  } catch (const json::exception& e) {
    throw Error(ErrorCode::index_error, std::string("unreadable source state: ") + e.what());
  }
}

std::string corpus_key(const std::string& settings_hash, const BuildOptions& options) {
  text::Hasher h;
  h.field(settings_hash)
      .field(std::to_string(options.title_weight))
      .field(std::to_string(options.inherited_title_weight))
      .field(options.english_stemmer)
      .field(options.english_stopwords)
      .field(std::to_string(schema::version))
      .field("sample terms")  // units written since carry them: an older generation is rebuilt
      .field(KB_VERSION)
      .field(Xapian::version_string());
  return h.hex();
}

void write_source_states(Xapian::WritableDatabase& db, const Corpus& corpus,
                         const BuildOptions& options) {
  if (corpus.dir.empty() || corpus.settings_hash.empty()) return;
  auto states = source_states(corpus);
  if (states.empty()) return;
  for (const auto& s : states)
    db.set_metadata(std::string(schema::meta_source_state_prefix) + s.file, state_to_json(s));
  db.set_metadata(std::string(schema::meta_corpus_key), corpus_key(corpus.settings_hash, options));
}

std::map<std::string, SourceState> read_source_states(const Xapian::Database& db) {
  std::map<std::string, SourceState> states;
  std::string prefix(schema::meta_source_state_prefix);
  for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
    auto s = state_from_json(db.get_metadata(*it));
    states.emplace(s.file, std::move(s));
  }
  return states;
}

}  // namespace kb::detail
