// Several stateless kb-searchd behind nginx, configured as docs/deployment.md says
// (upstream keep-alive, proxy_next_upstream on errors and 503): every search through nginx
// is answered while an instance is stopped, and while an instance answers 503 because a
// shard of its index is down.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "../api/server_fixture.h"
#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/index_writer.h"
#include "processes.h"

namespace {

namespace fs = std::filesystem;
using kb::testing::free_port;
using kb::testing::RunningServer;
using kb::testing::TempDir;
using kb::testing::Tool;
using kb::testing::wait_listening;

// nginx in the foreground with everything (pid, logs, temp files) under `dir`.
std::unique_ptr<Tool> start_nginx(const TempDir& dir, int port, const std::vector<int>& upstreams) {
  std::string servers;
  for (int p : upstreams)
    servers += "    server 127.0.0.1:" + std::to_string(p) + " max_fails=1 fail_timeout=30s;\n";
  auto d = dir.str();
  std::ofstream(dir.path() / "nginx.conf")
      << (::geteuid() == 0 ? "user root;\n" : "") << "daemon off;\nworker_processes 1;\n"
      << "pid " << d << "/nginx.pid;\nerror_log " << d << "/error.log;\n"
      << "events { worker_connections 256; }\n"
      << "http {\n  access_log off;\n"
      << "  client_body_temp_path " << d << "/body;\n  proxy_temp_path " << d << "/proxy;\n"
      << "  fastcgi_temp_path " << d << "/fastcgi;\n  uwsgi_temp_path " << d << "/uwsgi;\n"
      << "  scgi_temp_path " << d << "/scgi;\n"
      << "  upstream kb {\n"
      << servers << "    keepalive 8;\n  }\n"
      << "  server {\n    listen 127.0.0.1:" << port << ";\n"
      << "    location / {\n      proxy_pass http://kb;\n      proxy_http_version 1.1;\n"
      << "      proxy_set_header Connection \"\";\n"
      << "      proxy_next_upstream error timeout http_503;\n"
      << "      proxy_next_upstream_tries 2;\n    }\n  }\n}\n";
  auto nginx = std::make_unique<Tool>(
      std::vector<std::string>{"nginx", "-p", d, "-c", d + "/nginx.conf", "-e", d + "/error.log"},
      d + "/stdout.log");
  EXPECT_TRUE(wait_listening(port)) << "nginx did not listen; see " << d << "/error.log";
  return nginx;
}

int searches_answered(int port, int n) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(20, 0);
  c.set_keep_alive(true);
  int ok = 0;
  for (int i = 0; i < n; ++i) {
    auto r = c.Get("/api/v1/search?q=IGF+funding&per_page=3");
    if (r && r->status == 200) ++ok;
  }
  return ok;
}

// How many searches an instance has answered, from its /metrics.
long searches_of(const RunningServer& server) {
  auto c = server.client();
  auto r = c.Get("/metrics");
  if (!r) return -1;
  auto at = r->body.find("\nkb_searches_total ");
  if (at == std::string::npos) return -1;
  return std::stol(r->body.substr(at + 19));
}

TEST(Nginx, SearchesAreAnsweredWhileAnInstanceIsStopped) {
  TempDir index, conf;
  kb::publish_index(kb::load_corpus(KB_SOURCE_DIR "/corpus"), index.str());
  auto a = std::make_unique<RunningServer>(kb::testing::test_config(index.str()));
  auto b = std::make_unique<RunningServer>(kb::testing::test_config(index.str()));
  int port = free_port();
  auto nginx = start_nginx(conf, port, {a->port(), b->port()});

  EXPECT_EQ(searches_answered(port, 20), 20);
  // Round robin: both instances served.
  EXPECT_GT(searches_of(*a), 0);
  EXPECT_GT(searches_of(*b), 0);

  a.reset();  // stopped: its connections refused
  EXPECT_EQ(searches_answered(port, 20), 20);
  EXPECT_GE(searches_of(*b), 20);
}

TEST(Nginx, AnInstanceWithADeadShardIsPassedOver) {
  TempDir index, sharded, conf, logs;
  auto corpus = kb::load_corpus(KB_SOURCE_DIR "/corpus");
  kb::publish_index(corpus, index.str());
  kb::BuildOptions options;
  options.shards = 2;
  auto generation = kb::publish_index(corpus, sharded.str(), {}, options).generation_dir;
  // Instance A serves shard-1 from a xapian-tcpsrv that is then killed; B is whole.
  int shard_port = free_port();
  Tool shard({"xapian-tcpsrv", "--port", std::to_string(shard_port), generation + "/shard-1"},
             (logs.path() / "tcpsrv.log").string());
  ASSERT_TRUE(wait_listening(shard_port));
  auto config_a = kb::testing::test_config(sharded.str());
  config_a.remote_shards["shard-1"] = {"127.0.0.1", static_cast<unsigned>(shard_port)};
  RunningServer a(config_a);
  RunningServer b(kb::testing::test_config(index.str()));
  int port = free_port();
  auto nginx = start_nginx(conf, port, {a.port(), b.port()});
  EXPECT_EQ(searches_answered(port, 10), 10);
  shard.kill();
  auto direct = a.client().Get("/api/v1/search?q=IGF+funding");
  ASSERT_TRUE(direct);
  EXPECT_EQ(direct->status, 503);              // A alone cannot answer ...
  EXPECT_EQ(searches_answered(port, 20), 20);  // ... nginx passes its 503s to B
}

}  // namespace
