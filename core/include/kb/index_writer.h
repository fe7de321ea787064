// Writing a corpus into an index folder (kb/index_folder.h) as a new generation and
// publishing it without disturbing readers.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "kb/corpus.h"
#include "kb/ranking.h"

namespace kb {

struct PublishReport {
  std::string generation_dir;
  std::size_t documents = 0;
};

// Writes the corpus into a new generation and publishes it. Any failure (or a kill, or
// a full disk) leaves the published index as it was and removes the temporary
// generation. Throws Error(io_error) with the path on file system errors and when
// `index_dir` is not a folder kb-index may write into (kb/index_folder.h). `progress`
// receives (units written, total). `options` (title weights, English stemmer and
// stopwords) are recorded in the index; the defaults are the measured ones
// (docs/relevance.md). Throws Error(invalid_argument) on unknown ones.
PublishReport publish_index(const Corpus& corpus, const std::string& index_dir,
                            const std::function<void(std::size_t, std::size_t)>& progress = {},
                            const BuildOptions& options = {});

// The units of a corpus counted as kb-index summarises them.
struct UnitCounts {
  std::size_t units = 0;
  std::size_t without_theme = 0;  // units with no theme that are not names
  std::map<std::string, std::size_t> per_kind, per_source, per_theme;
  std::vector<std::pair<Review, std::size_t>> reviews;  // each distinct review, its units
};
UnitCounts unit_counts(const Corpus& corpus);

struct UpdateOptions {
  bool full = false;  // rebuild everything even when an incremental update is possible
  BuildOptions build;
  ImportProgress import_progress;                                // each document imported
  std::function<void(std::size_t, std::size_t)> write_progress;  // a full build's units
  // Called with the corpus as loaded, before anything is written (its warnings and
  // import warnings are the whole corpus's); throwing stops the build and publishes
  // nothing (kb-index --strict).
  std::function<void(const Corpus&)> before_write;
};

struct UpdateReport {
  std::string generation_dir;
  bool incremental = false;
  std::string full_reason;  // why everything was rebuilt ("" for an incremental update)
  // Documents (sources): re-imported because their content changed, new, gone, reused.
  std::size_t updated = 0, added = 0, removed = 0, reused = 0;
  std::size_t units_written = 0, units_removed = 0;
  UnitCounts counts;  // the whole published corpus
  // What was imported: every document for a full build, the updated and added ones for
  // an incremental update. Its warnings (skipped files) and import_warnings are always
  // the whole corpus's; its sources are all the published sources.
  Corpus corpus;
};

// Publishes the corpus folder `corpus_dir` into `index_dir`, re-importing and
// re-indexing only what changed since the published generation when that is possible:
// the generation was written by update_index or publish_index from this folder with the
// same catalog, taxonomy, glossary, options and kb version, it can be read, and at most
// a third of the documents were added, changed or removed. A document is unchanged when
// its size and mtime are as recorded, else when its content hash is. The new generation
// starts as a copy of the published one (which is never written to), loses the units of
// changed and removed documents and gains those of changed and added ones; it equals a
// full build of the folder but for the order of units whose scores tie exactly (a
// re-indexed document's units get new document ids). Otherwise (or with
// `options.full`) the whole folder is loaded and published as publish_index does.
// Unchanged documents are not validated again: they were when they were imported. Throws
// what load_corpus and publish_index throw; nothing is published then.
UpdateReport update_index(const std::string& corpus_dir, const std::string& index_dir,
                          const UpdateOptions& options = {});

}  // namespace kb
