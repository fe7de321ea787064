// kb-searchd's HTTP server as a library: tests start it in process on a free port.
#pragma once

#include <memory>

#include "kb/daemon_config.h"

namespace kb {

class SearchServer {
 public:
  explicit SearchServer(DaemonConfig config);
  ~SearchServer();
  SearchServer(const SearchServer&) = delete;
  SearchServer& operator=(const SearchServer&) = delete;

  // Binds the listening socket; returns the port (the chosen one when port is 0).
  // Throws kb::Error(io_error) when the address cannot be bound.
  int bind();
  // Serves until stop(); returns once requests in flight have been answered.
  void run();
  // Stops accepting connections and waits until run() has returned (requests in flight
  // answered). Safe from any thread, also before run() has started.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kb
