// Writing a corpus into an index folder (kb/index_folder.h) as a new generation and
// publishing it without disturbing readers.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

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

}  // namespace kb
