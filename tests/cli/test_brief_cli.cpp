// kb-query brief, run as staff would run it: terminal, Markdown and JSON, locally and
// through a running kb-searchd.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "../support/child_process.h"
#include "../support/run_command.h"
#include "../support/temp_dir.h"

using namespace std::chrono_literals;
using kb::testing::run_command;
using kb::testing::shell_quote;

namespace {

const std::string kQueryBin = KB_QUERY_BIN;

class BriefCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = new kb::testing::TempDir;
    auto r = run_command(std::string(KB_INDEX_BIN) + " " +
                         shell_quote(std::string(KB_SOURCE_DIR) + "/corpus") + " -q --out " +
                         shell_quote(index_->str()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete index_; }
  static kb::testing::CommandResult brief(const std::string& args) {
    return run_command("NO_COLOR=1 " + kQueryBin + " --index " + shell_quote(index_->str()) +
                       " brief " + args);
  }
  static inline kb::testing::TempDir* index_ = nullptr;
};

TEST_F(BriefCli, TerminalBriefReadsInOrderWithCitations) {
  auto r = brief("--audience policymakers 'DNS abuse'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto& out = r.out;
  auto at = [&](const std::string& s) { return out.find(s); };
  ASSERT_NE(at("Brief for Policymakers: DNS abuse"), std::string::npos) << out;
  // Guidance, then messages (with why and proof points), then sources.
  EXPECT_LT(at("GUIDANCE FOR POLICYMAKERS"), at("MESSAGES"));
  EXPECT_LT(at("MESSAGES"), at("SOURCES"));
  EXPECT_NE(at("why: "), std::string::npos);
  EXPECT_NE(at("[wsis20-framework/m1/pp4]"), std::string::npos);
  EXPECT_NE(at("[wsis20-framework/m5/pp3]"), std::string::npos);
  EXPECT_NE(at("WSIS+20 Messaging Framework: Reinforcing What Works, ICANN, 2025-05-28"),
            std::string::npos);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);  // NO_COLOR: no escape sequence
  EXPECT_EQ(out.find("<mark>"), std::string::npos);
}

TEST_F(BriefCli, MarkdownIsReadyToPaste) {
  auto r = brief("-a business --theme fragmentation --markdown");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("# Brief for Business and Industry: ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("## Guidance for Business and Industry"), std::string::npos);
  EXPECT_NE(r.out.find("### 1. Fragmentation Is the Real Threat"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("_Why: "), std::string::npos);
  EXPECT_NE(r.out.find("## Sources"), std::string::npos);
  EXPECT_EQ(r.out.find("<mark>"), std::string::npos);
}

TEST_F(BriefCli, JsonIsTheApiShapeAndServerGivesTheSame) {
  auto local = brief("-a civil-society --json 'IGF funding'");
  ASSERT_EQ(local.exit_code, 0) << local.err;
  auto j = nlohmann::json::parse(local.out);
  EXPECT_EQ(j["audience"]["id"], "civil-society");
  EXPECT_EQ(j["messages"][0]["message"]["id"], "wsis20-framework/m3");

  kb::testing::ChildProcess daemon(
      {KB_SEARCHD_BIN, "--index", index_->str(), "--port", "0", "--access-log", "off"});
  auto banner = daemon.read_line(10s);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(banner, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)"))) << banner;
  std::string base = "http://127.0.0.1:" + m[1].str();
  bool ready = false;
  for (int i = 0; i < 200 && !ready; ++i) {
    ready = run_command("curl -sf " + base + "/readyz").exit_code == 0;
    if (!ready) std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(ready);
  auto remote = run_command(kQueryBin + " --server " + base + " brief -a civil-society --json " +
                            "'IGF funding'");
  ASSERT_EQ(remote.exit_code, 0) << remote.err;
  EXPECT_EQ(remote.out, local.out);
  auto remote_text = run_command("NO_COLOR=1 " + kQueryBin + " --server " + base +
                                 " brief -a civil-society 'IGF funding'");
  EXPECT_EQ(remote_text.out, brief("-a civil-society 'IGF funding'").out);
  auto unknown = run_command(kQueryBin + " --server " + base + " brief -a astronauts DNS");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("astronauts"), std::string::npos) << unknown.err;
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), 0);
}

TEST_F(BriefCli, UsageErrorsExitTwoWithAMessage) {
  auto no_audience = brief("'DNS abuse'");
  EXPECT_EQ(no_audience.exit_code, 2);
  EXPECT_NE(no_audience.err.find("--audience"), std::string::npos) << no_audience.err;
  auto no_topic = brief("-a policymakers");
  EXPECT_EQ(no_topic.exit_code, 2);
  EXPECT_NE(no_topic.err.find("topic"), std::string::npos) << no_topic.err;
  auto both = brief("-a policymakers --json --markdown DNS");
  EXPECT_EQ(both.exit_code, 2);
  auto unknown = brief("-a astronauts DNS");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("astronauts"), std::string::npos);
  auto help = brief("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--markdown"), std::string::npos);
}

TEST_F(BriefCli, TheWordBriefIsStillSearchableAfterDoubleDash) {
  auto r = run_command("NO_COLOR=1 " + kQueryBin + " --index " + shell_quote(index_->str()) +
                       " --no-facets -- brief");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("result"), std::string::npos) << r.out;
}

}  // namespace
