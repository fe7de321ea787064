#include "http_front.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

#include "compression.h"
#include "job_queue.h"

namespace kb::http {
namespace {

using Clock = std::chrono::steady_clock;

// A connection that was answered and is being closed is drained this long, so the
// client reads the answer before the close (a close with unread input sends a reset).
constexpr std::chrono::milliseconds kLingerTime{2000};
// File descriptors kept free of connections, for index files and the access log.
constexpr rlim_t kReservedDescriptors = 128;

thread_local bool response_closes_connection = false;
// The Accept-Encoding of the request being answered on this thread (taken out of its head).
thread_local std::string request_accept_encoding;

bool is_blank(std::string_view line) {
  return line.empty() || line == "\r";
}

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool names_header(std::string_view line, std::string_view name) {
  auto colon = line.find(':');
  if (colon != name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

void close_socket(int fd) {
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

void numeric_address(const sockaddr* addr, socklen_t len, std::string& ip, int& port) {
  char host[NI_MAXHOST] = "";
  char serv[NI_MAXSERV] = "";
  if (::getnameinfo(addr, len, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host;
    port = std::atoi(serv);
  }
}

const char* reason_of(int status) {
  switch (status) {
    case 408:
      return "Request Timeout";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Bad Request";
  }
}

}  // namespace

RequestHead read_request_head(std::string_view buffer, std::size_t max_line, std::size_t max_head) {
  RequestHead head;
  std::size_t pos = 0;
  bool first = true;
  while (true) {
    auto nl = buffer.find('\n', pos);
    auto line_length = (nl == std::string_view::npos ? buffer.size() : nl + 1) - pos;
    if (first && line_length > max_line) {
      head.status = RequestHead::Status::uri_too_long;
      return head;
    }
    if (nl == std::string_view::npos) {
      if (buffer.size() > max_head) head.status = RequestHead::Status::too_large;
      return head;
    }
    if (nl + 1 > max_head) {
      head.status = RequestHead::Status::too_large;
      return head;
    }
    auto line = buffer.substr(pos, nl - pos);
    pos = nl + 1;
    if (is_blank(line)) {
      // Empty lines before the request line are skipped (RFC 9112, 2.2); after it, one ends the
      // head.
      if (first) continue;
      head.normalized += "\r\n";
      head.consumed = pos;
      head.status = RequestHead::Status::complete;
      return head;
    }
    line = without_cr(line);
    first = false;
    if (names_header(line, "range") || names_header(line, "if-range")) continue;
    if (names_header(line, "accept-encoding")) {
      auto value = line.substr(line.find(':') + 1);
      if (!head.accept_encoding.empty()) head.accept_encoding += ',';
      head.accept_encoding.append(value);
      continue;
    }
    head.normalized.append(line).append("\r\n");
  }
}

RequestHead::Status HeadScanner::scan(std::string_view buffer, std::size_t max_line,
                                      std::size_t max_head) {
  for (; scanned_ < buffer.size(); ++scanned_) {
    if (buffer[scanned_] != '\n') continue;
    auto line = buffer.substr(line_start_, scanned_ - line_start_);
    if (first_line_ && line.size() + 1 > max_line) return RequestHead::Status::uri_too_long;
    if (scanned_ + 1 > max_head) return RequestHead::Status::too_large;
    line_start_ = scanned_ + 1;
    if (!is_blank(line)) {
      in_head_ = true;
      first_line_ = false;
    } else if (in_head_) {
      ++scanned_;
      return RequestHead::Status::complete;
    }
  }
  if (first_line_ && buffer.size() - line_start_ > max_line)
    return RequestHead::Status::uri_too_long;
  if (buffer.size() > max_head) return RequestHead::Status::too_large;
  return RequestHead::Status::incomplete;
}

struct FrontServer::Connection {
  enum class State {
    fresh,      // accepted, no byte yet: closed silently at the header deadline
    idle,       // kept alive after an answer, no byte yet: closed silently after keep_alive_timeout
    reading,    // part of a request head came: 408 at the header deadline
    lingering,  // answered and shut for writing: input discarded until the client closes
  };
  int fd = -1;
  std::string client_ip;
  int client_port = -1;
  std::string buffer;           // bytes received and not yet answered
  std::size_t head_size = 0;    // while with a worker: the normalized head at the start of buffer
  std::string accept_encoding;  // while with a worker: the request's, taken out of its head
  Clock::time_point arrived;    // while with a worker: when its head was complete
  HeadScanner scanner;
  State state = State::fresh;
  Clock::time_point deadline;
  std::size_t served = 0;    // requests answered on this connection
  bool peer_closed = false;  // the client shut its side after sending
  bool close_after = false;  // set by the worker: close (after lingering) instead of waiting
};

// What httplib reads and writes for one request: input from the connection's buffer,
// output to its socket within the write deadline.
class FrontServer::ConnectionStream : public httplib::Stream {
 public:
  ConnectionStream(const Connection& c, Clock::time_point write_deadline)
      : c_(c), deadline_(write_deadline) {}

  bool is_readable() const override { return pos_ < c_.buffer.size(); }
  bool is_writable() const override { return !write_failed_; }

  // Only the buffered bytes: the API takes no request body (bodies are refused before
  // they would be read), so nothing past what the front buffered is ever needed. The
  // end of the buffer reads as the end of input.
  ssize_t read(char* ptr, size_t size) override {
    auto n = std::min(size, c_.buffer.size() - pos_);
    std::memcpy(ptr, c_.buffer.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    std::size_t sent = 0;
    while (!write_failed_ && sent < size) {
      auto n = ::send(c_.fd, ptr + sent, size - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
        pollfd p{c_.fd, POLLOUT, 0};
        if (left > 0 && ::poll(&p, 1, static_cast<int>(left)) > 0 &&
            !(p.revents & (POLLERR | POLLHUP)))
          continue;
      }
      write_failed_ = true;  // a slow reader past the deadline, or the client went away
    }
    return write_failed_ ? -1 : static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.client_ip;
    port = c_.client_port;
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(c_.fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      numeric_address(reinterpret_cast<sockaddr*>(&addr), len, ip, port);
  }

  socket_t socket() const override { return c_.fd; }

  std::size_t position() const { return pos_; }
  bool write_failed() const { return write_failed_; }

 private:
  const Connection& c_;
  Clock::time_point deadline_;
  std::size_t pos_ = 0;
  bool write_failed_ = false;
};

// The epoll front, its worker pool and the queue between them.
class FrontServer::Loop {
 public:
  explicit Loop(FrontServer& owner) : owner_(owner) {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (epoll_fd_ < 0 || wake_fd_ < 0)
      throw std::runtime_error(std::string("epoll: ") + std::strerror(errno));
    watch(wake_fd_, EPOLLIN);
  }

  ~Loop() {
    for (auto& [fd, c] : waiting_) close_socket(fd);
    for (auto& c : returned_) close_socket(c->fd);
    jobs_.for_each([&](auto& c) { close_socket(c->fd); });
    if (listen_fd_ >= 0) ::close(listen_fd_);
    if (spare_fd_ >= 0) ::close(spare_fd_);
    ::close(wake_fd_);
    ::close(epoll_fd_);
  }

  int open_listener(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
    int fd = -1;
    for (auto* a = found; a && fd < 0; a = a->ai_next) {
      fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0) continue;
      int yes = 1, no = 0;
      ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      if (a->ai_family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no);
      // The system's largest backlog: a burst of connections waits in the kernel, not in SYN
      // retries.
      if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
        ::close(fd);
        fd = -1;
      }
    }
    ::freeaddrinfo(found);
    if (fd < 0) return -1;
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    std::string ip;
    int bound = -1;
    numeric_address(reinterpret_cast<sockaddr*>(&addr), len, ip, bound);
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = fd;
    return bound;
  }

  void serve() {
    if (listen_fd_ >= 0) watch(listen_fd_, EPOLLIN);
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY)
      max_connections_ = files.rlim_cur > 2 * kReservedDescriptors
                             ? files.rlim_cur - kReservedDescriptors
                             : files.rlim_cur / 2;
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < std::max<std::size_t>(1, owner_.limits_.threads); ++i)
      workers.emplace_back([this] { work(); });

    std::vector<epoll_event> events(256);
    while (!stopping_) {
      int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), wait_time());
      for (int i = 0; i < n && !stopping_; ++i) {
        int fd = events[static_cast<std::size_t>(i)].data.fd;
        if (fd == wake_fd_) {
          std::uint64_t count;
          while (::read(wake_fd_, &count, sizeof count) > 0) {
          }
          take_returned();
        } else if (fd == listen_fd_) {
          accept_all();
        } else if (auto it = waiting_.find(fd); it != waiting_.end()) {
          on_readable(it->second);
        }
      }
      expire();
    }

    // Stop: no new connections; those waiting for a request are closed; the requests
    // being answered (and those queued, all complete) are answered, then their
    // connections closed.
    if (listen_fd_ >= 0) {
      ::close(listen_fd_);
      listen_fd_ = -1;
    }
    for (auto& [fd, c] : waiting_) close_socket(fd);
    waiting_.clear();
    deadlines_.clear();
    {
      std::lock_guard lock(jobs_mutex_);
      jobs_closed_ = true;
    }
    jobs_ready_.notify_all();
    for (auto& t : workers) t.join();
    std::lock_guard lock(returned_mutex_);
    for (auto& c : returned_) close_socket(c->fd);
    returned_.clear();
  }

  void request_stop() {
    stopping_ = true;
    wake();
  }

  bool stopping() const { return stopping_; }

  // A worker is done with a connection: back to waiting for its next request (or to
  // lingering before the close).
  void give_back(std::unique_ptr<Connection> c) {
    if (stopping_) {
      close_socket(c->fd);
      open_connections_--;
      return;
    }
    {
      std::lock_guard lock(returned_mutex_);
      returned_.push_back(std::move(c));
    }
    wake();
  }

 private:
  void wake() {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }

  void watch(int fd, std::uint32_t events) {
    epoll_event e{};
    e.events = events;
    e.data.fd = fd;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &e);
  }

  int wait_time() const {
    if (deadlines_.empty()) return 1000;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadlines_.begin()->first -
                                                                      Clock::now())
                    .count();
    return static_cast<int>(std::clamp<long long>(left + 1, 0, 1000));
  }

  void set_deadline(Connection& c, Clock::time_point when) {
    deadlines_.erase({c.deadline, c.fd});
    c.deadline = when;
    deadlines_.insert({when, c.fd});
  }

  // Starts waiting on a connection that is not in waiting_ yet.
  void add_waiting(std::unique_ptr<Connection> c, Clock::time_point deadline) {
    int fd = c->fd;
    c->deadline = deadline;
    deadlines_.insert({deadline, fd});
    waiting_[fd] = std::move(c);
    watch(fd, EPOLLIN | EPOLLRDHUP);
  }

  std::unique_ptr<Connection> stop_waiting(int fd) {
    auto it = waiting_.find(fd);
    auto c = std::move(it->second);
    waiting_.erase(it);
    deadlines_.erase({c->deadline, fd});
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    return c;
  }

  void close_waiting(int fd) {
    stop_waiting(fd);
    close_socket(fd);
    open_connections_--;
  }

  void accept_all() {
    while (true) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EMFILE || errno == ENFILE) {
          // Out of descriptors: take the connection with the spare one and close it,
          // or it would stay in the backlog and wake this loop forever.
          if (spare_fd_ >= 0) ::close(spare_fd_);
          int refused = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
          if (refused >= 0) ::close(refused);
          spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
          if (refused >= 0) continue;
        }
        return;  // EAGAIN: no more for now
      }
      if (open_connections_ >= max_connections_) {  // keep descriptors for index files and logs
        ::close(fd);
        continue;
      }
      open_connections_++;
      int yes = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      auto c = std::make_unique<Connection>();
      c->fd = fd;
      numeric_address(reinterpret_cast<sockaddr*>(&addr), len, c->client_ip, c->client_port);
      add_waiting(std::move(c), Clock::now() + owner_.limits_.header_timeout);
    }
  }

  void on_readable(std::unique_ptr<Connection>& slot) {
    auto& c = *slot;
    char chunk[16 * 1024];
    if (c.state == Connection::State::lingering) {
      while (true) {
        auto n = ::recv(c.fd, chunk, sizeof chunk, 0);
        if (n > 0) continue;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        close_waiting(c.fd);  // the client closed: done
        return;
      }
    }
    bool got = false;
    // Read what is there, but never much more than a head may hold.
    while (c.buffer.size() <= kMaxRequestHead) {
      auto n = ::recv(c.fd, chunk, sizeof chunk, 0);
      if (n > 0) {
        c.buffer.append(chunk, static_cast<std::size_t>(n));
        got = true;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n < 0) {
        close_waiting(c.fd);  // reset by the client
        return;
      }
      c.peer_closed = true;
      break;
    }
    if (got && c.state != Connection::State::reading) {
      // A fresh connection keeps its deadline from the accept; a kept-alive one now has
      // header_timeout for the request that started.
      if (c.state == Connection::State::idle)
        set_deadline(c, Clock::now() + owner_.limits_.header_timeout);
      c.state = Connection::State::reading;
    }
    examine(c.fd);
  }

  // Hands the connection to a worker once its buffer holds a whole request head; refuses
  // an overlong one; closes a connection whose client left without sending one.
  void examine(int fd) {
    auto& c = *waiting_.at(fd);
    switch (c.scanner.scan(c.buffer)) {
      case RequestHead::Status::complete:
        dispatch(stop_waiting(fd));
        return;
      case RequestHead::Status::uri_too_long:
        refuse(c, api::Code::uri_too_long, "request line too long (the limit is 8 KiB)");
        return;
      case RequestHead::Status::too_large:
        refuse(c, api::Code::headers_too_large, "request headers too large (the limit is 64 KiB)");
        return;
      case RequestHead::Status::incomplete:
        if (c.peer_closed) close_waiting(fd);
        return;
    }
  }

  void dispatch(std::unique_ptr<Connection> c) {
    auto head = read_request_head(c->buffer);
    c->buffer = head.normalized + c->buffer.substr(head.consumed);
    c->head_size = head.normalized.size();
    c->accept_encoding = std::move(head.accept_encoding);
    c->arrived = Clock::now();
    c->scanner.reset();
    {
      std::lock_guard lock(jobs_mutex_);
      bool first = c->served == 0;
      jobs_.push(std::move(c), first);
    }
    jobs_ready_.notify_one();
  }

  // Answers a request the front does not hand on, then lingers and closes.
  void refuse(Connection& c, api::Code code, const std::string& message) {
    int status = api::http_status(code);
    auto body = owner_.error_body ? owner_.error_body(code, message) : std::string();
    std::string response = "HTTP/1.1 " + std::to_string(status) + " " + reason_of(status) + "\r\n";
    response += "Content-Type: application/json; charset=utf-8\r\n";
    response += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n";
    for (const auto& [name, value] : owner_.refusal_headers)
      response += name + ": " + value + "\r\n";
    response += "\r\n" + body;
    // Best effort: a few hundred bytes fit in any socket buffer.
    [[maybe_unused]] auto n =
        ::send(c.fd, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (owner_.on_refused) owner_.on_refused(c.client_ip, status);
    linger(c);
  }

  void linger(Connection& c) {
    ::shutdown(c.fd, SHUT_WR);
    c.state = Connection::State::lingering;
    std::string().swap(c.buffer);
    set_deadline(c, Clock::now() + kLingerTime);
  }

  void take_returned() {
    std::vector<std::unique_ptr<Connection>> back;
    {
      std::lock_guard lock(returned_mutex_);
      back.swap(returned_);
    }
    auto now = Clock::now();
    for (auto& c : back) {
      int fd = c->fd;
      bool close_after = c->close_after;
      bool partial = !c->buffer.empty();
      c->state = partial ? Connection::State::reading : Connection::State::idle;
      add_waiting(std::move(c), now + (partial ? owner_.limits_.header_timeout
                                               : owner_.limits_.keep_alive_timeout));
      if (close_after)
        linger(*waiting_.at(fd));
      else if (partial)
        examine(fd);  // pipelined requests that came with the last one
    }
  }

  void expire() {
    auto now = Clock::now();
    while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
      int fd = deadlines_.begin()->second;
      auto& c = *waiting_.at(fd);
      if (c.state == Connection::State::reading) {
        auto seconds = std::chrono::duration<double>(owner_.limits_.header_timeout).count();
        char limit[32];
        std::snprintf(limit, sizeof limit, "%g", seconds);
        refuse(c, api::Code::request_timeout,
               std::string("the request did not arrive whole within ") + limit + " s");
      } else {
        close_waiting(fd);  // idle, or done lingering
      }
    }
  }

  void work() {
    while (true) {
      std::unique_ptr<Connection> c;
      {
        std::unique_lock lock(jobs_mutex_);
        jobs_ready_.wait(lock, [&] { return !jobs_.empty() || jobs_closed_; });
        if (jobs_.empty()) return;
        c = std::move(*jobs_.pop());
      }
      owner_.answer(std::move(c));
    }
  }

  FrontServer& owner_;
  int epoll_fd_ = -1, wake_fd_ = -1, listen_fd_ = -1, spare_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> open_connections_{0};
  std::size_t max_connections_ = SIZE_MAX;

  // Owned by the front thread: connections waiting for bytes, by descriptor, and their deadlines.
  std::unordered_map<int, std::unique_ptr<Connection>> waiting_;
  std::set<std::pair<Clock::time_point, int>> deadlines_;

  std::mutex jobs_mutex_;  // complete requests for the workers
  std::condition_variable jobs_ready_;
  JobQueue<std::unique_ptr<Connection>> jobs_;
  bool jobs_closed_ = false;

  std::mutex returned_mutex_;  // connections the workers are done with
  std::vector<std::unique_ptr<Connection>> returned_;

  friend class FrontServer;
};

FrontServer::FrontServer(FrontLimits limits)
    : limits_(limits), loop_(std::make_unique<Loop>(*this)) {
  set_keep_alive_max_count(limits_.max_requests_per_connection);
  set_keep_alive_timeout(std::max<time_t>(
      1, std::chrono::duration_cast<std::chrono::seconds>(limits_.keep_alive_timeout).count()));
  set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (after_routing) after_routing(req, res);
    compress_response(request_accept_encoding, res);
    response_closes_connection = res.get_header_value("Connection") == "close";
  });
}

FrontServer::~FrontServer() = default;

int FrontServer::open_listener(const std::string& host, int port) {
  return loop_->open_listener(host, port);
}

void FrontServer::serve() {
  loop_->serve();
}

void FrontServer::request_stop() {
  loop_->request_stop();
}

void FrontServer::answer(std::unique_ptr<Connection> c) {
  // A client that shut its side after sending still gets every request it sent answered:
  // the front closes once the buffer holds no further whole request.
  bool last = loop_->stopping() || c->served + 1 >= limits_.max_requests_per_connection;
  bool closed_by_client = false;
  bool processed = false;
  std::size_t consumed = 0;
  bool write_failed = false;
  {
    ConnectionStream stream(*c, Clock::now() + limits_.write_timeout);
    response_closes_connection = false;
    request_accept_encoding = c->accept_encoding;
    if (on_request_start) on_request_start(c->client_ip, c->arrived);
    processed = process_request(stream, last, closed_by_client, {});
    consumed = stream.position();
    write_failed = stream.write_failed();
  }
  c->served++;
  if (write_failed) {  // nothing more can be said on this connection
    close_socket(c->fd);
    loop_->open_connections_--;
    return;
  }
  // httplib must have read exactly the head: a request it could not parse, or a body it
  // read, leaves the rest of the buffer meaningless.
  c->close_after = !processed || last || closed_by_client || response_closes_connection ||
                   consumed != c->head_size;
  c->buffer.erase(0, c->close_after ? c->buffer.size() : c->head_size);
  c->head_size = 0;
  loop_->give_back(std::move(c));
}

}  // namespace kb::http
