// kb-searchd configuration: parsing, validation and precedence (defaults < file <
// environment < flags; the flag layer is checked against the real binary in
// tests/cli/test_searchd.cpp).
#include <gtest/gtest.h>

#include <fstream>

#include "../support/temp_dir.h"
#include "kb/daemon_config.h"
#include "kb/error.h"
#include "server_fixture.h"

namespace {

TEST(DaemonConfig, DefaultsAreSafe) {
  kb::DaemonConfig c;
  EXPECT_EQ(c.bind, "127.0.0.1");
  EXPECT_EQ(c.port, 8080);
  EXPECT_TRUE(c.cors_origins.empty());
  EXPECT_GT(c.max_per_page, 0u);
}

TEST(DaemonConfig, FileThenEnvironmentEachOverrideWhatCameBefore) {
  kb::testing::TempDir dir;
  kb::testing::write_file(dir.path() / "kb.conf",
                          "# kb-searchd settings\nport = 9000\nthreads = 3\ncors-origins = "
                          "https://a.example, https://b.example/\n"
                          "max-per-page = 50   # trailing comment\n");
  kb::DaemonConfig c;
  c.load_file(dir / "kb.conf");
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.threads, 3);
  EXPECT_EQ(c.cors_origins, (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_EQ(c.max_per_page, 50u);
  c.load_environment({{"KB_PORT", "9100"}, {"KB_CORS_ORIGINS", "*"}, {"UNRELATED", "x"}});
  EXPECT_EQ(c.port, 9100);
  EXPECT_EQ(c.threads, 3);  // not in the environment: the file's value stays
  EXPECT_EQ(c.cors_origins, (std::vector<std::string>{"*"}));
}

TEST(DaemonConfig, BadValuesNameWhereTheyCameFrom) {
  kb::testing::TempDir dir;
  kb::testing::write_file(dir.path() / "bad.conf", "port = 80\nthreads = lots\n");
  kb::DaemonConfig c;
  try {
    c.load_file(dir / "bad.conf");
    FAIL() << "expected kb::Error";
  } catch (const kb::Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.conf:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("lots"), std::string::npos) << e.what();
  }
  EXPECT_THROW(c.load_environment({{"KB_PORT", "70000"}}), kb::Error);
  EXPECT_THROW(c.set("cors-origins", "example.org", "test"), kb::Error);
  EXPECT_THROW(c.set("colour", "blue", "test"), kb::Error);
  kb::testing::write_file(dir.path() / "nokey.conf", "just words\n");
  EXPECT_THROW(c.load_file(dir / "nokey.conf"), kb::Error);
}

TEST(DaemonConfig, StatsFileAndAdminTokenFromFileAndEnvironment) {
  kb::DaemonConfig c;
  EXPECT_TRUE(c.stats_file.empty());   // in memory only by default
  EXPECT_TRUE(c.admin_token.empty());  // loopback clients only by default
  kb::testing::TempDir dir;
  kb::testing::write_file(
      dir.path() / "kb.conf",
      "stats-file = /var/lib/kb/stats.json\nadmin-token = file-token-0123456789\n");
  c.load_file(dir / "kb.conf");
  EXPECT_EQ(c.stats_file, "/var/lib/kb/stats.json");
  EXPECT_EQ(c.admin_token, "file-token-0123456789");
  c.load_environment(
      {{"KB_STATS_FILE", "/tmp/s.json"}, {"KB_ADMIN_TOKEN", "env-token-0123456789"}});
  EXPECT_EQ(c.stats_file, "/tmp/s.json");
  EXPECT_EQ(c.admin_token, "env-token-0123456789");
  // A token too short to resist guessing, or one that cannot travel in a header, is
  // refused, and the message does not repeat it.
  for (const char* bad :
       {"short", "has a space in it 0123", "tab\tinside-0123456789", "é-not-ascii-0123456789"}) {
    try {
      c.set("admin-token", bad, "KB_ADMIN_TOKEN");
      ADD_FAILURE() << bad;
    } catch (const kb::Error& e) {
      EXPECT_NE(std::string(e.what()).find("KB_ADMIN_TOKEN"), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(c.admin_token, "env-token-0123456789");
}

TEST(AccessLog, OneJsonLinePerRequestWithTheSocketAddress) {
  kb::testing::TempDir dir;
  kb::testing::write_file(dir.path() / "documents/a.txt", "A\n\nA short text about registries.\n");
  kb::publish_index(kb::load_corpus(dir.str()), (dir.path() / "index").string());
  auto config = kb::testing::test_config((dir.path() / "index").string());
  config.access_log = dir / "access.log";
  {
    kb::testing::RunningServer server(config);
    auto c = server.client();
    c.Get("/api/v1/search?q=secret+words",
          {{"X-Forwarded-For", "203.0.113.9"}, {"REMOTE_ADDR", "198.51.100.1"}});
    c.Get("/nope");
  }
  std::ifstream in(dir / "access.log");
  std::string line;
  std::vector<nlohmann::json> lines;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 2u);
  // Each request had its own connection: lines come in completion order.
  if (lines[0]["path"] != "/api/v1/search") std::swap(lines[0], lines[1]);
  for (const char* key : {"time", "method", "path", "status", "duration_ms", "client"})
    EXPECT_TRUE(lines[0].contains(key)) << key;
  EXPECT_EQ(lines[0]["client"], "127.0.0.1");
  EXPECT_EQ(lines[0]["path"], "/api/v1/search");
  EXPECT_EQ(lines[0]["status"], 200);
  EXPECT_EQ(lines[1]["path"], "/nope");
  EXPECT_EQ(lines[1]["status"], 404);
  // The query string (what staff searched for) is not logged.
  std::ifstream again(dir / "access.log");
  std::string all((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all.find("secret"), std::string::npos);
}

}  // namespace
