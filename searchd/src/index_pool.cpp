#include "index_pool.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "kb/api/errors.h"
#include "kb/error.h"
#include "kb/index_folder.h"

namespace kb::http {
namespace {

// How often a thread may try again to open a generation that failed: a failure may
// have been passing (out of file descriptors), but most are not, and a request must not
// pay for a doomed open each time.
constexpr std::chrono::seconds kRetryInterval{5};

std::string folder_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace

std::atomic<unsigned long> IndexPool::next_serial_{1};

IndexPool::IndexPool(std::string index_dir, ShardOptions shards)
    : index_dir_(std::move(index_dir)), shards_(std::move(shards)), serial_(next_serial_++) {}

struct IndexPool::Opened {
  std::string generation;
  std::unique_ptr<kb::Index> index;
};

IndexPool::Opened IndexPool::open(const std::string& generation) const {
  auto index = std::make_unique<kb::Index>(kb::Index::open_generation(generation, shards_));
  std::lock_guard lock(mutex_);
  last_good_ = generation;
  if (bad_.erase(generation))
    std::cerr << "kb-searchd: index generation " << folder_name(generation)
              << " opened; serving it\n";
  return {generation, std::move(index)};
}

bool IndexPool::worth_trying(const std::string& generation) const {
  std::lock_guard lock(mutex_);
  auto it = bad_.find(generation);
  if (it == bad_.end()) return true;
  auto now = std::chrono::steady_clock::now();
  if (now - it->second.last_attempt < kRetryInterval) return false;
  it->second.last_attempt = now;
  return true;
}

void IndexPool::report_bad(const std::string& generation, const std::string& why) const {
  std::lock_guard lock(mutex_);
  auto [it, first] = bad_.try_emplace(generation, Failure{std::chrono::steady_clock::now()});
  if (!first) return;  // reported once per generation, not per request
  std::cerr << "kb-searchd: the published index generation " << folder_name(generation)
            << " cannot be opened: " << why << "; "
            << (last_good_.empty() ? std::string("no good generation to serve")
                                   : "still serving " + folder_name(last_good_))
            << "\n";
}

std::map<unsigned long, IndexPool::Opened>& IndexPool::thread_cache() {
  thread_local std::map<unsigned long, Opened> cache;
  return cache;
}

void IndexPool::forget_thread_index() const {
  thread_cache().erase(serial_);
}

const kb::Index& IndexPool::current() const {
  auto& entry = thread_cache()[serial_];

  std::string published;
  std::optional<kb::Error> problem;
  try {
    published = kb::resolve_published_generation(index_dir_);
  } catch (const kb::Error& e) {
    problem = e;
  }
  if (!published.empty()) {
    if (entry.index && entry.generation == published) return *entry.index;
    if (worth_trying(published)) {
      try {
        entry = open(published);
        return *entry.index;
      } catch (const kb::Error& e) {
        // A remote shard that does not answer: the generation is fine, the request fails.
        if (e.code() == kb::ErrorCode::shard_unavailable) throw;
        problem = e;
        report_bad(published, e.what());
      }
    } else {
      problem = kb::Error(kb::ErrorCode::index_error, "known bad");
    }
  } else if (problem && problem->code() == kb::ErrorCode::index_error) {
    // `current` names a folder that is not there.
    report_bad(
        published_name().empty() ? index_dir_ + "/current" : index_dir_ + "/" + published_name(),
        problem->what());
  }

  // The published generation cannot be served: go on with the last good one.
  std::string good;
  {
    std::lock_guard lock(mutex_);
    good = last_good_;
  }
  if (entry.index && (good.empty() || entry.generation == good)) return *entry.index;
  if (!good.empty()) {
    try {
      entry = open(good);
      return *entry.index;
    } catch (const kb::Error&) {
      // Removed since (kb-index keeps only the previous generation): serve what this thread has.
    }
  }
  if (entry.index) return *entry.index;
  // Messages for the client name no path and quote no library error: those are for the
  // server's log (above) and its operator.
  if (problem && problem->code() == kb::ErrorCode::index_not_found)
    throw api::ApiError(api::Code::index_not_found,
                        "no index has been published yet; build one with kb-index --out <the "
                        "folder this kb-searchd serves>");
  throw api::ApiError(api::Code::index_error,
                      "the published index cannot be opened and there is no earlier one to serve; "
                      "rebuild it with kb-index "
                      "(the server log says why)");
}

void IndexPool::prime() {
  std::string published;
  try {
    published = kb::resolve_published_generation(index_dir_);
    open(published);
    return;
  } catch (const kb::Error& e) {
    if (e.code() == kb::ErrorCode::index_not_found)
      return;  // nothing published yet: /readyz says so
    if (e.code() == kb::ErrorCode::shard_unavailable) {
      // Not a bad generation: every request connects again until the shard answers.
      std::cerr << "kb-searchd: " << e.what() << "; searches answer 503 until it does\n";
      return;
    }
    report_bad(published.empty() ? index_dir_ + "/" + published_name() : published, e.what());
  }
  // Started while the published generation is bad: the newest other generation that
  // opens is the last good one (kb-index keeps the one published before; names sort by time).
  std::vector<std::string> generations;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(index_dir_, ec)) {
    auto name = entry.path().filename().string();
    if (name.rfind("gen-", 0) == 0 && name != published_name() && entry.is_directory(ec))
      generations.push_back(entry.path().string());
  }
  std::sort(generations.rbegin(), generations.rend());
  for (const auto& generation : generations) {
    try {
      open(generation);
      std::cerr << "kb-searchd: serving the earlier generation " << folder_name(generation)
                << " instead\n";
      return;
    } catch (const kb::Error&) {
    }
  }
}

std::string IndexPool::published_name() const {
  std::error_code ec;
  auto target = std::filesystem::read_symlink(std::filesystem::path(index_dir_) / "current", ec);
  return ec ? std::string() : target.filename().string();
}

IndexPool::Health IndexPool::health() const {
  Health h;
  auto published = published_name();
  std::lock_guard lock(mutex_);
  h.serving = folder_name(last_good_);
  for (const auto& [generation, failure] : bad_)
    if (folder_name(generation) == published) h.bad_generation = published;
  return h;
}

}  // namespace kb::http
