// The index folder as the writer changes it: kb's marker, the build lock, staging a
// generation and publishing it, and removing what is no longer published. The layout
// and its rules are described in kb/index_folder.h. Internal to kb_core.
#pragma once

#include <filesystem>
#include <set>
#include <string>

namespace kb::detail {

// Holds an exclusive lock on <index_dir>/.lock so two builds never interleave.
class BuildLock {
 public:
  explicit BuildLock(const std::filesystem::path& dir);
  ~BuildLock();
  int fd() const { return fd_; }
  BuildLock(const BuildLock&) = delete;
  BuildLock& operator=(const BuildLock&) = delete;

 private:
  int fd_ = -1;
};

// Makes sure kb-index may write into `dir`: a new or empty folder (marked now), a folder
// carrying kb's marker, or a kb index from before the marker (marked now). Anything else
// is refused with Error(io_error), so that kb never deletes or replaces what it did not
// make.
void prepare_index_folder(const std::filesystem::path& dir);

// Throws Error(io_error) unless `current` is absent or a link kb made to one of its
// generations: only then may it be replaced.
void check_current_is_ours(const std::filesystem::path& dir);

// The name of the generation `current` links to, or "" when there is none.
std::string published_generation_name(const std::filesystem::path& dir);

// Removes generations that are neither published nor in `keep` (readers that opened the
// one just replaced a moment ago keep working on it), and leftovers of killed builds.
// Only folders carrying kb's generation marker and kb's own staged links are touched.
void collect_garbage(const std::filesystem::path& dir, const std::set<std::string>& keep);

// A fresh generation name, "gen-<UTC time to the microsecond>-<pid>".
std::string new_generation_name();

// Where generation `name` is written before it is published.
std::filesystem::path staging_path(const std::filesystem::path& dir, const std::string& name);

// Marks a folder as a generation kb wrote. Throws Error(io_error).
void mark_generation(const std::filesystem::path& generation_dir);

// Moves the written generation at `staged` into place as `name` and links `current` to
// it, atomically. Returns the generation's path. Throws Error(io_error); the published
// index is then the previous one.
std::filesystem::path publish_generation(const std::filesystem::path& dir,
                                         const std::filesystem::path& staged,
                                         const std::string& name);

}  // namespace kb::detail
