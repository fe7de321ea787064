// One kb::Index per worker thread, following the published generation.
//
// Each request asks for the index once and uses that object to the end, so a request
// never mixes two generations. When kb-index publishes a new generation, the next
// request on each thread opens it; requests in flight finish on the old one, whose
// files stay readable while open even after kb-index removes them.
//
// A published generation that cannot be opened (corrupt files, another schema version,
// removed) does not take the service down: every thread goes on serving the last good
// generation (kb-index keeps the previous one on disk), the bad one is reported once on
// stderr and by health() (for /readyz and /metrics), and opening it is retried now and
// then, never on every request.
//
// A sharded generation's remote shards (xapian-tcpsrv) are another matter: a shard that
// does not answer is not a bad generation. The request is answered 503
// shard_unavailable, the thread drops its index (a remote connection that failed is not
// used again) and the next request connects anew, so a restarted shard is served again.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "kb/search.h"

namespace kb::http {

class IndexPool {
 public:
  explicit IndexPool(std::string index_dir, ShardOptions shards = {});

  // The calling thread's index, reopened if a newer generation has been published.
  // Throws ApiError(index_not_found / index_error) with a message that names no path.
  const kb::Index& current() const;

  // Opens the published generation once, so the pool knows a good generation to fall
  // back on before any request came; when the published one cannot be opened, the newest
  // other generation in the folder that opens. Problems are reported as by current().
  void prime();

  struct Health {
    std::string serving;  // folder name of the last good generation, "" before any
    std::string
        bad_generation;  // folder name of the published generation that cannot be opened, or ""
  };
  Health health() const;

  // Drops the calling thread's index, after a remote shard failed it: the next current()
  // opens the generation again.
  void forget_thread_index() const;

  const std::string& index_dir() const { return index_dir_; }
  const ShardOptions& shard_options() const { return shards_; }

 private:
  struct Opened;
  Opened open(const std::string& generation) const;
  bool worth_trying(const std::string& generation) const;
  void report_bad(const std::string& generation, const std::string& why) const;
  std::string published_name() const;
  static std::map<unsigned long, Opened>& thread_cache();

  std::string index_dir_;
  ShardOptions shards_;
  unsigned long serial_;  // tells pools apart in the per-thread cache
  static std::atomic<unsigned long> next_serial_;

  mutable std::mutex mutex_;
  mutable std::string last_good_;  // path of the generation last opened successfully
  struct Failure {
    std::chrono::steady_clock::time_point last_attempt;
  };
  mutable std::map<std::string, Failure> bad_;  // by generation path
};

}  // namespace kb::http
