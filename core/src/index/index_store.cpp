#include "kb/index_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "kb/error.h"
#include "kb/schema.h"
#include "text/language.h"
#include "text/text_util.h"
#include "index/unit_codec.h"

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

// Holds an exclusive lock on <index_dir>/.lock so two builds never interleave.
class BuildLock {
 public:
  explicit BuildLock(const fs::path& dir) {
    auto path = (dir / ".lock").string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(ErrorCode::io_error, "cannot create " + path + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw Error(ErrorCode::io_error, "another kb-index is already building into " + dir.string());
    }
  }
  ~BuildLock() { ::close(fd_); }
  int fd() const { return fd_; }
  BuildLock(const BuildLock&) = delete;
  BuildLock& operator=(const BuildLock&) = delete;

 private:
  int fd_ = -1;
};

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

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

bool is_kb_generation(const fs::path& dir) { return is_real_folder(dir) && marker_of(dir) == generation_marker; }

// O_NOFOLLOW: a link planted under the marker's name is not written through.
void write_marker(const fs::path& dir, const char* first_line) {
  auto path = dir / marker_name;
  auto text = std::string(first_line) + "\n" + marker_explanation;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  bool written = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  int err = errno;
  if (fd >= 0 && ::close(fd) != 0 && written) {
    written = false;
    err = errno;
  }
  if (!written) throw Error(ErrorCode::io_error, "cannot write " + path.string() + ": " + std::strerror(err));
}

// What `current` may point to: a generation name in the same folder ("gen-…", no slash).
bool is_generation_name(const fs::path& target) {
  return !target.empty() && !target.has_parent_path() && starts_with(target.string(), generation_prefix);
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
    bool xapian = name == "iamglass" || name == "flintlock" || name == "v.tmp" || starts_with(name, "changes") ||
                  (name.size() > 6 && name.compare(name.size() - 6, 6, ".glass") == 0);
    if (!xapian || !fs::is_regular_file(entry.symlink_status(ec))) return false;
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

// Makes sure kb-index may write into `dir`: a new or empty folder (marked now), a folder
// carrying kb's marker, or a kb index from before the marker (marked now). Anything else
// is refused, so that kb never deletes or replaces what it did not make.
void prepare_index_folder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) throw Error(ErrorCode::io_error, "cannot create index folder " + dir.string() + ": " + ec.message());
    write_marker(dir, folder_marker);
    return;
  }
  if (!fs::is_directory(dir, ec))
    throw Error(ErrorCode::io_error, "the index folder " + dir.string() + " is not a folder");
  auto marker = marker_of(dir);
  if (marker == folder_marker) return;
  if (!marker.empty())
    throw Error(ErrorCode::io_error, dir.string() + "/" + marker_name + " says \"" + marker +
                                         "\", which this kb-index does not know; it leaves the folder alone");
  bool empty = true;  // a lone .lock is what a failed first build of an older kb-index leaves
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().filename() != ".lock" || !fs::is_regular_file(entry.symlink_status(ec))) empty = false;
  if (ec) throw Error(ErrorCode::io_error, "cannot read the index folder " + dir.string() + ": " + ec.message());
  if (empty) {
    write_marker(dir, folder_marker);
    return;
  }
  if (is_unmarked_kb_index(dir)) {
    add_markers_to_unmarked_index(dir);
    return;
  }
  throw Error(ErrorCode::io_error,
              dir.string() + " is not empty and is not a kb index folder (it has no " + marker_name +
                  " marker and no index made by kb-index); kb-index writes only into a new or empty folder "
                  "or one it made, and never deletes what it did not make: choose another folder, e.g. --out " +
                  (dir / "kb-index").string());
}

// `current` is replaced only when it is absent or a link kb made to one of its generations.
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
  throw Error(ErrorCode::io_error, link.string() +
                                       " is not the link kb-index makes to one of its generations; kb-index will "
                                       "not replace it: move it out of the index folder and run kb-index again");
}

void fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string new_generation_name() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "gen-%04d%02d%02dT%02d%02d%02d.%06lldZ-%d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros), ::getpid());
  return buf;
}

std::string iso_now() {
  auto secs = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct KindNames {
  const char* label;
  const char* plural;  // accepted as a filter alias ("--kind messages")
};

KindNames kind_names(const std::string& kind) {
  static const std::map<std::string, KindNames> names = {
      {kind::message, {"Message", "Messages"}},
      {kind::proof_point, {"Proof point", "Proof points"}},
      {kind::audience_guidance, {"Audience guidance", "Guidance"}},
      {kind::answer, {"Consultation answer", "Answers"}},
      {kind::passage, {"Passage", "Passages"}},
      {kind::signatory, {"Signatory", "Signatories"}},
      {kind::speaker, {"Speaker", "Speakers"}},
      {kind::organiser, {"Organiser", "Organisers"}},
      {kind::policy_question, {"Policy question", "Policy questions"}},
      {kind::glossary, {"Glossary entry", "Glossary"}}};
  auto it = names.find(kind);
  return it == names.end() ? KindNames{kind.c_str(), kind.c_str()} : it->second;
}

// What readers need to label, resolve and describe facet values.
nlohmann::json facet_values_json(const Corpus& corpus) {
  auto entries = [](const std::vector<TaxonomyEntry>& list) {
    auto arr = nlohmann::json::array();
    for (const auto& e : list)
      arr.push_back({{"value", e.id}, {"label", e.label}, {"aliases", e.aliases}, {"description", e.description}});
    return arr;
  };
  nlohmann::json j;
  j["audience"] = entries(corpus.taxonomy.audiences);
  j["theme"] = entries(corpus.taxonomy.themes);
  // Audiences named in documents but not in the taxonomy still need a label.
  std::set<std::string> known;
  for (const auto& a : corpus.taxonomy.audiences) known.insert(a.id);
  std::set<std::string> known_themes;
  for (const auto& t : corpus.taxonomy.themes) known_themes.insert(t.id);
  for (const auto& u : corpus.units) {
    for (const auto& a : u.audiences)
      if (known.insert(a.id).second)
        j["audience"].push_back({{"value", a.id}, {"label", u.kind == kind::audience_guidance ? u.title : a.id},
                                 {"aliases", nlohmann::json::array()}});
    for (const auto& t : u.themes)
      if (known_themes.insert(t.id).second)
        j["theme"].push_back({{"value", t.id}, {"label", t.id}, {"aliases", nlohmann::json::array()}});
  }
  j["kind"] = nlohmann::json::array();
  for (const auto& k : all_unit_kinds())
    j["kind"].push_back({{"value", k}, {"label", kind_names(k).label}, {"aliases", {kind_names(k).plural}}});
  j["source"] = nlohmann::json::array();
  for (const auto& s : corpus.sources)
    j["source"].push_back({{"value", s.id}, {"label", s.title}, {"aliases", {s.file}}});
  j["message"] = nlohmann::json::array();
  for (const auto& u : corpus.units) {
    if (u.kind != kind::message) continue;
    auto local = u.id.substr(u.source_id.size() + 1);
    auto label_prefix = u.cite.section.substr(u.cite.section.rfind("\xE2\x80\xBA") == std::string::npos
                                                  ? 0
                                                  : u.cite.section.rfind("\xE2\x80\xBA") + 4);
    j["message"].push_back({{"value", u.id}, {"label", u.title}, {"aliases", {local, label_prefix}}});
  }
  return j;
}

nlohmann::json sources_json(const Corpus& corpus) {
  auto arr = nlohmann::json::array();
  for (const auto& s : corpus.sources)
    arr.push_back({{"id", s.id},
                   {"file", s.file},
                   {"title", s.title},
                   {"publisher", s.publisher},
                   {"date", s.date},
                   {"kind", s.kind},
                   {"lang", s.lang},
                   {"url", s.url},
                   {"description", s.description}});
  return arr;
}

void add_synonyms(Xapian::WritableDatabase& db, const Glossary& glossary) {
  for (const auto& entry : glossary) {
    auto forms = entry.forms();
    for (const auto& from : forms) {
      auto key = text::lower_ascii(text::nfc(from));  // matched against NFC query words
      for (const auto& to : forms) {
        if (&to == &from) continue;
        auto value = text::lower_ascii(text::nfc(to));
        // Xapian expands a synonym into single terms; multi-word expansions are
        // handled by the query builder.
        if (value.find(' ') != std::string::npos || value == key) continue;
        db.add_synonym(key, value);
      }
    }
  }
}

nlohmann::json glossary_json(const Glossary& glossary) {
  auto arr = nlohmann::json::array();
  for (const auto& e : glossary) arr.push_back(e.forms());
  return arr;
}

void write_generation(const Corpus& corpus, const std::string& path,
                      const std::function<void(std::size_t, std::size_t)>& progress, const BuildOptions& options) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  Xapian::TermGenerator generator;
  generator.set_database(db);
  generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  // Stemmed terms keep positions too, so phrases match inflections and variant spellings.
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME_FULL_POS);
  generator.set_stopper_strategy(Xapian::TermGenerator::STOP_STEMMED);

  std::map<std::string, std::string> source_dates;
  for (const auto& s : corpus.sources) source_dates[s.id] = s.date;
  std::map<std::pair<std::string, std::string>, int> titles;  // (source, title) -> units
  for (const auto& u : corpus.units) ++titles[{u.source_id, u.title}];
  std::map<std::string, Xapian::Stem> stemmers;  // per unit language
  std::set<std::string> langs;
  unsigned ordinal = 0;
  // Xapian holds every posting, position and spelling fragment of the build in memory
  // until a commit, several hundred bytes per distinct word: one commit at the end
  // made a 4 MB document of distinct words cost 800 MB. Committing after each slice of
  // text bounds that buffer; nothing is published before the generation is complete.
  std::size_t text_since_commit = 0;
  constexpr std::size_t commit_every_text_bytes = 256 << 10;
  // Spelling data (for "Did you mean") comes from the first part of each document: its
  // vocabulary is there, and every commit rewrites the whole spelling table, so a huge
  // document of distinct tokens (a dump, base64) would make the build quadratic.
  std::map<std::string, std::size_t> spelling_text;  // per source, bytes given to spelling
  constexpr std::size_t spelling_text_bytes_per_source = 1 << 20;
  for (const auto& u : corpus.units) {
    auto stem = stemmers.find(u.lang);
    if (stem == stemmers.end())
      stem = stemmers.emplace(u.lang, detail::stemmer_for(u.lang, options.english_stemmer)).first;
    generator.set_stemmer(stem->second);
    generator.set_stopper(detail::stopper_for(u.lang, options.english_stopwords));
    langs.insert(u.lang);
    auto& spelled = spelling_text[u.source_id];
    generator.set_flags(spelled < spelling_text_bytes_per_source ? Xapian::TermGenerator::FLAG_SPELLING
                                                                 : Xapian::TermGenerator::flags(0));
    spelled += u.title.size() + u.text.size();
    bool shared_title = titles[{u.source_id, u.title}] > 1;
    db.add_document(detail::unit_document(u, source_dates[u.source_id], ++ordinal, generator, options, shared_title));
    text_since_commit += u.title.size() + u.text.size();
    if (text_since_commit >= commit_every_text_bytes) {
      db.commit();
      text_since_commit = 0;
    }
    if (progress && (ordinal % 500 == 0 || ordinal == corpus.units.size())) progress(ordinal, corpus.units.size());
  }
  add_synonyms(db, corpus.glossary);
  db.set_metadata(std::string(schema::meta_schema_version), std::to_string(schema::version));
  db.set_metadata(std::string(schema::meta_facet_values), facet_values_json(corpus).dump());
  db.set_metadata(std::string(schema::meta_sources), sources_json(corpus).dump());
  db.set_metadata(std::string(schema::meta_glossary), glossary_json(corpus.glossary).dump());
  db.set_metadata(std::string(schema::meta_built_at), iso_now());
  db.set_metadata(std::string(schema::meta_langs), nlohmann::json(langs).dump());
  db.set_metadata(std::string(schema::meta_build), nlohmann::json{{"title_weight", options.title_weight},
                                                                   {"inherited_title_weight", options.inherited_title_weight},
                                                                   {"english_stemmer", options.english_stemmer},
                                                                   {"english_stopwords", options.english_stopwords}}
                                                        .dump());
  db.commit();
  db.close();
}

// Removes generations that are neither published nor the one just replaced (readers
// that opened it a moment ago keep working on it), and leftovers of killed builds. Only
// folders carrying kb's generation marker and kb's own staged links are touched.
void collect_garbage(const fs::path& dir, const std::set<std::string>& keep) {
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto name = entry.path().filename().string();
    bool generation = starts_with(name, generation_prefix) && !keep.count(name);
    bool leftover = starts_with(name, ".tmp-gen-");
    if ((generation || leftover) && is_kb_generation(entry.path())) doomed.push_back(entry.path());
    std::error_code link_ec;
    if (starts_with(name, ".tmp-link-") && fs::is_symlink(entry.symlink_status(link_ec)) &&
        is_generation_name(fs::read_symlink(entry.path(), link_ec)) && !link_ec)
      doomed.push_back(entry.path());
  }
  for (const auto& path : doomed) fs::remove_all(path, ec);
}

// ---- Writing a generation in a child process ----
//
// Xapian 1.4 can end the whole process instead of throwing when the disk fills up at the
// wrong moment: in glass's value-stream merge, a write error escapes a destructor
// (ValueUpdater) and std::terminate runs. So the generation is written by a child
// process; whatever happens to it, the caller gets an Error, the temporary generation is
// removed and the published index stays as it was.

// What the writer tells its parent: a kind line, then the detail.
constexpr const char* kind_no_space = "no-space";
constexpr const char* kind_too_large = "too-large";
constexpr const char* kind_error = "error";

int writer_report_fd = -1;  // in the writer: its end of the report pipe

const char* kind_of_errno(int err) {
  if (err == ENOSPC || err == EDQUOT) return kind_no_space;
  if (err == EFBIG) return kind_too_large;
  return kind_error;
}

[[noreturn]] void writer_exit(const std::string& report, int code) {
  const char* p = report.data();
  std::size_t left = report.size();
  while (left > 0) {
    auto n = ::write(writer_report_fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  ::_exit(code);
}

// Runs when Xapian lets an exception escape a destructor. errno still holds the failed
// write's error: nothing between that write and the unwinder's call here sets it.
[[noreturn]] void writer_terminated() {
  int err = errno;
  writer_exit(std::string(kind_of_errno(err)) + "\nXapian gave up while writing: " + std::strerror(err), 3);
}

// Available bytes on the file system holding `path`, or -1 when unknown.
long long available_bytes(const fs::path& path) {
  struct statvfs vfs {};
  if (::statvfs(path.c_str(), &vfs) != 0) return -1;
  return static_cast<long long>(vfs.f_bavail) * static_cast<long long>(vfs.f_frsize);
}

// True when the calling thread is the process's only one (kb-index), so fork() is safe.
bool only_thread_of_process() {
  std::error_code ec;
  std::size_t threads = 0;
  for (auto it = fs::directory_iterator("/proc/self/task", ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    ++threads;
  return !ec && threads == 1;
}

// Writes the generation into `tmp` in a child process; throws Error(io_error) saying why
// when it did not complete.
void write_generation_isolated(const Corpus& corpus, const fs::path& tmp,
                               const std::function<void(std::size_t, std::size_t)>& progress,
                               const BuildOptions& options, int lock_fd) {
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0)
    throw Error(ErrorCode::io_error, std::string("cannot start the index writer: ") + std::strerror(errno));
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    int err = errno;
    ::close(report[0]);
    ::close(report[1]);
    throw Error(ErrorCode::io_error, std::string("cannot start the index writer: ") + std::strerror(err));
  }
  if (pid == 0) {
    ::close(report[0]);
    writer_report_fd = report[1];
    // The writer must neither hold the build lock nor outlive a killed kb-index.
    ::close(lock_fd);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(4);
    std::set_terminate(writer_terminated);
    try {
      write_generation(corpus, tmp.string(), progress, options);
      writer_exit("", 0);
    } catch (const Xapian::Error& e) {
      const char* system_error = e.get_error_string();
      const char* kind = kind_error;
      for (int err : {ENOSPC, EDQUOT, EFBIG})
        if (system_error && std::strcmp(system_error, std::strerror(err)) == 0) kind = kind_of_errno(err);
      writer_exit(std::string(kind) + "\n" + e.get_description(), 1);
    } catch (const std::exception& e) {
      writer_exit(std::string(kind_error) + "\n" + e.what(), 1);
    } catch (...) {
      writer_exit(std::string(kind_error) + "\nunknown exception", 1);
    }
  }
  ::close(report[1]);
  std::string message;
  char buf[512];
  for (;;) {
    auto n = ::read(report[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    message.append(buf, static_cast<std::size_t>(n));
  }
  ::close(report[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && message.empty()) return;

  std::string kind = kind_error, detail;
  if (auto nl = message.find('\n'); nl != std::string::npos) {
    kind = message.substr(0, nl);
    detail = message.substr(nl + 1);
  } else if (WIFSIGNALED(status)) {
    detail = std::string("the index writer was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
             strsignal(WTERMSIG(status)) + ")";
    // A writer killed without a word on a file system that is now full ran out of space.
    auto available = available_bytes(tmp);
    if (available >= 0 && available < (64 << 10)) kind = kind_no_space;
  } else {
    detail = "the index writer stopped with status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  std::string what = kind == kind_no_space   ? "no space left on device (" + detail + ")"
                     : kind == kind_too_large ? "a file would exceed the file-size limit, ulimit -f (" + detail + ")"
                                              : detail;
  throw Error(ErrorCode::io_error, what);
}

}  // namespace

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
  if (ec) {
    if (!fs::exists(index_dir))
      throw Error(ErrorCode::index_not_found,
                  "no index at " + index_dir + "; build one with: kb-index --out " + index_dir);
    throw Error(ErrorCode::index_not_found,
                "nothing published in " + index_dir + " (no 'current' link); build one with: kb-index --out " +
                    index_dir);
  }
  auto generation = target.is_absolute() ? target : fs::path(index_dir) / target;
  if (!fs::is_directory(generation))
    throw Error(ErrorCode::index_error, "the published index " + generation.string() + " is missing");
  return generation.string();
}

PublishReport publish_index(const Corpus& corpus, const std::string& index_dir,
                            const std::function<void(std::size_t, std::size_t)>& progress,
                            const BuildOptions& options) {
  if (options.english_stemmer != detail::porter2 && options.english_stemmer != detail::porter)
    throw Error(ErrorCode::invalid_argument, "unknown English stemmer \"" + options.english_stemmer +
                                                 "\"; use \"english\" (Porter2) or \"porter\"");
  if (detail::stopwords("en", options.english_stopwords).empty() ||
      (options.english_stopwords != detail::stop_basic && options.english_stopwords != detail::stop_lucene &&
       options.english_stopwords != detail::stop_extended))
    throw Error(ErrorCode::invalid_argument, "unknown English stopword list \"" + options.english_stopwords +
                                                 "\"; use basic, lucene or extended");
  fs::path dir(index_dir);
  std::error_code ec;
  prepare_index_folder(dir);
  BuildLock lock(dir);
  check_current_is_ours(dir);

  std::string previous;
  if (auto target = fs::read_symlink(dir / current_link, ec); !ec) previous = target.filename().string();
  collect_garbage(dir, {previous});

  auto name = new_generation_name();
  auto tmp = dir / (std::string(tmp_prefix) + name);
  fs::create_directory(tmp, ec);
  if (ec) throw Error(ErrorCode::io_error, "cannot create " + tmp.string() + ": " + ec.message());
  try {
    write_marker(tmp, generation_marker);
    if (only_thread_of_process()) {
      write_generation_isolated(corpus, tmp, progress, options, lock.fd());
    } else {
      // fork() in a process with other threads can leave the child waiting forever for a
      // lock (malloc's, the sanitizers') that another thread held at the fork; such callers
      // (a daemon or test publishing in process) write here, as before the isolation.
      try {
        write_generation(corpus, tmp.string(), progress, options);
      } catch (const Xapian::Error& e) {
        throw Error(ErrorCode::io_error, e.get_description());
      }
    }
  } catch (const Error& e) {
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::io_error, "writing a new index generation in " + index_dir + " failed: " + e.what() +
                                         "; the temporary generation was removed and the published index is "
                                         "unchanged");
  }
  auto final_path = dir / name;
  fs::rename(tmp, final_path, ec);
  if (ec) {
    auto reason = ec.message();
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::io_error, "cannot move the new index into place: " + reason);
  }
  fsync_dir(dir);

  // Publish: a new symlink renamed over the old one, atomically. The staged name is new
  // (pid and generation), so nothing of anyone else's is in the way.
  auto staged = dir / (std::string(tmp_prefix) + "link-" + name);
  fs::create_symlink(name, staged, ec);
  bool staged_made = !ec;
  if (staged_made) fs::rename(staged, dir / current_link, ec);
  if (ec) {
    auto reason = ec.message();
    if (staged_made) fs::remove(staged, ec);
    throw Error(ErrorCode::io_error, "cannot publish the new index in " + index_dir + ": " + reason);
  }
  fsync_dir(dir);
  collect_garbage(dir, {name, previous});
  return {final_path.string(), corpus.units.size()};
}

}  // namespace kb
