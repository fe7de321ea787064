// The file kb-searchd keeps its search statistics in (--stats-file): read at start,
// written atomically (a temporary file in the same folder, fsync, rename) by a background
// thread at most every `interval` while they change, and once more on stop.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "search_stats.h"

namespace kb::http {

// Writes `text` to `path` so that a reader sees the old file or the new one, never a part:
// `path`.tmp-<pid> in the same folder, fsync, rename over `path`, fsync the folder.
// Throws kb::Error(io_error) saying what failed; `path` is untouched then.
void write_file_atomically(const std::string& path, const std::string& text);

class StatsFile {
 public:
  // Loads `path` into `stats` if it exists. Throws kb::Error(io_error) when it cannot be
  // read or is not a statistics file (it is left as it is), or when its folder does not
  // exist. Then starts the background writer.
  StatsFile(std::string path, SearchStats& stats,
            std::chrono::milliseconds interval = std::chrono::seconds(5));
  // Stops the writer and writes what changed since the last write.
  ~StatsFile();
  StatsFile(const StatsFile&) = delete;
  StatsFile& operator=(const StatsFile&) = delete;

  // Writes now if the statistics changed since the last write; a failure goes to stderr
  // (the counts stay in memory and the next flush tries again).
  void flush();
  // Stops the writer thread after a last flush (idempotent).
  void stop();

 private:
  void run();

  std::string path_;
  SearchStats& stats_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;  // guards written_, stopping_, failing_; serialises writes
  std::condition_variable wake_;
  std::uint64_t written_ = 0;  // the version last written (or loaded)
  bool stopping_ = false;
  bool failing_ = false;  // the last write failed (reported once until one succeeds)
  std::thread writer_;
};

}  // namespace kb::http
