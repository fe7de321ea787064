#include "index/folder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <vector>

#include "index/shards.h"
#include "kb/error.h"
#include "kb/index_folder.h"
#include "kb/schema.h"

namespace fs = std::filesystem;

namespace kb {
namespace {

constexpr const char* current_link = "current";
constexpr const char* tmp_prefix = ".tmp-";
constexpr const char* generation_prefix = "gen-";

// kb's marker: a `.kb-index` file whose first line names what the folder is. kb-index
// removes or replaces only what carries it (see README, "The index folder").
constexpr const char* marker_name = ".kb-index";
constexpr const char* folder_marker = "kb index folder, format 1";
constexpr const char* generation_marker = "kb index generation, format 1";
constexpr const char* marker_explanation =
    "Made by kb-index. kb-index removes or replaces only what carries this marker: generation\n"
    "folders holding a .kb-index file and its own 'current' link. Anything else is left alone.\n";

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

// A folder itself, not a symlink to one: kb never follows links when deciding what to remove.
bool is_real_folder(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(path, ec));
}

// The first line of <dir>/.kb-index, or "" when there is no such regular file.
std::string marker_of(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(dir / marker_name, ec))) return {};
  std::ifstream in(dir / marker_name);
  std::string line;
  std::getline(in, line);
  return line;
}

bool is_kb_generation(const fs::path& dir) {
  return is_real_folder(dir) && marker_of(dir) == generation_marker;
}

// The whole text of a marker file whose first line is `first_line`.
std::string marker_text(const char* first_line) {
  return std::string(first_line) + "\n" + marker_explanation;
}

// O_NOFOLLOW: a link planted under the marker's name is not written through.
void write_marker(const fs::path& dir, const char* first_line) {
  auto path = dir / marker_name;
  auto text = marker_text(first_line);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  bool written =
      fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  int err = errno;
  if (fd >= 0 && ::close(fd) != 0 && written) {
    written = false;
    err = errno;
  }
  if (!written)
    throw Error(ErrorCode::io_error, "cannot write " + path.string() + ": " + std::strerror(err));
}

// What `current` may point to: a generation name in the same folder ("gen-…", no slash).
bool is_generation_name(const fs::path& target) {
  return !target.empty() && !target.has_parent_path() &&
         starts_with(target.string(), generation_prefix);
}

// A generation written by kb before the marker existed: a Xapian database with kb's schema.
bool holds_kb_database(const fs::path& dir) {
  if (!is_real_folder(dir)) return false;
  try {
    Xapian::Database db(dir.string());
    return !db.get_metadata(std::string(schema::meta_schema_version)).empty();
  } catch (const Xapian::Error&) {
    return false;
  }
}

// The leftover of a build killed before the marker existed: nothing but Xapian's own files.
bool holds_only_xapian_files(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto name = entry.path().filename().string();
    bool xapian = name == "iamglass" || name == "flintlock" || name == "v.tmp" ||
                  starts_with(name, "changes") ||
                  (name.size() > 6 && name.compare(name.size() - 6, 6, ".glass") == 0);
    if (!xapian || !fs::is_regular_file(entry.symlink_status(ec))) return false;
  }
  return !ec;
}

// A staging folder of a build killed between creating it and finishing its marker: empty,
// or holding only a marker file that is a prefix of the one kb writes. Nothing is lost by
// removing it, and no build is using it while the caller holds the build lock.
bool is_unfinished_staging(const fs::path& dir) {
  if (!is_real_folder(dir)) return false;
  const auto full = marker_text(generation_marker);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().filename() != marker_name || !fs::is_regular_file(entry.symlink_status(ec)))
      return false;
    auto size = fs::file_size(entry.path(), ec);
    std::ifstream in(entry.path(), std::ios::binary);
    if (ec || size > full.size() || !in) return false;
    std::string text(size, '\0');
    if (!in.read(text.data(), static_cast<std::streamsize>(size)) || full.compare(0, size, text))
      return false;
  }
  return !ec;
}

// An index folder made by kb-index before the marker: `current` is a link to a gen-*
// folder holding a Xapian database with kb's schema metadata.
bool is_unmarked_kb_index(const fs::path& dir) {
  std::error_code ec;
  auto link = dir / current_link;
  if (!fs::is_symlink(fs::symlink_status(link, ec))) return false;
  auto target = fs::read_symlink(link, ec);
  return !ec && is_generation_name(target) && holds_kb_database(dir / target);
}

// Marks an index folder from before the marker, and the generations in it that provably
// are kb's, so that they can be garbage-collected like any other.
void add_markers_to_unmarked_index(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto name = entry.path().filename().string();
    if (!is_real_folder(entry.path()) || !marker_of(entry.path()).empty()) continue;
    bool generation = starts_with(name, generation_prefix) && holds_kb_database(entry.path());
    bool leftover = starts_with(name, ".tmp-gen-") && holds_only_xapian_files(entry.path());
    if (generation || leftover) write_marker(entry.path(), generation_marker);
  }
  if (ec) throw Error(ErrorCode::io_error, "cannot list " + dir.string() + ": " + ec.message());
  write_marker(dir, folder_marker);  // last: an interrupted upgrade is recognised again
}

void fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

namespace detail {

void prepare_index_folder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec)
      throw Error(ErrorCode::io_error,
                  "cannot create index folder " + dir.string() + ": " + ec.message());
    write_marker(dir, folder_marker);
    return;
  }
  if (!fs::is_directory(dir, ec))
    throw Error(ErrorCode::io_error, "the index folder " + dir.string() + " is not a folder");
  auto marker = marker_of(dir);
  if (marker == folder_marker) return;
  if (!marker.empty())
    throw Error(ErrorCode::io_error,
                dir.string() + "/" + marker_name + " says \"" + marker +
                    "\", which this kb-index does not know; it leaves the folder alone");
  bool empty = true;  // a lone .lock is what a failed first build of an older kb-index leaves
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().filename() != ".lock" || !fs::is_regular_file(entry.symlink_status(ec)))
      empty = false;
  if (ec)
    throw Error(ErrorCode::io_error,
                "cannot read the index folder " + dir.string() + ": " + ec.message());
  if (empty) {
    write_marker(dir, folder_marker);
    return;
  }
  if (is_unmarked_kb_index(dir)) {
    add_markers_to_unmarked_index(dir);
    return;
  }
  throw Error(
      ErrorCode::io_error,
      dir.string() + " is not empty and is not a kb index folder (it has no " + marker_name +
          " marker and no index made by kb-index); kb-index writes only into a new or empty folder "
          "or one it made, and never deletes what it did not make: choose another folder, e.g. "
          "--out " +
          (dir / "kb-index").string());
}

void check_current_is_ours(const fs::path& dir) {
  std::error_code ec;
  auto link = dir / current_link;
  auto status = fs::symlink_status(link, ec);
  if (!fs::exists(status)) return;
  if (fs::is_symlink(status)) {
    auto target = fs::read_symlink(link, ec);
    if (!ec && is_generation_name(target) &&
        (!fs::exists(fs::symlink_status(dir / target, ec)) || is_kb_generation(dir / target)))
      return;
  }
  throw Error(ErrorCode::io_error,
              link.string() +
                  " is not the link kb-index makes to one of its generations; kb-index will "
                  "not replace it: move it out of the index folder and run kb-index again");
}

BuildLock::BuildLock(const fs::path& dir) {
  auto path = (dir / ".lock").string();
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw Error(ErrorCode::io_error, "cannot create " + path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw Error(ErrorCode::io_error, "another kb-index is already building into " + dir.string());
  }
}

BuildLock::~BuildLock() {
  ::close(fd_);
}

std::string published_generation_name(const fs::path& dir) {
  std::error_code ec;
  if (auto target = fs::read_symlink(dir / current_link, ec); !ec)
    return target.filename().string();
  return {};
}

void collect_garbage(const fs::path& dir, const std::set<std::string>& keep) {
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto name = entry.path().filename().string();
    bool generation = starts_with(name, generation_prefix) && !keep.count(name);
    bool leftover = starts_with(name, ".tmp-gen-");
    if (((generation || leftover) && is_kb_generation(entry.path())) ||
        (leftover && is_unfinished_staging(entry.path())))
      doomed.push_back(entry.path());
    std::error_code link_ec;
    if (starts_with(name, ".tmp-link-") && fs::is_symlink(entry.symlink_status(link_ec)) &&
        is_generation_name(fs::read_symlink(entry.path(), link_ec)) && !link_ec)
      doomed.push_back(entry.path());
  }
  for (const auto& path : doomed) fs::remove_all(path, ec);
}

std::string new_generation_name() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() %
      1000000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "gen-%04d%02d%02dT%02d%02d%02d.%06lldZ-%d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(micros), ::getpid());
  return buf;
}

fs::path staging_path(const fs::path& dir, const std::string& name) {
  return dir / (std::string(tmp_prefix) + name);
}

void mark_generation(const fs::path& generation_dir) {
  write_marker(generation_dir, generation_marker);
}

fs::path publish_generation(const fs::path& dir, const fs::path& staged, const std::string& name) {
  std::error_code ec;
  auto final_path = dir / name;
  fs::rename(staged, final_path, ec);
  if (ec) {
    auto reason = ec.message();
    fs::remove_all(staged, ec);
    throw Error(ErrorCode::io_error, "cannot move the new index into place: " + reason);
  }
  fsync_dir(dir);

  // A new symlink renamed over the old one, atomically. The staged name is new (pid and
  // generation), so nothing of anyone else's is in the way.
  auto link = dir / (std::string(tmp_prefix) + "link-" + name);
  fs::create_symlink(name, link, ec);
  bool link_made = !ec;
  if (link_made) fs::rename(link, dir / current_link, ec);
  if (ec) {
    auto reason = ec.message();
    if (link_made) fs::remove(link, ec);
    throw Error(ErrorCode::io_error,
                "cannot publish the new index in " + dir.string() + ": " + reason);
  }
  fsync_dir(dir);
  return final_path;
}

}  // namespace detail

std::string default_index_dir() {
  if (auto v = env_or_empty("KB_INDEX"); !v.empty()) return v;
  if (auto xdg = env_or_empty("XDG_DATA_HOME"); !xdg.empty()) return xdg + "/kb/index";
  if (auto home = env_or_empty("HOME"); !home.empty()) return home + "/.local/share/kb/index";
  return "kb-index";
}

std::string resolve_published_generation(const std::string& index_dir) {
  fs::path link = fs::path(index_dir) / current_link;
  std::error_code ec;
  auto target = fs::read_symlink(link, ec);
  if (ec && fs::is_regular_file(fs::path(index_dir) / "XAPIANDB")) {
    // A replica kept by xapian-replicate: its stub names the live copy (replica_0 or
    // replica_1), which the client switches to after writing a new one whole. A
    // sharded generation's own stub names several shards: that folder is a generation.
    auto entries = detail::read_stub(index_dir);
    if (entries.size() == 1 && !entries.front().remote &&
        entries.front().name.rfind("replica_", 0) == 0) {
      if (!fs::is_directory(entries.front().path))
        throw Error(ErrorCode::index_error, "the replica " + entries.front().path + " that " +
                                                index_dir + "/XAPIANDB names is missing");
      return entries.front().path;
    }
    return index_dir;
  }
  if (ec) {
    if (!fs::exists(index_dir))
      throw Error(ErrorCode::index_not_found,
                  "no index at " + index_dir + "; build one with: kb-index --out " + index_dir);
    throw Error(ErrorCode::index_not_found,
                "nothing published in " + index_dir +
                    " (no 'current' link); build one with: kb-index --out " + index_dir);
  }
  auto generation = target.is_absolute() ? target : fs::path(index_dir) / target;
  if (!fs::is_directory(generation))
    throw Error(ErrorCode::index_error,
                "the published index " + generation.string() + " is missing");
  return generation.string();
}

}  // namespace kb
