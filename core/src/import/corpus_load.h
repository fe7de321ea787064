// The steps of load_corpus, shared with incremental republishing (index/incremental.h),
// which imports only the documents that changed: reading the corpus-level files and
// listing documents/, importing one listed document exactly as a full load does, and
// the glossary's units. Internal to kb_core.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kb/catalog.h"
#include "kb/corpus.h"

namespace kb::detail {

struct ListedDocument {
  std::filesystem::path path;  // the corpus folder joined with `relative`
  std::string relative;        // inside the corpus, as the catalog names it: "documents/x.txt"
};

struct CorpusListing {
  std::filesystem::path root;
  Catalog catalog;
  std::vector<ListedDocument> documents;  // in corpus order (depth first, names sorted)
};

// Reads catalog.xml, taxonomy.xml and glossary.xml into `corpus` (taxonomy, glossary,
// settings_hash, dir) and lists documents/ (skipped entries go to corpus.warnings).
// Throws what load_corpus throws for them: a catalog entry naming a missing file, a link
// leaving the folder, a FIFO, malformed XML.
CorpusListing list_corpus(const std::string& dir, Corpus& corpus);

// One listed document imported as load_corpus imports it: its source, its units
// (reviews inherited, tags inferred), its import warnings (file = the display path) and
// its stamp. Throws IngestError for a malformed or empty document. Checks nothing that
// involves other documents (source and unit ids used twice): the caller does.
struct ListedImport {
  SourceDocument source;
  std::vector<Unit> units;
  std::vector<CorpusWarning> import_warnings;
  SourceStamp stamp;
  std::string text_record;  // DocumentImport::text_record
};
ListedImport import_listed(const CorpusListing& listing, const Taxonomy& taxonomy,
                           const ListedDocument& document);

// The size and modification time of `path` now (hash left empty); false when it
// cannot be stat-ed.
bool stat_stamp(const std::filesystem::path& path, SourceStamp& stamp);

}  // namespace kb::detail
