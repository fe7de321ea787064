// kb-query --server against servers that are not kb-searchd or misbehave: one trickling
// its answer a byte at a time, one sending an enormous body. kb-query must give up with a
// clear message while the server is still at it.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "../support/bounded_run.h"

using namespace std::chrono_literals;
using kb::testing::run_bounded;

namespace {

// A one-connection HTTP server on a free loopback port. It reads the request head, then
// sends `response_head` and `body_bytes` bytes of body in pieces of `piece` bytes with
// `pause` between them, until all is sent or the client goes away.
class MisbehavingServer {
 public:
  MisbehavingServer(std::string response_head, std::size_t body_bytes, std::size_t piece,
                    std::chrono::milliseconds pause)
      : head_(std::move(response_head)), body_bytes_(body_bytes), piece_(piece), pause_(pause) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener_, 4) != 0)
      throw std::runtime_error("cannot listen on loopback");
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~MisbehavingServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  bool sent_everything() const { return sent_everything_; }
  bool client_connected() const { return connected_; }
  std::size_t bytes_sent() const { return sent_; }

 private:
  void serve() {
    pollfd p{listener_, POLLIN, 0};
    while (!stop_ && ::poll(&p, 1, 50) <= 0) {
    }
    if (stop_) return;
    int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) return;
    connected_ = true;
    std::string request;
    char buf[4096];
    while (!stop_ && request.find("\r\n\r\n") == std::string::npos) {
      pollfd c{client, POLLIN, 0};
      if (::poll(&c, 1, 50) <= 0) continue;
      auto n = ::recv(client, buf, sizeof buf, 0);
      if (n <= 0) break;
      request.append(buf, static_cast<std::size_t>(n));
    }
    const std::string filler(piece_, '{');
    std::size_t head_left = head_.size(), body_left = body_bytes_;
    while (!stop_ && (head_left > 0 || body_left > 0)) {
      const char* data;
      std::size_t size;
      if (head_left > 0) {
        data = head_.data() + (head_.size() - head_left);
        size = std::min(piece_, head_left);
      } else {
        data = filler.data();
        size = std::min(piece_, body_left);
      }
      auto n = ::send(client, data, size, MSG_NOSIGNAL);
      if (n <= 0) break;  // the client gave up
      sent_ += static_cast<std::size_t>(n);
      if (head_left > 0)
        head_left -= static_cast<std::size_t>(n);
      else
        body_left -= static_cast<std::size_t>(n);
      if (pause_.count() > 0) std::this_thread::sleep_for(pause_);
    }
    sent_everything_ = head_left == 0 && body_left == 0;
    ::close(client);
  }

  std::string head_;
  std::size_t body_bytes_, piece_;
  std::chrono::milliseconds pause_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false}, connected_{false}, sent_everything_{false};
  std::atomic<std::size_t> sent_{0};
  std::thread thread_;
};

std::string query_command(const std::string& url, const std::string& extra) {
  return std::string(KB_QUERY_BIN) + " --server " + url + " " + extra + " 'DNS abuse'";
}

TEST(QueryServerFaults, AServerTricklingItsAnswerIsGivenUpOnAtTheDeadline) {
  // 2,000 bytes at one per 100 ms: 200 s to send it all, from the status line on.
  MisbehavingServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1900\r\n\r\n", 1900, 1,
      100ms);
  auto r = run_bounded(query_command(server.url(), "--timeout 2"), 60s);
  ASSERT_NE(r.exit_code, -1) << "kb-query was still waiting after 60 s";
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("no complete answer from " + server.url() + " within 2 s"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(server.client_connected());
  EXPECT_FALSE(server.sent_everything()) << "kb-query waited for the whole trickle";
}

TEST(QueryServerFaults, TheDeadlineComesFromKbTimeoutToo) {
  MisbehavingServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1900\r\n\r\n", 1900, 1,
      100ms);
  auto r = run_bounded("env KB_TIMEOUT=1.5 " + query_command(server.url(), ""), 60s);
  ASSERT_NE(r.exit_code, -1) << "kb-query was still waiting after 60 s";
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("within 1.5 s"), std::string::npos) << r.err;
  EXPECT_FALSE(server.sent_everything());
}

TEST(QueryServerFaults, AnAnnouncedHugeBodyIsRefusedBeforeItIsRead) {
  const std::size_t huge = 400u << 20;
  MisbehavingServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                               std::to_string(huge) + "\r\n\r\n",
                           huge, 64 << 10, 0ms);
  auto r = run_bounded(query_command(server.url(), ""), 60s);
  ASSERT_NE(r.exit_code, -1) << "kb-query was still reading after 60 s";
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("larger than 64 MiB"), std::string::npos) << r.err;
  EXPECT_FALSE(server.sent_everything()) << "kb-query read all 400 MiB";
}

TEST(QueryServerFaults, AnUnannouncedHugeBodyIsCutOffAtTheCap) {
  const std::size_t huge = 400u << 20;
  // No Content-Length: the body ends when the server closes, so the cap must hold while reading.
  MisbehavingServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n", huge,
      64 << 10, 0ms);
  auto r = run_bounded(query_command(server.url(), ""), 60s);
  ASSERT_NE(r.exit_code, -1) << "kb-query was still reading after 60 s";
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("larger than 64 MiB"), std::string::npos) << r.err;
  EXPECT_FALSE(server.sent_everything()) << "kb-query read all 400 MiB";
  EXPECT_LT(server.bytes_sent(), huge);
}

}  // namespace
