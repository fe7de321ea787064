// corpus/taxonomy.xml: the values of the taxonomy-sourced facets (audiences, themes, ...)
// units are tagged with, their labels, aliases (accepted in filters) and the rules that
// infer them for untagged units.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kb/model.h"

namespace kb {

// One inference rule: the entry applies when at least `min_matches` of the phrases
// occur in a unit (whole words, case-insensitive, plurals folded).
struct TagRule {
  std::vector<std::string> phrases;
  int min_matches = 1;
};

struct TaxonomyEntry {
  std::string id;
  std::string label;
  std::string description;
  std::vector<std::string> aliases;
  std::vector<TagRule> rules;
};

class Taxonomy {
 public:
  std::vector<TaxonomyEntry> audiences;
  std::vector<TaxonomyEntry> themes;
  // The entries of any other taxonomy-sourced facet of schema::facets, by facet name.
  std::map<std::string, std::vector<TaxonomyEntry>, std::less<>> other_entries;

  // The id of the entry of `facet` whose id, label or alias equals `name`
  // case-insensitively (ignoring punctuation and spacing differences), or nullopt.
  std::optional<std::string> find(std::string_view facet, const std::string& name) const;
  std::optional<std::string> find_audience(const std::string& name) const;
  std::optional<std::string> find_theme(const std::string& name) const;

  // The entries of a taxonomy-sourced facet (schema::FacetValues::taxonomy) by its name:
  // audiences for "audience", themes for "theme", its other_entries entry for the others;
  // nullptr for a facet that is not taxonomy-sourced.
  const std::vector<TaxonomyEntry>* entries(std::string_view facet) const;
  std::vector<TaxonomyEntry>* entries(std::string_view facet);

  // Adds inferred tags of every taxonomy-sourced facet to a unit, keeping its curated
  // ones. Guidance for one audience keeps exactly that audience.
  void infer_tags(Unit& unit) const;
};

// Throws IngestError (file:line) on malformed XML, missing ids/labels or duplicates.
Taxonomy load_taxonomy(const std::string& path);

}  // namespace kb
