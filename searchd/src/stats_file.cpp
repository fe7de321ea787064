#include "stats_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "kb/error.h"

namespace kb::http {

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw Error(ErrorCode::io_error, what + ": " + std::strerror(errno));
}

// Closes a descriptor on every way out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

void write_file_atomically(const std::string& path, const std::string& text) {
  std::filesystem::path target(path);
  auto folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  auto temp = target.string() + ".tmp-" + std::to_string(::getpid());
  {
    Fd out{::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
    if (out.fd < 0) fail("cannot create " + temp);
    std::size_t done = 0;
    while (done < text.size()) {
      auto n = ::write(out.fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        auto saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        fail("cannot write " + temp);
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(out.fd) != 0) {
      auto saved = errno;
      ::unlink(temp.c_str());
      errno = saved;
      fail("cannot sync " + temp);
    }
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    auto saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    fail("cannot rename " + temp + " to " + path);
  }
  Fd dir{::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir.fd >= 0) ::fsync(dir.fd);  // the rename itself made durable; best effort
}

StatsFile::StatsFile(std::string path, SearchStats& stats, std::chrono::milliseconds interval)
    : path_(std::move(path)), stats_(stats), interval_(interval) {
  std::filesystem::path target(path_);
  auto folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec))
    throw Error(ErrorCode::io_error,
                "stats file " + path_ + ": its folder " + folder.string() + " does not exist");
  if (std::filesystem::exists(target, ec)) {
    std::ifstream in(path_, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) throw Error(ErrorCode::io_error, "cannot read stats file " + path_);
    try {
      stats_.from_file(nlohmann::json::parse(text));
    } catch (const std::exception& e) {
      throw Error(ErrorCode::io_error, "stats file " + path_ + " is damaged (" + e.what() +
                                           "); it has been left as it is: repair it, or move "
                                           "it away to start the statistics afresh");
    }
  }
  written_ = stats_.version();
  writer_ = std::thread([this] { run(); });
}

StatsFile::~StatsFile() {
  stop();
}

void StatsFile::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
  flush();
}

void StatsFile::flush() {
  std::lock_guard lock(mutex_);
  auto version = stats_.version();
  if (version == written_) return;
  try {
    write_file_atomically(
        path_,
        stats_.to_file().dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    written_ = version;
    if (failing_) std::cerr << "kb-searchd: stats file " << path_ << " written again\n";
    failing_ = false;
  } catch (const std::exception& e) {
    if (!failing_)
      std::cerr << "kb-searchd: the search statistics are kept in memory only for now: " << e.what()
                << "\n";
    failing_ = true;
  }
}

void StatsFile::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    flush();
    lock.lock();
  }
}

}  // namespace kb::http
