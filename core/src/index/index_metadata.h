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

// Records the cleaned text of source `source_id` (schema::meta_source_text_prefix) as
// text::source_text_record made it; "" records none.
void write_source_text(Xapian::WritableDatabase& db, const std::string& source_id,
                       const std::string& record);

// The text write_source_text recorded for `source_id`, nullopt when there is none.
// Throws Error(index_error) when the record cannot be read.
std::optional<std::vector<SourceTextLine>> read_source_text(const Xapian::Database& db,
                                                            const std::string& source_id);

}  // namespace kb::detail
