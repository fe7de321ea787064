// Helpers of the scale-out tests: real tools in their own process group, free loopback
// ports, waiting for a listener.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace kb::testing {

using namespace std::chrono_literals;

// A tool (xapian-tcpsrv, nginx, ...) run in a process group of its own: xapian-tcpsrv
// answers SIGTERM by signalling its whole group, which must not be the test's. Killed
// with SIGKILL.
class Tool {
 public:
  explicit Tool(std::vector<std::string> argv, const std::string& log) {
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    int rc = posix_spawnp(&pid_, args[0], &actions, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  }
  ~Tool() { kill(); }
  Tool(const Tool&) = delete;
  Tool& operator=(const Tool&) = delete;
  void kill() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGCONT);  // a stopped group dies too
    ::kill(-pid_, SIGKILL);  // its group: nginx's workers, xapian-tcpsrv's forks
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // Sends `sig` to the tool's process group (SIGSTOP: a machine that hangs; SIGCONT).
  void signal_group(int sig) {
    if (pid_ > 0) ::kill(-pid_, sig);
  }
  // Waits for the tool to exit; its exit code.
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
};

// A loopback port nothing listens on now (the kernel's pick, then released).
inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// A search response without what differs between two runs of the same search.
inline std::string without_timing(const std::string& body) {
  auto j = nlohmann::json::parse(body);
  j.erase("took_ms");
  return j.dump();
}

inline bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// Waits until something listens on `port` (a tool just started); false after a minute.
inline bool wait_listening(int port) {
  for (int i = 0; i < 6000; ++i) {
    if (accepts(port)) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

}  // namespace kb::testing
