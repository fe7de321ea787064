#include "index/corpus_metadata.h"

#include "index/source_state.h"
#include "kb/review.h"
#include "kb/schema.h"

namespace kb::detail {

FacetValueRecord message_value(const Unit& u) {
  auto local = u.id.substr(u.source_id.size() + 1);
  const auto& section = u.cite.section;
  auto separator = section.rfind(section_separator);
  auto last_part = separator == std::string::npos
                       ? section
                       : section.substr(separator + section_separator.size());
  return {{u.id, u.title, {local, last_part}}, std::nullopt};
}

std::vector<FacetValueRecord> kind_values() {
  std::vector<FacetValueRecord> values;
  for (const auto& k : unit_kinds)
    values.push_back(
        {{std::string(k.kind), std::string(k.label), {std::string(k.plural)}}, std::nullopt});
  return values;
}

IndexMetadata metadata_of(const Corpus& corpus, const BuildOptions& options) {
  // One state over every unit assembles to what per-source states assemble to (values
  // in first-appearance order, messages in order, languages as a set), and holds for a
  // corpus made in memory whose units are not grouped by source.
  const Unit* units = corpus.units.data();
  auto all = source_state({}, units, units + corpus.units.size(), corpus.taxonomy);
  return assemble_metadata(corpus.taxonomy, corpus.glossary, corpus.sources, {&all}, options);
}

}  // namespace kb::detail
