#include "index_pool.h"

#include <map>
#include <memory>

#include "kb/error.h"
#include "kb/index_store.h"

namespace kb::http {

std::atomic<unsigned long> IndexPool::next_serial_{1};

IndexPool::IndexPool(std::string index_dir) : index_dir_(std::move(index_dir)), serial_(next_serial_++) {}

const kb::Index& IndexPool::current() const {
  struct Entry {
    std::string generation;
    std::unique_ptr<kb::Index> index;
  };
  thread_local std::map<unsigned long, Entry> cache;
  auto generation = kb::resolve_published_generation(index_dir_);
  auto& entry = cache[serial_];
  if (!entry.index || entry.generation != generation) {
    try {
      auto fresh = std::make_unique<kb::Index>(index_dir_);
      // The link may have moved between the two reads: trust what was opened.
      entry.generation = fresh->generation();
      entry.index = std::move(fresh);
    } catch (const kb::Error&) {
      // A new generation that cannot be opened must not take down a working one.
      if (!entry.index) throw;
    }
  }
  return *entry.index;
}

}  // namespace kb::http
