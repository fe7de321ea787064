// One kb::Index per worker thread, following the published generation.
//
// Each request asks for the index once and uses that object to the end, so a request
// never mixes two generations. When kb-index publishes a new generation, the next
// request on each thread opens it; requests in flight finish on the old one, whose
// files stay readable while open even after kb-index removes them.
#pragma once

#include <atomic>
#include <string>

#include "kb/search.h"

namespace kb::http {

class IndexPool {
 public:
  explicit IndexPool(std::string index_dir);
  // The calling thread's index, reopened if a newer generation has been published.
  // Throws kb::Error(index_not_found / index_error).
  const kb::Index& current() const;
  const std::string& index_dir() const { return index_dir_; }

 private:
  std::string index_dir_;
  unsigned long serial_;  // tells pools apart in the per-thread cache
  static std::atomic<unsigned long> next_serial_;
};

}  // namespace kb::http
