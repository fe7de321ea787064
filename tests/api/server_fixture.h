// An in-process kb-searchd on a free loopback port, over an index of the bundled corpus.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/index_writer.h"
#include "kb/search_server.h"

namespace kb::testing {

class RunningServer {
 public:
  explicit RunningServer(DaemonConfig config) : server_(std::move(config)) {
    port_ = server_.bind();
    thread_ = std::thread([this] { server_.run(); });
  }
  ~RunningServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c;
  }

 private:
  SearchServer server_;
  int port_ = 0;
  std::thread thread_;
};

inline std::string publish_bundled_corpus(const TempDir& dir) {
  kb::publish_index(kb::load_corpus(std::string(KB_SOURCE_DIR) + "/corpus"), dir.str());
  return dir.str();
}

inline DaemonConfig test_config(const std::string& index_dir) {
  DaemonConfig c;
  c.bind = "127.0.0.1";
  c.port = 0;
  c.threads = 4;
  c.index_dir = index_dir;
  c.access_log = "off";
  c.cors_origins = {"http://allowed.example"};
  return c;
}

// A test suite sharing one server over the bundled corpus. CRTP gives each suite its own
// server: `class Api : public BundledServerSuite<Api> {};`.
template <typename Suite>
class BundledServerSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    publish_bundled_corpus(*dir_);
    server_ = new RunningServer(test_config(dir_->str()));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  // GET `target`, expecting `expected_status` and a JSON body; null when the request fails.
  static nlohmann::json get_json(const std::string& target, int expected_status = 200) {
    auto c = server_->client();
    auto r = c.Get(target);
    EXPECT_TRUE(r) << target;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, expected_status) << target << ": " << r->body;
    EXPECT_NE(r->get_header_value("Content-Type").find("application/json"), std::string::npos)
        << target;
    return nlohmann::json::parse(r->body);
  }
  static inline TempDir* dir_ = nullptr;
  static inline RunningServer* server_ = nullptr;
};

inline nlohmann::json body_of(const httplib::Result& r) {
  return nlohmann::json::parse(r->body);
}

}  // namespace kb::testing
