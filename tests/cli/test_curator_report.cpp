// kb-query report and review against the real kb-searchd, whose search statistics tell
// which facts staff are shown and what they searched for and did not find. The date is
// fixed ($KB_TODAY=2026-06-01: every seed document is past its 12-month review).
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "../support/child_process.h"
#include "../support/run_command.h"
#include "../support/temp_dir.h"

using namespace std::chrono_literals;
using kb::testing::run_command;
using kb::testing::shell_quote;

namespace {

const std::string kToday = "KB_TODAY=2026-06-01 ";

class CuratorReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = new kb::testing::TempDir;
    auto built = run_command(std::string(KB_INDEX_BIN) + " " +
                             shell_quote(std::string(KB_SOURCE_DIR) + "/corpus") + " -q --out " +
                             shell_quote(index_->str()));
    ASSERT_EQ(built.exit_code, 0) << built.err;
    daemon_ = new kb::testing::ChildProcess({"/usr/bin/env", "KB_TODAY=2026-06-01", KB_SEARCHD_BIN,
                                             "--index", index_->str(), "--port", "0",
                                             "--access-log", "off"});
    auto banner = daemon_->read_line(30s);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(banner, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)")))
        << banner;
    base_ = "http://127.0.0.1:" + m[1].str();
    bool ready = false;
    while (!ready) {  // the daemon says when its index is open; no deadline of ours
      ready = run_command("curl -sf " + base_ + "/readyz").exit_code == 0;
      if (!ready) std::this_thread::sleep_for(50ms);
    }
  }
  static void TearDownTestSuite() {
    delete daemon_;
    delete index_;
  }
  static nlohmann::json get(const std::string& target) {
    auto r = run_command("curl -s " + shell_quote(base_ + target));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
  static kb::testing::CommandResult kb_query(const std::string& args) {
    return run_command("NO_COLOR=1 " + kToday + KB_QUERY_BIN + " --server " + base_ + " " + args);
  }
  static inline kb::testing::TempDir* index_ = nullptr;
  static inline kb::testing::ChildProcess* daemon_ = nullptr;
  static inline std::string base_;
};

TEST_F(CuratorReport, ShowsReviewHealthStaleFactsShownGapsAndProofPointsNeverShown) {
  std::set<std::string> shown_proof_points;
  std::string top;
  for (int i = 0; i < 3; ++i) {
    auto r = get("/api/v1/search?q=DNS+abuse");
    top = r["hits"][0]["id"];
    for (const auto& h : r["hits"])
      if (h["kind"] == "proof-point") shown_proof_points.insert(h["id"]);
  }
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(get("/api/v1/search?q=xylophone+quantum+banana")["total"], 0);
  EXPECT_EQ(get("/api/v1/search?q=fragmentation&kind=signatory")["total"], 0);

  auto r = kb_query("report");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto& out = r.out;
  EXPECT_EQ(out.rfind("Curator's report as of 2026-06-01", 0), 0u) << out;
  EXPECT_NE(out.find("REVIEW HEALTH  0% fresh (0 of 182 units)"), std::string::npos) << out;
  EXPECT_NE(out.find("6 searches, 3 found nothing"), std::string::npos) << out;
  // The unit shown first for "DNS abuse", three times, and stale.
  EXPECT_NE(out.find("3x  "), std::string::npos) << out;
  EXPECT_NE(out.find("[" + top + "]"), std::string::npos) << out;
  // What found nothing: the nonsense is a gap; "fragmentation" (among signatories) has a
  // message near it.
  auto gap = out.find("\"xylophone quantum banana\"  2x, last ");
  ASSERT_NE(gap, std::string::npos) << out;
  EXPECT_NE(out.find("nothing near it: a gap in the corpus", gap), std::string::npos) << out;
  auto frag = out.find("\"fragmentation\"  1x");
  ASSERT_NE(frag, std::string::npos) << out;
  EXPECT_NE(out.find("nearest message: Fragmentation Is the Real Threat", frag), std::string::npos)
      << out;
  // Every proof point not in a returned page is listed as never shown.
  EXPECT_NE(out.find("PROOF POINTS NEVER SHOWN  " + std::to_string(20 - shown_proof_points.size())),
            std::string::npos)
      << out;
  for (const auto& id : shown_proof_points)
    EXPECT_EQ(out.find("[" + id + "]\n", out.find("PROOF POINTS NEVER SHOWN")), std::string::npos)
        << id;

  auto md = kb_query("report --markdown");
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_EQ(md.out.rfind("# Curator's report, 2026-06-01\n\n## Review health\n\n**0% fresh**", 0),
            0u)
      << md.out;
  EXPECT_NE(md.out.find("**nothing near it: a gap**"), std::string::npos) << md.out;
}

TEST_F(CuratorReport, ALocalIndexGivesTheReviewHealthAndSaysThereAreNoStatistics) {
  auto local = run_command("NO_COLOR=1 " + kToday + KB_QUERY_BIN + " --index " +
                           shell_quote(index_->str()) + " report");
  ASSERT_EQ(local.exit_code, 0) << local.err;
  EXPECT_NE(local.out.find("0% fresh (0 of 182 units)"), std::string::npos) << local.out;
  EXPECT_NE(local.out.find("no search statistics: a local index keeps none"), std::string::npos)
      << local.out;
  EXPECT_EQ(local.out.find("SEARCHED FOR"), std::string::npos);
}

TEST_F(CuratorReport, TheReviewQueueListsTheMostShownFirst) {
  get("/api/v1/search?q=IGF+mandate");
  get("/api/v1/search?q=IGF+mandate");
  auto stats = get("/api/v1/stats?limit=100");
  std::map<std::string, std::size_t> per_source;
  for (const auto& u : stats["top_units"]) {
    auto id = u["id"].get<std::string>();
    per_source[id.substr(0, id.find('/'))] += u["count"].get<std::size_t>();
  }
  ASSERT_FALSE(per_source.empty());
  std::size_t most = 0;
  for (const auto& [source, n] : per_source) most = std::max(most, n);
  auto queue = kb_query("review --json");
  ASSERT_EQ(queue.exit_code, 0) << queue.err;
  auto j = nlohmann::json::parse(queue.out);
  ASSERT_FALSE(j["documents"].empty());
  EXPECT_EQ(per_source[j["documents"][0]["source"]["id"].get<std::string>()], most)
      << "the document whose units were shown most comes first";
  // Within it, the first unit is its most shown one.
  std::size_t first_count = 0, best = 0;
  auto first_id = j["documents"][0]["messages"][0]["units"][0]["id"].get<std::string>();
  for (const auto& u : stats["top_units"]) {
    if (u["id"] == first_id) first_count = u["count"];
  }
  for (const auto& m : j["documents"][0]["messages"][0]["units"])
    for (const auto& u : stats["top_units"])
      if (u["id"] == m["id"]) best = std::max(best, u["count"].get<std::size_t>());
  EXPECT_EQ(first_count, best);
}

}  // namespace
