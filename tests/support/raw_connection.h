// A raw TCP connection to a server on loopback, for what an HTTP client library will not
// send (partial, dripped, pipelined or malformed requests) and for seeing when the server
// closes the connection.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kb::testing {

class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed (out of file descriptors?)");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect failed");
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False once the server has closed (or reset) the connection.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads what has arrived within `timeout`; true when the server closed the connection
  // (end of input or reset) by then. What arrived is in received().
  bool wait_closed(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      int ready = ::poll(&p, 1, static_cast<int>(std::max<long long>(0, left.count())));
      if (ready <= 0) return false;
      char chunk[65536];
      auto n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n > 0)
        received_.append(chunk, static_cast<std::size_t>(n));
      else
        closed_ = true;
    }
    return true;
  }

  // True when the server has sent something or closed the connection, without waiting.
  bool server_acted() {
    wait_closed(std::chrono::milliseconds(0));
    return closed_ || !received_.empty();
  }

  const std::string& received() const { return received_; }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  bool closed_ = false;
  std::string received_;
};

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

// Splits bytes received on one connection into the HTTP/1.1 responses they hold
// (bodies delimited by Content-Length, as kb-searchd sends them).
inline std::vector<RawResponse> parse_responses(std::string_view data) {
  std::vector<RawResponse> responses;
  while (!data.empty()) {
    auto end = data.find("\r\n\r\n");
    if (end == std::string_view::npos || data.substr(0, 9).rfind("HTTP/1.", 0) != 0) break;
    RawResponse r;
    r.status = std::stoi(std::string(data.substr(9, 3)));
    auto head = data.substr(0, end);
    std::size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos && pos < head.size()) {
      auto next = head.find("\r\n", pos + 2);
      auto line =
          head.substr(pos + 2, (next == std::string_view::npos ? head.size() : next) - pos - 2);
      auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        r.headers[name] = std::string(value);
      }
      pos = next;
    }
    std::size_t length =
        r.headers.count("content-length") ? std::stoul(r.headers["content-length"]) : 0;
    if (data.size() < end + 4 + length) break;
    r.body = std::string(data.substr(end + 4, length));
    data.remove_prefix(end + 4 + length);
    responses.push_back(std::move(r));
  }
  return responses;
}

// Tests that hold hundreds of sockets open need more than the usual soft limit of 1024
// descriptors (each socket is counted twice when the server runs in the test process).
inline void raise_open_file_limit() {
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
}

inline std::size_t open_file_limit() {
  rlimit files{};
  return ::getrlimit(RLIMIT_NOFILE, &files) == 0 ? static_cast<std::size_t>(files.rlim_cur) : 1024;
}

}  // namespace kb::testing
