// Hostile requests kb-searchd must survive, each answered with a clear 4xx (or a
// closed connection) while other clients keep being served.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "../support/raw_connection.h"
#include "server_fixture.h"

namespace {

using kb::testing::body_of;
using namespace std::chrono_literals;

class Hostile : public kb::testing::BundledServerSuite<Hostile> {
 protected:
};

TEST_F(Hostile, NulBytesAndBrokenUtf8InParameters) {
  auto c = server_->client();
  for (const char* target :
       {"/api/v1/search?q=a%00b", "/api/v1/search?audience=%C3%28", "/api/v1/suggest?q=%ED%A0%80",
        "/api/v1/search?q=ok&kind=message%00"}) {
    auto r = c.Get(target);
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->status, 400) << target;
    EXPECT_EQ(body_of(r)["error"]["code"], "invalid_parameter") << target;
  }
}

TEST_F(Hostile, MalformedQuerySyntaxIsNeverA500) {
  auto c = server_->client();
  for (const char* q : {"%22unbalanced", "((((", "AND%20OR%20NOT", "title%3A", "audience%3A",
                        "-%20-%20-", "%2A%2A%2A", "NEAR%2F3", "a%20ADJ%2F", "%5B%5D%7B%7D"}) {
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
  auto r =
      c.Post("/api/v1/search", {{"Content-Encoding", "gzip"}}, bomb, "application/octet-stream");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  auto get_with_body =
      c.Get("/api/v1/search", {{"Content-Length", "1000000"}, {"Content-Encoding", "gzip"}});
  ASSERT_TRUE(get_with_body);
  EXPECT_EQ(get_with_body->status, 413);
  EXPECT_EQ(c.Get("/healthz")->status, 200);
}

TEST_F(Hostile, SlowClientSendingOneByteASecondDoesNotStopOthers) {
  // One worker and a generous header deadline: the slow client is still sending its
  // request (and its connection still open) when the others have all been answered.
  auto config = kb::testing::test_config(dir_->str());
  config.threads = 1;
  config.header_timeout = 600;
  kb::testing::RunningServer server(config);
  kb::testing::RawConnection slow(server.port());
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> sent{0};
  // Its last header never ends: the request is still arriving whatever the others take.
  const std::string request = "GET /api/v1/search?q=slow HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  std::thread sender([&] {
    for (std::size_t i = 0; !stop; ++i) {
      if (!slow.send(i < request.size() ? request.substr(i, 1) : "a")) return;
      sent = i + 1;
      for (int t = 0; t < 10 && !stop; ++t)
        std::this_thread::sleep_for(100ms);  // one byte a second
    }
  });
  // Wait until the slow request has started, so it is in the server's hands first.
  for (int i = 0; i < 3000 && sent == 0; ++i) std::this_thread::sleep_for(10ms);
  auto c = server.client();
  c.set_read_timeout(30, 0);  // a safety net only
  int ok = 0;
  for (int i = 0; i < 30; ++i) {
    auto r = c.Get("/api/v1/search?q=igf");
    if (!r || r->status != 200) break;
    ++ok;
  }
  bool slow_answered_or_closed = slow.server_acted();
  stop = true;
  sender.join();
  EXPECT_EQ(ok, 30) << "other clients were held up by the slow one";
  EXPECT_FALSE(slow_answered_or_closed) << "the slow connection was not open the whole time";
}

}  // namespace
