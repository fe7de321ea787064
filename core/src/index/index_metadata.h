// What an index records besides its units (the kb.* metadata of kb/schema.h): what a
// reader needs to label and resolve facet values, cite sources, expand glossary forms
// and parse queries as the index was written. Written and read only here, so writer and
// reader cannot disagree. Internal to kb_core.
#pragma once

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kb/facet_value.h"
#include "kb/model.h"
#include "kb/ranking.h"

namespace kb::detail {

// A facet value with what the taxonomy says about it, if anything.
struct FacetValueRecord {
  FacetValueInfo info;
  std::optional<std::string> description;
};

struct IndexMetadata {
  std::map<std::string, std::vector<FacetValueRecord>> facet_values;  // facet name -> values
  std::vector<SourceDocument> sources;
  std::vector<std::vector<std::string>> glossary;  // the forms of each entry
  std::string built_at;                            // ISO 8601 UTC
  std::vector<std::string> langs{"en"};            // the units' lang values
  BuildOptions build;
};

// Records `metadata` and the schema version in `db`.
void write_metadata(Xapian::WritableDatabase& db, const IndexMetadata& metadata);

// The metadata of the generation at `generation_dir`, opened as `db`. Throws
// Error(index_error) when its schema version is not this kb's or the metadata cannot be
// read. What an older index lacks (languages, build options, glossary) has its default.
IndexMetadata read_metadata(const Xapian::Database& db, const std::string& generation_dir);

}  // namespace kb::detail
