// The index writer in a child process.
//
// Xapian 1.4 can end the whole process instead of throwing when the disk fills up at the
// wrong moment: in glass's value-stream merge, a write error escapes a destructor
// (ValueUpdater) and std::terminate runs. So the generation is written by a child
// process; whatever happens to it, the caller gets an Error, the temporary generation is
// removed and the published index stays as it was.
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>
#include <string>

#include "index/generation_writer.h"
#include "kb/error.h"

namespace fs = std::filesystem;

namespace kb::detail {
namespace {

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
  writer_exit(
      std::string(kind_of_errno(err)) + "\nXapian gave up while writing: " + std::strerror(err), 3);
}

// Available bytes on the file system holding `path`, or -1 when unknown.
long long available_bytes(const fs::path& path) {
  struct statvfs vfs {};
  if (::statvfs(path.c_str(), &vfs) != 0) return -1;
  return static_cast<long long>(vfs.f_bavail) * static_cast<long long>(vfs.f_frsize);
}

}  // namespace

void write_generation_in_child(const Corpus& corpus, const fs::path& tmp,
                               const WriteProgress& progress, const BuildOptions& options,
                               int lock_fd) {
  run_writer_in_child([&] { write_generation(corpus, tmp.string(), progress, options); }, tmp,
                      lock_fd);
}

void run_writer_in_child(const std::function<void()>& write, const fs::path& tmp, int lock_fd) {
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0)
    throw Error(ErrorCode::io_error,
                std::string("cannot start the index writer: ") + std::strerror(errno));
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    int err = errno;
    ::close(report[0]);
    ::close(report[1]);
    throw Error(ErrorCode::io_error,
                std::string("cannot start the index writer: ") + std::strerror(err));
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
      write();
      writer_exit("", 0);
    } catch (const Xapian::Error& e) {
      const char* system_error = e.get_error_string();
      const char* kind = kind_error;
      for (int err : {ENOSPC, EDQUOT, EFBIG})
        if (system_error && std::strcmp(system_error, std::strerror(err)) == 0)
          kind = kind_of_errno(err);
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
    detail = std::string("the index writer was killed by signal ") +
             std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
    // A writer killed without a word on a file system that is now full ran out of space.
    auto available = available_bytes(tmp);
    if (available >= 0 && available < (64 << 10)) kind = kind_no_space;
  } else {
    detail = "the index writer stopped with status " +
             std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  std::string what = kind == kind_no_space ? "no space left on device (" + detail + ")"
                     : kind == kind_too_large
                         ? "a file would exceed the file-size limit, ulimit -f (" + detail + ")"
                         : detail;
  throw Error(ErrorCode::io_error, what);
}

bool only_thread_of_process() {
  std::error_code ec;
  std::size_t threads = 0;
  for (auto it = fs::directory_iterator("/proc/self/task", ec);
       !ec && it != fs::directory_iterator(); it.increment(ec))
    ++threads;
  return !ec && threads == 1;
}

}  // namespace kb::detail
