#include "index/corpus_metadata.h"

#include <chrono>
#include <ctime>
#include <set>

#include "kb/review.h"
#include "kb/schema.h"

namespace kb::detail {
namespace {

// The taxonomy's entries, then values units carry that the taxonomy lacks: those still
// need a label (an audience's guidance title names it).
std::vector<FacetValueRecord> taxonomy_values(const Corpus& corpus, const schema::Facet& facet) {
  std::vector<FacetValueRecord> values;
  std::set<std::string> known;
  if (const auto* entries = corpus.taxonomy.entries(facet.name))
    for (const auto& e : *entries) {
      values.push_back({{e.id, e.label, e.aliases}, e.description});
      known.insert(e.id);
    }
  for (const auto& u : corpus.units)
    if (const auto* tags = tags_of(u, facet.name))
      for (const auto& t : *tags)
        if (known.insert(t.id).second) {
          bool guidance =
              u.kind == kind::audience_guidance && facet.prefix == schema::prefix_audience;
          values.push_back({{t.id, guidance ? u.title : t.id, {}}, std::nullopt});
        }
  return values;
}

// A message is also known by its id within its source ("m4") and by the last part of its
// section ("Message 4").
std::vector<FacetValueRecord> message_values(const Corpus& corpus) {
  std::vector<FacetValueRecord> values;
  for (const auto& u : corpus.units) {
    if (u.kind != kind::message) continue;
    auto local = u.id.substr(u.source_id.size() + 1);
    const auto& section = u.cite.section;
    auto separator = section.rfind(section_separator);
    auto last_part = separator == std::string::npos
                         ? section
                         : section.substr(separator + section_separator.size());
    values.push_back({{u.id, u.title, {local, last_part}}, std::nullopt});
  }
  return values;
}

std::vector<FacetValueRecord> kind_values() {
  std::vector<FacetValueRecord> values;
  for (const auto& k : unit_kinds)
    values.push_back(
        {{std::string(k.kind), std::string(k.label), {std::string(k.plural)}}, std::nullopt});
  return values;
}

std::vector<FacetValueRecord> source_values(const Corpus& corpus) {
  std::vector<FacetValueRecord> values;
  for (const auto& s : corpus.sources) values.push_back({{s.id, s.title, {s.file}}, std::nullopt});
  return values;
}

std::vector<FacetValueRecord> values_of(const Corpus& corpus, const schema::Facet& facet) {
  switch (facet.values_from) {
    case schema::FacetValues::taxonomy:
      return taxonomy_values(corpus, facet);
    case schema::FacetValues::messages:
      return message_values(corpus);
    case schema::FacetValues::unit_kinds:
      return kind_values();
    case schema::FacetValues::sources:
      return source_values(corpus);
  }
  return {};
}

}  // namespace

IndexMetadata metadata_of(const Corpus& corpus, const BuildOptions& options) {
  IndexMetadata metadata;
  for (const auto& facet : schema::facets)
    metadata.facet_values[std::string(facet.name)] = values_of(corpus, facet);
  metadata.sources = corpus.sources;
  for (const auto& entry : corpus.glossary) metadata.glossary.push_back(entry.forms());
  metadata.built_at = iso_utc_now();
  std::set<std::string> langs;
  for (const auto& u : corpus.units) langs.insert(u.lang);
  metadata.langs.assign(langs.begin(), langs.end());
  metadata.build = options;
  return metadata;
}

}  // namespace kb::detail
