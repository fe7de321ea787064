// Hostile requests kb-searchd must survive, each answered with a clear 4xx (or a
// closed connection) while other clients keep being served.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "server_fixture.h"

namespace {

using kb::testing::body_of;
using namespace std::chrono_literals;

class Hostile : public kb::testing::BundledServerSuite<Hostile> {
 protected:
};


TEST_F(Hostile, NulBytesAndBrokenUtf8InParameters) {
  auto c = server_->client();
  for (const char* target : {"/api/v1/search?q=a%00b", "/api/v1/search?audience=%C3%28", "/api/v1/suggest?q=%ED%A0%80",
                             "/api/v1/search?q=ok&kind=message%00"}) {
    auto r = c.Get(target);
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->status, 400) << target;
    EXPECT_EQ(body_of(r)["error"]["code"], "invalid_parameter") << target;
  }
}

TEST_F(Hostile, MalformedQuerySyntaxIsNeverA500) {
  auto c = server_->client();
  for (const char* q : {"%22unbalanced", "((((", "AND%20OR%20NOT", "title%3A", "audience%3A", "-%20-%20-",
                        "%2A%2A%2A", "NEAR%2F3", "a%20ADJ%2F", "%5B%5D%7B%7D"}) {
    auto r = c.Get(std::string("/api/v1/search?q=") + q);
    ASSERT_TRUE(r) << q;
    EXPECT_TRUE(r->status == 200 || r->status == 400) << q << ": " << r->status << " " << r->body;
    if (r->status == 400) {
      EXPECT_EQ(body_of(r)["error"]["code"], "invalid_query") << q;
    }
  }
}

TEST_F(Hostile, CompressedOrChunkedBodiesAreRefusedUnread) {
  auto c = server_->client();
  std::string bomb(1000, '\0');  // stands for a gzip bomb: it is never decompressed
  auto r = c.Post("/api/v1/search", {{"Content-Encoding", "gzip"}}, bomb, "application/octet-stream");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  auto get_with_body = c.Get("/api/v1/search", {{"Content-Length", "1000000"}, {"Content-Encoding", "gzip"}});
  ASSERT_TRUE(get_with_body);
  EXPECT_EQ(get_with_body->status, 413);
  EXPECT_EQ(c.Get("/healthz")->status, 200);
}

TEST_F(Hostile, SlowClientSendingOneByteASecondDoesNotStopOthers) {
  std::atomic<bool> stop{false};
  std::thread slow([&] {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    const std::string request = "GET /api/v1/search?q=slow HTTP/1.1\r\nHost: x\r\n\r\n";
    for (std::size_t i = 0; i < request.size() && !stop; ++i) {
      ::send(fd, &request[i], 1, MSG_NOSIGNAL);
      for (int t = 0; t < 10 && !stop; ++t) std::this_thread::sleep_for(100ms);  // one byte a second
    }
    ::close(fd);
  });
  std::this_thread::sleep_for(300ms);
  auto c = server_->client();
  int ok = 0;
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 30; ++i) ok += c.Get("/api/v1/search?q=igf")->status == 200;
  auto elapsed = std::chrono::steady_clock::now() - started;
  stop = true;
  slow.join();
  EXPECT_EQ(ok, 30);
  EXPECT_LT(elapsed, 5s) << "other clients were held up by the slow one";
}

}  // namespace
