// kb-index --watch: rebuild and republish the index whenever the corpus changes.
#pragma once

#include <string>

namespace kb::indexer {

struct WatchOptions {
  std::string corpus_dir;
  std::string index_dir;
  int debounce_ms = 500;  // quiet time after the last change before a rebuild
  bool strict = false;
  bool quiet = false;
  bool json = false;
  bool full = false;    // every rebuild re-imports everything (else: incremental updates)
  unsigned shards = 0;  // kb-index --shards
};

// Builds and publishes once, then again after every burst of corpus changes, until
// SIGINT/SIGTERM (returns 0) or until the corpus folder disappears (returns 1). A failed
// rebuild is reported and the watch goes on: the published index stays as it was.
int run_watch(const WatchOptions& options);

}  // namespace kb::indexer
