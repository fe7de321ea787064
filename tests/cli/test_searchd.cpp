// Black-box test of the real kb-searchd binary: start it on a free port, wait for
// /readyz, query it with curl and with kb-query --server, stop it with SIGTERM.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "../support/child_process.h"
#include "../support/raw_connection.h"
#include "../support/run_command.h"
#include "../support/temp_dir.h"

using namespace std::chrono_literals;
using kb::testing::run_command;
using kb::testing::shell_quote;

namespace {

TEST(KbSearchd, ServesCurlAndKbQueryThenStopsCleanlyOnSigterm) {
  kb::testing::TempDir index;
  auto built = run_command(std::string(KB_INDEX_BIN) + " " +
                           shell_quote(std::string(KB_SOURCE_DIR) + "/corpus") + " -q --out " +
                           shell_quote(index.str()));
  ASSERT_EQ(built.exit_code, 0) << built.err;

  kb::testing::ChildProcess daemon(
      {KB_SEARCHD_BIN, "--index", index.str(), "--port", "0", "--access-log", "off"});
  auto banner = daemon.read_line(10s);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(banner, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)"))) << banner;
  std::string base = "http://127.0.0.1:" + m[1].str();

  // Poll /readyz until the index is open.
  bool ready = false;
  for (int i = 0; i < 100 && !ready; ++i) {
    ready = run_command("curl -sf " + base + "/readyz").exit_code == 0;
    if (!ready) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(ready);

  auto curl = run_command("curl -s " + shell_quote(base + "/api/v1/search?kind=message"));
  ASSERT_EQ(curl.exit_code, 0) << curl.err;
  EXPECT_EQ(nlohmann::json::parse(curl.out)["total"], 5);
  auto status = run_command("curl -s -o /dev/null -w '%{http_code}' " +
                            shell_quote(base + "/api/v1/search?page=abc"));
  EXPECT_EQ(status.out, "400");

  // kb-query --server gives exactly what the local index gives.
  auto remote = run_command(std::string(KB_QUERY_BIN) + " --server " + base +
                            " --json --limit 5 'DNS abuse'");
  auto local = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(index.str()) +
                           " --json --limit 5 'DNS abuse'");
  ASSERT_EQ(remote.exit_code, 0) << remote.err;
  ASSERT_EQ(local.exit_code, 0) << local.err;
  EXPECT_EQ(remote.out, local.out);
  auto remote_text =
      run_command("NO_COLOR=1 " + std::string(KB_QUERY_BIN) + " --server " + base + " --messages");
  auto local_text = run_command("NO_COLOR=1 " + std::string(KB_QUERY_BIN) + " --index " +
                                shell_quote(index.str()) + " --messages");
  EXPECT_EQ(remote_text.out, local_text.out);
  EXPECT_NE(remote_text.out.find("Fragmentation Is the Real Threat"), std::string::npos);
  auto bad =
      run_command(std::string(KB_QUERY_BIN) + " --server " + base + " --audience astronauts ''");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("astronauts"), std::string::npos) << bad.err;

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), 0);
}

// kb-query --server exits as the local mode does for a query over the word cap (2) and
// for a search past the daemon's time budget (1), with the daemon's message.
TEST(KbSearchd, QueryLimitsAndTheSearchBudgetReachKbQueryAsExitCodes) {
  kb::testing::TempDir index;
  auto built = run_command(std::string(KB_INDEX_BIN) + " " +
                           shell_quote(std::string(KB_SOURCE_DIR) + "/corpus") + " -q --out " +
                           shell_quote(index.str()));
  ASSERT_EQ(built.exit_code, 0) << built.err;
  kb::testing::ChildProcess daemon({KB_SEARCHD_BIN, "--index", index.str(), "--port", "0",
                                    "--access-log", "off", "--search-budget-ms", "0"});
  auto banner = daemon.read_line(10s);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(banner, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)"))) << banner;
  std::string base = "http://127.0.0.1:" + m[1].str();

  std::string words;
  for (int i = 0; i < 65; ++i) words += "w" + std::to_string(i) + " ";
  auto complex =
      run_command(std::string(KB_QUERY_BIN) + " --server " + base + " " + shell_quote(words));
  EXPECT_EQ(complex.exit_code, 2) << complex.err;
  EXPECT_NE(complex.err.find("65 words"), std::string::npos) << complex.err;
  auto timeout =
      run_command(std::string(KB_QUERY_BIN) + " --server " + base + " 'internet governance'");
  EXPECT_EQ(timeout.exit_code, 1) << timeout.err;
  EXPECT_NE(timeout.err.find("time budget"), std::string::npos) << timeout.err;
  EXPECT_NE(timeout.err.find("HTTP 503"), std::string::npos) << timeout.err;

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), 0);
}

TEST(KbSearchd, SigtermEndsTheDaemonWhileAClientIsStillDrippingBytes) {
  kb::testing::TempDir index;
  auto built = run_command(std::string(KB_INDEX_BIN) + " " +
                           shell_quote(std::string(KB_SOURCE_DIR) + "/corpus") + " -q --out " +
                           shell_quote(index.str()));
  ASSERT_EQ(built.exit_code, 0) << built.err;
  // A long header deadline: only the shutdown may end the dripping connection.
  kb::testing::ChildProcess daemon({KB_SEARCHD_BIN, "--index", index.str(), "--port", "0",
                                    "--access-log", "off", "--threads", "2", "--header-timeout",
                                    "600"});
  auto banner = daemon.read_line(10s);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(banner, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)"))) << banner;
  int port = std::stoi(m[1].str());

  kb::testing::RawConnection drip(port);
  ASSERT_TRUE(drip.send("GET /api/v1/search?q=x HTTP/1.1\r\nHost: x\r\nX-Drip: "));
  std::atomic<bool> stop{false};
  std::thread dripper([&] {
    while (!stop && drip.send("a")) std::this_thread::sleep_for(100ms);
  });
  // A request in another connection is answered, so the daemon is serving.
  auto ok = run_command("curl -sf -o /dev/null http://127.0.0.1:" + m[1].str() + "/healthz");
  EXPECT_EQ(ok.exit_code, 0);

  daemon.signal(SIGTERM);
  int code = daemon.wait(60s);  // a safety net: it exits at once
  stop = true;
  dripper.join();
  EXPECT_EQ(code, 0) << "kb-searchd did not exit on SIGTERM while a client was dripping bytes";
}

TEST(KbSearchd, BadConfigurationIsAUsageError) {
  auto port = run_command(std::string(KB_SEARCHD_BIN) + " --port 99999");
  EXPECT_EQ(port.exit_code, 2);
  EXPECT_NE(port.err.find("--port"), std::string::npos) << port.err;
  auto env = run_command("KB_THREADS=many " + std::string(KB_SEARCHD_BIN));
  EXPECT_EQ(env.exit_code, 2);
  EXPECT_NE(env.err.find("KB_THREADS"), std::string::npos) << env.err;
}

TEST(KbSearchd, FlagsBeatEnvironmentWhichBeatsTheConfigFile) {
  kb::testing::TempDir dir;
  kb::testing::write_file(dir.path() / "kb.conf", "port = 1\nthreads = 2\n");
  // The file's port 1 is overridden by KB_PORT, which is overridden by --port 0.
  kb::testing::ChildProcess daemon({"/usr/bin/env", "KB_CONFIG=" + (dir / "kb.conf"), "KB_PORT=2",
                                    KB_SEARCHD_BIN, "--port", "0", "--index", dir / "none",
                                    "--access-log", "off"});
  auto banner = daemon.read_line(10s);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(banner, m, std::regex(":(\\d+) "))) << banner;
  EXPECT_GT(std::stoi(m[1].str()), 1024);
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), 0);

  // Without the flag, the environment's port wins over the file's.
  auto env_only = run_command("KB_CONFIG=" + shell_quote(dir / "kb.conf") + " KB_PORT=notaport " +
                              std::string(KB_SEARCHD_BIN) + " --index /nonexistent");
  EXPECT_EQ(env_only.exit_code, 2);
  EXPECT_NE(env_only.err.find("KB_PORT"), std::string::npos) << env_only.err;
}

TEST(KbSearchd, HelpListsTheStatisticsSettings) {
  auto help = run_command(std::string(KB_SEARCHD_BIN) + " --help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag :
       {"--stats-file", "--admin-token", "KB_STATS_FILE", "KB_ADMIN_TOKEN", "/api/v1/stats"})
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag << "\n" << help.out;
}

// A damaged stats file: kb-searchd says which file and why, exits 1 (a runtime failure in
// the error table) and leaves the file as it was.
TEST(KbSearchd, ADamagedStatsFileStopsTheStartWithAClearMessage) {
  kb::testing::TempDir dir;
  const std::string damaged = "not json at all\n";
  kb::testing::write_file(dir.path() / "stats.json", damaged);
  auto run =
      run_command(std::string(KB_SEARCHD_BIN) + " --port 0 --access-log off --index " +
                  shell_quote(dir / "none") + " --stats-file " + shell_quote(dir / "stats.json"));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find(dir / "stats.json"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("damaged"), std::string::npos) << run.err;
  std::ifstream in(dir / "stats.json", std::ios::binary);
  std::string now((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(now, damaged);
}

}  // namespace
