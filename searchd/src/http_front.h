// kb-searchd's serving model: one epoll thread accepts connections and reads requests,
// a fixed pool of workers answers them.
//
// cpp-httplib 0.11 gives every connection a worker thread for its whole life, idle
// keep-alive time included, so a few sockets that connect and send nothing (or drip a
// byte now and then) take every worker and lock all other clients out. Here a
// connection costs a worker only while a complete request is being answered:
//
//  - The front (the thread in serve()) owns the listening socket, accepts non-blocking
//    and buffers each connection's bytes until a whole request head is there (CRLF CRLF,
//    or bare LF LF). The head is bounded in size (414 / 431) and in time: it must arrive
//    within `header_timeout` or the connection is closed (408 when part of it came).
//  - Only then does a worker take (socket, buffered bytes) and run httplib's own request
//    processing (routing, handlers, error handler, logger) over a Stream that reads from
//    the buffer and writes to the socket within `write_timeout`.
//  - A keep-alive connection then goes back to the front with whatever bytes followed
//    the request (pipelined requests are answered in order), to wait up to
//    `keep_alive_timeout` for its next request.
//
// Range headers are dropped from the head before httplib sees it: kb-searchd does not
// serve byte ranges (a JSON answer cut at a byte offset is not JSON). Accept-Encoding is
// taken out too: the front compresses answers itself (compression.h says why).
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "kb/api/errors.h"

namespace kb::http {

struct FrontLimits {
  std::chrono::milliseconds header_timeout{5000};  // a request head must arrive whole within this
  std::chrono::milliseconds keep_alive_timeout{
      5000};  // an idle keep-alive connection is closed after this
  std::chrono::milliseconds write_timeout{10000};  // a response must be written within this
  std::size_t threads = 16;
  std::size_t max_requests_per_connection = 1000;
};

// A request head as httplib is given it: CRLF line ends (a bare LF ends a line too),
// leading empty lines skipped, no Range or If-Range header (kb-searchd serves no byte
// ranges: a JSON answer cut at a byte offset is not JSON), no Accept-Encoding (kept
// aside: the front compresses).
struct RequestHead {
  enum class Status { incomplete, complete, uri_too_long, too_large };
  Status status = Status::incomplete;
  std::size_t consumed = 0;  // bytes of the buffer the head takes, its empty line included
  std::string normalized;
  std::string accept_encoding;  // the Accept-Encoding values, comma-joined
};

constexpr std::size_t kMaxRequestLine = 8192;  // httplib's CPPHTTPLIB_REQUEST_URI_MAX_LENGTH
constexpr std::size_t kMaxRequestHead = 64 * 1024;

// Reads the request head at the start of `buffer`.
RequestHead read_request_head(std::string_view buffer, std::size_t max_line = kMaxRequestLine,
                              std::size_t max_head = kMaxRequestHead);

// Tells, byte by byte as they arrive, whether a buffer holds a whole request head yet, so
// a client sending one byte at a time costs O(1) per byte, not a rescan of its buffer.
// It follows read_request_head's rules.
class HeadScanner {
 public:
  // `buffer` is the same buffer as before with bytes appended.
  RequestHead::Status scan(std::string_view buffer, std::size_t max_line = kMaxRequestLine,
                           std::size_t max_head = kMaxRequestHead);
  void reset() { *this = HeadScanner(); }

 private:
  std::size_t scanned_ = 0;     // bytes looked at
  std::size_t line_start_ = 0;  // where the line being read starts
  bool in_head_ = false;        // the request line was read (empty lines before it are skipped)
  bool first_line_ = true;      // the line being read is the request line
};

class FrontServer : public httplib::Server {
 public:
  explicit FrontServer(FrontLimits limits);
  ~FrontServer() override;

  // Called on the worker before each request is processed, with the client's address
  // (for request timing, and for logging requests httplib refuses before it reads the
  // address into the Request) and when the whole request head had arrived (the time it
  // then waited for a worker counts against the request's deadline).
  std::function<void(const std::string& client, std::chrono::steady_clock::time_point arrived)>
      on_request_start;
  // Called for each request the front answers itself (408, 414, 431), with the client
  // address and the status (for the access log and metrics).
  std::function<void(const std::string& client, int status)> on_refused;
  // Use this instead of set_post_routing_handler (the front needs that hook itself).
  std::function<void(const httplib::Request&, httplib::Response&)> after_routing;
  // The body of the front's own error answers: (code, message) -> JSON.
  std::function<std::string(api::Code code, const std::string& message)> error_body;
  // Headers added to the front's own error answers (security headers).
  httplib::Headers refusal_headers;

  // Binds and listens (backlog SOMAXCONN); returns the port. Throws kb::Error(io_error).
  int open_listener(const std::string& host, int port);
  // Serves until request_stop(); returns once the requests being answered are done.
  void serve();
  // Stops accepting and closes connections that are not being answered. Any thread.
  void request_stop();

 private:
  struct Connection;
  class ConnectionStream;
  class Loop;
  void answer(std::unique_ptr<Connection> connection);

  FrontLimits limits_;
  std::unique_ptr<Loop> loop_;
};

}  // namespace kb::http
