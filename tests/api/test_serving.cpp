// How kb-searchd serves connections: idle, dripping and busy sockets cost no worker, a
// request must arrive whole within the header deadline, pipelined requests are answered
// in order, every answer (also those refused before routing) carries the security
// headers, and Range headers are ignored.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include "../support/raw_connection.h"
#include "server_fixture.h"

namespace {

using kb::testing::body_of;
using kb::testing::parse_responses;
using kb::testing::RawConnection;
using kb::testing::RunningServer;
using kb::testing::TempDir;
using namespace std::chrono_literals;

class Serving : public kb::testing::BundledServerSuite<Serving> {};

// Stops and joins the threads of a test however it ends (an ASSERT returns early).
struct StopAndJoin {
  std::atomic<bool>& done;
  std::vector<std::thread>& threads;
  ~StopAndJoin() {
    done = true;
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }
};

// Sends `request` and reads until the server closes the connection (the last request
// should say `Connection: close`).
std::vector<kb::testing::RawResponse> exchange(int port, const std::string& request) {
  RawConnection c(port);
  EXPECT_TRUE(c.send(request));
  EXPECT_TRUE(c.wait_closed(30s)) << "the server did not close the connection; got: "
                                  << c.received().substr(0, 300);
  return parse_responses(c.received());
}

TEST(ServingModel, IdleDrippingAndBusySocketsDoNotHoldUpAFreshRequest) {
  kb::testing::raise_open_file_limit();
  TempDir dir;
  kb::testing::publish_bundled_corpus(dir);
  auto config = kb::testing::test_config(dir.str());
  config.threads = 2;
  config.header_timeout = 600;  // the slow sockets stay open for the whole test
  config.keep_alive_timeout = 600;
  RunningServer server(config);

  constexpr int kIdle = 300, kDripping = 60, kBusy = 6;  // busy clients: three times the workers
  std::vector<std::unique_ptr<RawConnection>> idle, dripping;
  for (int i = 0; i < kIdle; ++i) idle.push_back(std::make_unique<RawConnection>(server.port()));
  for (int i = 0; i < kDripping; ++i) {
    dripping.push_back(std::make_unique<RawConnection>(server.port()));
    // Half stop inside the request line, half inside the headers; none ever ends its head.
    ASSERT_TRUE(dripping.back()->send(i % 2 ? "GET /api/v1/search?q=dr"
                                            : "GET /api/v1/search?q=drip HTTP/1.1\r\nX-Drip: "));
  }
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  StopAndJoin stop_and_join{done, threads};
  threads.emplace_back([&] {
    while (!done) {
      for (auto& c : dripping) c->send("a");
      for (int t = 0; t < 10 && !done; ++t) std::this_thread::sleep_for(20ms);
    }
  });
  std::atomic<int> busy_answers{0}, busy_failures{0};
  for (int i = 0; i < kBusy; ++i)
    threads.emplace_back([&] {
      auto c = server.client();
      c.set_keep_alive(true);
      while (!done) {
        auto r = c.Get("/api/v1/search?q=internet+governance&per_page=20");
        (r && r->status == 200 ? busy_answers : busy_failures)++;
      }
    });

  // A fresh client is answered while all of those are still there.
  httplib::Client fresh("127.0.0.1", server.port());
  fresh.set_read_timeout(30, 0);  // a safety net only
  auto r = fresh.Get("/api/v1/search?q=igf");
  ASSERT_TRUE(r) << "a fresh request was not answered: " << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_GT(body_of(r)["total"].get<int>(), 0);

  int acted = 0;
  for (auto& c : idle) acted += c->server_acted();
  for (auto& c : dripping) acted += c->server_acted();
  EXPECT_EQ(acted, 0)
      << "idle or dripping sockets were answered or closed before the fresh request came";

  done = true;
  for (auto& t : threads) t.join();
  EXPECT_GT(busy_answers.load(), 0);
  EXPECT_EQ(busy_failures.load(), 0);
}

TEST(ServingModel, ARequestThatDoesNotArriveWithinTheHeaderTimeoutIsAnswered408AndClosed) {
  TempDir dir;
  kb::testing::publish_bundled_corpus(dir);
  auto config = kb::testing::test_config(dir.str());
  config.header_timeout = 1;
  RunningServer server(config);

  RawConnection idle(server.port());
  RawConnection drip(server.port());
  ASSERT_TRUE(drip.send("GET /api/v1/search?q=x HTTP/1.1\r\nHost: x\r\nX-Drip: "));
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  StopAndJoin stop_and_join{done, threads};
  threads.emplace_back([&] {
    // A byte every 100 ms, far inside any read timeout, until the server closes.
    while (!done && drip.send("a")) std::this_thread::sleep_for(100ms);
  });
  bool closed = drip.wait_closed(60s);  // a safety net: the deadline is 1 s
  done = true;
  threads[0].join();
  ASSERT_TRUE(closed) << "the dripping connection was not closed";
  auto responses = parse_responses(drip.received());
  ASSERT_EQ(responses.size(), 1u) << drip.received();
  EXPECT_EQ(responses[0].status, 408);
  EXPECT_EQ(nlohmann::json::parse(responses[0].body)["error"]["code"], "request_timeout");
  EXPECT_EQ(responses[0].headers["x-content-type-options"], "nosniff");

  // A connection that never sent a byte is closed without a word.
  ASSERT_TRUE(idle.wait_closed(60s));
  EXPECT_EQ(idle.received(), "");

  // The server serves on.
  EXPECT_EQ(server.client().Get("/healthz")->status, 200);
}

TEST_F(Serving, PipelinedRequestsAreAllAnsweredInOrder) {
  auto responses = exchange(server_->port(),
                            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /api/v1/search?q=igf&per_page=1 HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(responses.size(), 3u);
  for (const auto& r : responses) EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nlohmann::json::parse(responses[0].body)["status"], "ok");
  EXPECT_EQ(nlohmann::json::parse(responses[1].body)["hits"].size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(responses[2].body)["status"], "ready");
}

TEST_F(Serving, AnswersGivenBeforeRoutingAreJsonWithTheSecurityHeaders) {
  struct Case {
    std::string request;
    int status;
    const char* code;
  };
  std::string many_headers;
  for (int i = 0; i < 90; ++i)
    many_headers += "X-Filler-" + std::to_string(i) + ": " + std::string(800, 'v') + "\r\n";
  const Case cases[] = {
      {"GET /healthz HTTP/1.1 extra\r\nConnection: close\r\n\r\n", 400,
       "invalid_argument"},  // four words
      {"GET /healthz HTTP/3.0\r\nConnection: close\r\n\r\n", 400, "invalid_argument"},
      {"GET /api/v1/search?q=" + std::string(9000, 'a') + " HTTP/1.1\r\nConnection: close\r\n\r\n",
       414, "uri_too_long"},
      {"GET /healthz HTTP/1.1\r\n" + many_headers + "Connection: close\r\n\r\n", 431,
       "headers_too_large"},
  };
  for (const auto& c : cases) {
    auto responses = exchange(server_->port(), c.request);
    ASSERT_EQ(responses.size(), 1u) << c.code;
    const auto& r = responses[0];
    EXPECT_EQ(r.status, c.status) << c.code;
    EXPECT_EQ(
        r.headers.count("x-content-type-options") ? r.headers.at("x-content-type-options") : "",
        "nosniff")
        << c.code;
    // The front's own refusals vary by Origin; those httplib answers, compressible JSON,
    // by Accept-Encoding too.
    auto vary = r.headers.count("vary") ? r.headers.at("vary") : "";
    EXPECT_TRUE(vary == "Origin" || vary == "Origin, Accept-Encoding") << c.code << ": " << vary;
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], c.code);
  }
}

TEST_F(Serving, ABareLfRequestIsServed) {
  auto responses =
      exchange(server_->port(), "GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n");
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].status, 200) << responses[0].body;
  EXPECT_EQ(nlohmann::json::parse(responses[0].body)["status"], "ok");
  // Mixed line ends and a pipelined bare-LF request after a CRLF one.
  auto two = exchange(
      server_->port(),
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\nConnection: close\r\n\n");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].status, 200);
  EXPECT_EQ(nlohmann::json::parse(two[1].body)["status"], "ready");
}

TEST_F(Serving, RangeHeadersAreIgnored) {
  auto c = server_->client();
  const std::string target = "/api/v1/search?q=&per_page=100&facets=false";
  auto whole = c.Get(target);
  ASSERT_TRUE(whole);
  auto expected = body_of(whole);
  expected.erase("took_ms");

  std::string many = "bytes=0-";
  for (int i = 1; i < 2600; ++i) many += ",0-";
  for (const std::string& range :
       {std::string("bytes=0-10"), std::string("bytes=-5"), many, std::string("bytes=abc"),
        std::string("bytes=50-10"), std::string("lines=1-2")}) {
    auto r = c.Get(target, {{"Range", range}, {"If-Range", "\"x\""}});
    ASSERT_TRUE(r) << range.substr(0, 20);
    EXPECT_EQ(r->status, 200) << range.substr(0, 20);
    EXPECT_FALSE(r->has_header("Content-Range")) << range.substr(0, 20);
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8")
        << range.substr(0, 20);
    // The whole answer, once: not a byte range of it, not 2,600 copies of it.
    EXPECT_LT(r->body.size(), whole->body.size() + 100) << range.substr(0, 20);
    auto body = nlohmann::json::parse(r->body);
    body.erase("took_ms");
    EXPECT_EQ(body, expected) << range.substr(0, 20);
  }
  auto head = c.Head("/healthz");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->get_header_value("Accept-Ranges"), "none");
}

}  // namespace
