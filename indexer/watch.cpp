// kb-index --watch. One thread, one poll() over an inotify descriptor and a signalfd:
// SIGINT/SIGTERM stay blocked while a rebuild runs, so a stop arrives between publishes,
// never in the middle of one (the forked index writer inherits the blocked mask too).
#include "watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "build_warnings.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_writer.h"

namespace fs = std::filesystem;

namespace kb::indexer {
namespace {

constexpr std::uint32_t file_events =
    IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
constexpr std::uint32_t self_events = IN_DELETE_SELF | IN_MOVE_SELF;

// Editors write through temporaries (vim's 4913 probe and .swp, emacs's .#lock, backup~);
// rebuilding for them would publish nothing new, or catch a half-saved state.
bool is_editor_temp(const std::string& name) {
  if (name.empty() || name == "4913") return true;
  if (name.front() == '.') return true;  // load_corpus ignores hidden entries anyway
  if (name.back() == '~') return true;
  auto ends = [&](const char* s) {
    std::string suffix = s;
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".swp") || ends(".swx") || ends(".tmp");
}

class Watcher {
 public:
  Watcher(const WatchOptions& o) : opt_(o) {
    root_ = fs::weakly_canonical(o.corpus_dir);
    index_ = fs::weakly_canonical(o.index_dir);
  }

  int run() {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &stop, nullptr) != 0) return fail("cannot block signals");
    sigfd_ = signalfd(-1, &stop, SFD_CLOEXEC);
    inotify_ = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (sigfd_ < 0 || inotify_ < 0) return fail(std::string("inotify: ") + std::strerror(errno));
    if (!fs::is_directory(root_)) return fail("corpus folder " + opt_.corpus_dir + " not found");
    // Watches first, then the build: a change saved during the first build is not lost.
    add_tree(root_);
    rebuild(true);
    say("watching " + opt_.corpus_dir + " (debounce " + std::to_string(opt_.debounce_ms) +
            " ms); Ctrl-C stops",
        {{"event", "watching"}, {"corpus", opt_.corpus_dir}, {"debounce_ms", opt_.debounce_ms}});

    using clock = std::chrono::steady_clock;
    clock::time_point due{};
    while (true) {
      int timeout = -1;
      if (!changed_.empty()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(due - clock::now());
        timeout = static_cast<int>(std::max<long long>(0, left.count()));
      }
      pollfd fds[2] = {{sigfd_, POLLIN, 0}, {inotify_, POLLIN, 0}};
      int n = ::poll(fds, 2, timeout);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return fail(std::string("poll: ") + std::strerror(errno));
      if (fds[0].revents & POLLIN) {
        signalfd_siginfo info{};
        (void)!::read(sigfd_, &info, sizeof info);
        say("stopped (" + std::string(info.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM") + ")",
            {{"event", "stopped"}});
        return 0;
      }
      if (fds[1].revents & POLLIN) {
        std::size_t before = changed_.size();
        bool more = drain();
        if (root_gone_)
          return fail("the corpus folder " + opt_.corpus_dir +
                      " was removed or renamed; stopped watching");
        // Quiet time counts from the last relevant change, so a burst gives one rebuild.
        if (more || changed_.size() != before)
          due = clock::now() + std::chrono::milliseconds(opt_.debounce_ms);
        continue;
      }
      if (n == 0 && !changed_.empty()) {
        rebuild(false);
        changed_.clear();
      }
    }
  }

 private:
  int fail(const std::string& what) {
    std::cerr << "kb-index: " << what << "\n";
    if (opt_.json) std::cout << nlohmann::json{{"event", "error"}, {"error", what}}.dump() << "\n";
    std::cout.flush();
    return 1;
  }

  void say(const std::string& text, const nlohmann::json& j) {
    if (opt_.json)
      std::cout << j.dump() << "\n";
    else
      std::cout << text << "\n";
    std::cout.flush();  // a pipe reader (a test, a log collector) sees each line as it comes
  }

  bool inside_index(const fs::path& p) const {
    auto rel = p.lexically_relative(index_);
    return !rel.empty() && *rel.begin() != "..";
  }

  void add_tree(const fs::path& dir) {
    if (inside_index(dir)) return;  // kb's own output when INDEX_DIR is inside the corpus
    int wd = inotify_add_watch(
        inotify_, dir.c_str(),
        file_events | IN_ONLYDIR | IN_EXCL_UNLINK | (dir == root_ ? self_events : 0));
    if (wd < 0) {
      std::cerr << "kb-index: warning: cannot watch " << dir.string() << ": "
                << std::strerror(errno) << "\n";
      return;
    }
    if (dir == root_) root_wd_ = wd;
    dirs_[wd] = dir;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code tec;
      if (it->is_directory(tec) && !it->is_symlink(tec) &&
          !is_editor_temp(it->path().filename().string()))
        add_tree(it->path());
    }
  }

  // A folder moved away keeps its watches, which would go on reporting under the old
  // name (and from outside the corpus); if it comes back, IN_MOVED_TO adds them again.
  void forget_tree(const fs::path& dir) {
    for (auto it = dirs_.begin(); it != dirs_.end();) {
      auto rel = it->second.lexically_relative(dir);
      if (!rel.empty() && *rel.begin() != "..") {
        inotify_rm_watch(inotify_, it->first);
        it = dirs_.erase(it);
      } else {
        ++it;
      }
    }
  }

  // Reads every queued event; true when one calls for a rebuild.
  bool drain() {
    alignas(inotify_event) char buf[16384];
    bool relevant = false;
    while (true) {
      auto len = ::read(inotify_, buf, sizeof buf);
      if (len <= 0) break;
      for (char* p = buf; p < buf + len;) {
        auto* ev = reinterpret_cast<inotify_event*>(p);
        p += sizeof(inotify_event) + ev->len;
        if (ev->mask & IN_Q_OVERFLOW) {  // events were lost: look at everything again
          add_tree(root_);
          changed_.insert("(overflow)");
          relevant = true;
          continue;
        }
        if (ev->wd == root_wd_ && (ev->mask & (self_events | IN_IGNORED))) {
          root_gone_ = true;
          return true;
        }
        auto dir = dirs_.find(ev->wd);
        if (dir == dirs_.end()) continue;
        if (ev->mask & IN_IGNORED) {
          dirs_.erase(dir);
          continue;
        }
        if (!ev->len) continue;
        std::string name = ev->name;
        fs::path path = dir->second / name;
        if (is_editor_temp(name) || inside_index(path)) continue;
        // At the top only the corpus files count: a note or a build folder beside them
        // is not part of the corpus.
        if (dir->second == root_ && name != "catalog.xml" && name != "taxonomy.xml" &&
            name != "glossary.xml" && name != "documents")
          continue;
        if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) add_tree(path);
        if ((ev->mask & IN_ISDIR) && (ev->mask & IN_MOVED_FROM)) forget_tree(path);
        changed_.insert(path.lexically_relative(root_).string());
        relevant = true;
      }
    }
    return relevant;
  }

  void rebuild(bool first) {
    auto started = std::chrono::steady_clock::now();
    auto changes = nlohmann::json::array();
    for (const auto& c : changed_) changes.push_back(c);
    try {
      kb::ImportProgress progress;
      // Per-file progress for the first build only: after that, one line per rebuild.
      if (first && !opt_.quiet)
        progress = [](std::size_t done, std::size_t total, const std::string& file,
                      std::size_t units) {
          std::cerr << "[" << done << "/" << total << "] " << file << ": " << units << " units\n";
        };
      kb::UpdateOptions options;
      options.full = opt_.full;
      options.build.shards = opt_.shards;
      options.import_progress = progress;
      options.before_write = [&](const kb::Corpus& loaded) {
        report_warnings(loaded, opt_.strict, term::Style{false});
      };
      // Incremental when it can be: only the changed documents are imported again.
      auto update = kb::update_index(opt_.corpus_dir, opt_.index_dir, options);
      const auto& corpus = update.corpus;
      const auto& published = update.generation_dir;
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::ostringstream text;
      text << (first ? "built: " : "rebuilt: ") << update.counts.units << " units from "
           << corpus.sources.size() << " sources";
      if (update.incremental)
        text << " (" << update.updated + update.added << " re-indexed, " << update.removed
             << " removed)";
      if (auto n = corpus.warnings.size() + corpus.import_warnings.size())
        text << ", " << n << " warnings";
      text << ", published " << published << " (" << std::fixed << std::setprecision(2) << seconds
           << " s)";
      say(text.str(), {{"event", first ? "built" : "rebuilt"},
                       {"ok", true},
                       {"units", update.counts.units},
                       {"build", update.incremental ? "incremental" : "full"},
                       {"documents_updated", update.updated},
                       {"documents_added", update.added},
                       {"documents_removed", update.removed},
                       {"sources", corpus.sources.size()},
                       {"warnings", corpus.warnings.size()},
                       {"import_warnings", corpus.import_warnings.size()},
                       {"published", published},
                       {"changes", changes},
                       {"seconds", seconds}});
    } catch (const std::exception& e) {
      std::cerr << "kb-index: " << e.what() << "\n"
                << "kb-index: nothing was published; the index in " << opt_.index_dir
                << " is unchanged\n";
      say(std::string(first ? "build" : "rebuild") + " failed: " + e.what() +
              "; the index is unchanged",
          {{"event", first ? "built" : "rebuilt"},
           {"ok", false},
           {"error", e.what()},
           {"changes", changes}});
    }
  }

  WatchOptions opt_;
  fs::path root_, index_;
  int sigfd_ = -1, inotify_ = -1, root_wd_ = -1;
  bool root_gone_ = false;
  std::map<int, fs::path> dirs_;
  std::set<std::string> changed_;  // relative paths since the last rebuild
};

}  // namespace

int run_watch(const WatchOptions& options) {
  return Watcher(options).run();
}

}  // namespace kb::indexer
