// Where indexes live and how a new one is published without disturbing readers.
//
// An index folder holds generations: `gen-<stamp>/` Xapian databases and a symlink
// `current` naming the published one. A build writes a new `.tmp-*` generation, then
// renames a fresh symlink over `current` (atomic on POSIX). Readers resolve `current`
// once and open that generation, so they never see a half-written or mixed index.
//
// kb's marker: the index folder and every generation kb writes hold a `.kb-index` file.
// kb-index removes or replaces only what carries it (marked generations, its own
// `current` link); it refuses a non-empty folder that is neither marked nor an index made
// by an older kb-index (recognised by `current` linking to a gen-* Xapian database with
// kb's schema, and marked on the spot).
#pragma once

#include <functional>
#include <string>

#include "kb/corpus.h"
#include "kb/ranking.h"

namespace kb {

// $KB_INDEX, else $XDG_DATA_HOME/kb/index, else ~/.local/share/kb/index.
std::string default_index_dir();

// The generation folder `current` points to. Throws Error(index_not_found) with a hint
// to run kb-index when nothing has been published there.
std::string resolve_published_generation(const std::string& index_dir);

struct PublishReport {
  std::string generation_dir;
  std::size_t documents = 0;
};

// Writes the corpus into a new generation and publishes it. Any failure (or a kill, or
// a full disk) leaves the published index as it was and removes the temporary
// generation. Throws Error(io_error) with the path on file system errors and when
// `index_dir` is not a folder kb-index may write into (see above). `progress` receives (units written, total). `options` (title
// weights, English stemmer and stopwords) are recorded in the index; the defaults are
// the measured ones (docs/relevance.md). Throws Error(invalid_argument) on unknown ones.
PublishReport publish_index(const Corpus& corpus, const std::string& index_dir,
                            const std::function<void(std::size_t, std::size_t)>& progress = {},
                            const BuildOptions& options = {});

}  // namespace kb
