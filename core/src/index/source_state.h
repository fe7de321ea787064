// What an index records per source so that the next build can reuse it unchanged
// (incremental republishing, index/incremental.h): the file's stamp (size, mtime,
// content hash) and everything the source contributes to the index metadata and to
// kb-index's summary, so that neither needs the units of unchanged sources. Stored as
// JSON under schema::meta_source_state_prefix + file. Internal to kb_core.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "index/index_metadata.h"
#include "kb/corpus.h"
#include "kb/index_writer.h"

namespace kb::detail {

struct SourceState {
  std::string file;  // inside the corpus: "documents/x.txt", "glossary.xml"
  std::string id;    // the source id
  SourceStamp stamp;
  std::size_t units = 0;
  // How many of its first units gave their words to the spelling table (the first MiB
  // of text, spelling_units()).
  std::size_t spelling_units = 0;
  std::map<std::string, std::size_t> per_kind, per_theme;
  std::size_t without_theme = 0;
  std::vector<std::pair<Review, std::size_t>> reviews;       // distinct reviews, units each
  std::vector<std::pair<int, std::string>> import_warnings;  // line, message
  std::vector<std::string> langs;
  // Per taxonomy facet: the values its units carry that the taxonomy lacks, first
  // appearance first, labelled as metadata_of labels them.
  std::map<std::string, std::vector<FacetValueRecord>> extra_values;
  std::vector<FacetValueRecord> messages;  // its message units as facet values
};

// The state of one source from its units (in source order); `taxonomy` says which tag
// values are extra. The stamp and file are the caller's.
SourceState source_state(const SourceDocument& source, const Unit* begin, const Unit* end,
                         const Taxonomy& taxonomy);

// The state of every source of `corpus`, in source order (units are grouped by source).
// import_warnings are those of `corpus` whose file is the source's.
std::vector<SourceState> source_states(const Corpus& corpus);

// How many leading units of a source (in order) the full build gives FLAG_SPELLING:
// those starting before its first MiB of title and text.
std::size_t spelling_units(const Unit* begin, const Unit* end);
inline constexpr std::size_t spelling_bytes_of_a_source = 1 << 20;

// The index metadata of a corpus whose sources (in order) have `states`.
IndexMetadata assemble_metadata(const Taxonomy& taxonomy, const Glossary& glossary,
                                const std::vector<SourceDocument>& sources,
                                const std::vector<const SourceState*>& states,
                                const BuildOptions& options);

// The unit counts kb-index summarises, over `states`.
UnitCounts unit_counts(const std::vector<const SourceState*>& states);

std::string state_to_json(const SourceState& state);
SourceState state_from_json(const std::string& text);  // throws Error(index_error)

// The key a generation records in schema::meta_corpus_key: the corpus's settings hash,
// the build options, the schema and kb versions, Xapian's version. Two builds with the
// same key import and index a document the same way.
std::string corpus_key(const std::string& settings_hash, const BuildOptions& options);

// Records the corpus key and every source's state (a full build). Nothing for a corpus
// built in memory.
void write_source_states(Xapian::WritableDatabase& db, const Corpus& corpus,
                         const BuildOptions& options);

// Every recorded state by file; empty when the generation has none.
std::map<std::string, SourceState> read_source_states(const Xapian::Database& db);

}  // namespace kb::detail
