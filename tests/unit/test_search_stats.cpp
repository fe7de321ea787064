// Issue 13 part 3: kb-searchd's search statistics in memory — normalised queries, what
// counts, the caps on distinct queries and units, and the file form read back.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "../support/temp_dir.h"
#include "kb/error.h"
#include "search_stats.h"
#include "stats_file.h"

namespace {

using kb::http::normalise_query;
using kb::http::SearchStats;
using kb::http::StatsLimits;
using nlohmann::json;

TEST(SearchStatsNormalise, TrimsLowerCasesAndCollapsesWhitespace) {
  EXPECT_EQ(normalise_query("  dns   ABUSE ", 200), "dns abuse");
  EXPECT_EQ(normalise_query("DNS\tabuse\n", 200), "dns abuse");
  EXPECT_EQ(normalise_query("DNS abuse", 200), "dns abuse");
  EXPECT_EQ(normalise_query("   ", 200), "");
  EXPECT_EQ(normalise_query("", 200), "");
  // Non-ASCII letters are kept as typed; only ASCII is lower-cased.
  EXPECT_EQ(normalise_query("Égalité IGF", 200), "Égalité igf");
}

TEST(SearchStatsNormalise, CutsLongQueriesAtACharacterBoundary) {
  EXPECT_EQ(normalise_query("abcdef", 4), "abcd");
  // "é" is two bytes: a cut in its middle drops it whole.
  EXPECT_EQ(normalise_query("abcé", 4), "abc");
  EXPECT_EQ(normalise_query("ab cd", 3), "ab");  // no trailing space after the cut
  EXPECT_EQ(normalise_query(std::string(5000, 'x'), 200).size(), 200u);
}

TEST(SearchStats, CountsSearchesZeroResultsAndShownUnits) {
  SearchStats stats;
  EXPECT_TRUE(stats.record_search("DNS abuse", 12, {"a", "b"}, "2026-01-01T00:00:00Z"));
  EXPECT_TRUE(stats.record_search("  dns   ABUSE ", 12, {"a"}, "2026-01-01T00:00:01Z"));
  EXPECT_TRUE(stats.record_search("xylophone", 0, {}, "2026-01-01T00:00:02Z"));
  EXPECT_FALSE(stats.record_search("   ", 3, {"c"}, "2026-01-01T00:00:03Z"));  // not counted
  stats.record_open("b");
  stats.record_open("z");

  EXPECT_EQ(stats.searches(), 3u);
  EXPECT_EQ(stats.zero_result_searches(), 1u);
  auto r = stats.report(20);
  EXPECT_EQ(r["searches"], 3);
  EXPECT_EQ(r["zero_result_searches"], 1);
  ASSERT_EQ(r["top_queries"].size(), 2u);
  EXPECT_EQ(r["top_queries"][0]["query"], "dns abuse");
  EXPECT_EQ(r["top_queries"][0]["count"], 2);
  EXPECT_EQ(r["top_queries"][0]["last"], "2026-01-01T00:00:01Z");
  EXPECT_EQ(r["top_queries"][1]["query"], "xylophone");
  ASSERT_EQ(r["no_results"].size(), 1u);
  EXPECT_EQ(r["no_results"][0],
            (json{{"query", "xylophone"}, {"count", 1}, {"last", "2026-01-01T00:00:02Z"}}));
  ASSERT_EQ(r["top_units"].size(), 3u);  // a (2 shown), b (1 shown, 1 opened), z (opened)
  EXPECT_EQ(r["top_units"][0], (json{{"id", "a"}, {"count", 2}, {"opened", 0}}));
  EXPECT_EQ(r["top_units"][1], (json{{"id", "b"}, {"count", 1}, {"opened", 1}}));
  EXPECT_EQ(r["top_units"][2], (json{{"id", "z"}, {"count", 0}, {"opened", 1}}));
  EXPECT_TRUE(r["top_units"].dump().find("\"c\"") == std::string::npos);
}

TEST(SearchStats, ListsAreOrderedByCountThenQueryAndLimited) {
  SearchStats stats;
  for (const char* q : {"b", "a", "c", "c", "b", "d"}) stats.record_search(q, 0, {}, "t");
  auto r = stats.report(3);
  ASSERT_EQ(r["top_queries"].size(), 3u);
  EXPECT_EQ(r["top_queries"][0]["query"], "b");  // 2, and b < c
  EXPECT_EQ(r["top_queries"][1]["query"], "c");
  EXPECT_EQ(r["top_queries"][2]["query"], "a");  // 1, and a < d
  EXPECT_EQ(r["no_results"][0]["query"], "b");
  EXPECT_EQ(r["no_results"].size(), 3u);
}

TEST(SearchStats, DistinctQueriesAndUnitsAreCappedEvictingTheLeastRecentlySeen) {
  SearchStats stats(StatsLimits{3, 2, 200});
  stats.record_search("one", 1, {"u1"}, "t");
  stats.record_search("two", 1, {"u2"}, "t");
  stats.record_search("three", 1, {}, "t");
  stats.record_search("one", 1, {"u1"}, "t");   // "one" and u1 seen again: two is oldest now
  stats.record_search("four", 1, {"u3"}, "t");  // evicts "two", and u2
  for (int i = 0; i < 1000; ++i) stats.record_search("hostile " + std::to_string(i), 0, {}, "t");
  stats.record_search("one", 1, {}, "t");
  auto r = stats.report(100);
  EXPECT_EQ(r["top_queries"].size(), 3u);
  EXPECT_EQ(r["searches"], 1006);  // totals count everything, evicted or not
  auto queries = r["top_queries"].dump();
  EXPECT_NE(queries.find("\"one\""), std::string::npos) << queries;
  EXPECT_EQ(queries.find("\"two\""), std::string::npos) << queries;
  EXPECT_EQ(r["top_units"].size(), 2u);
  auto units = r["top_units"].dump();
  EXPECT_EQ(units.find("u2"), std::string::npos) << units;
  EXPECT_NE(units.find("u1"), std::string::npos) << units;
  EXPECT_NE(units.find("u3"), std::string::npos) << units;
}

TEST(SearchStats, TheFileFormReadsBackWithItsEvictionOrder) {
  SearchStats stats(StatsLimits{2, 10, 200});
  stats.record_search("old", 0, {"x"}, "t1");
  stats.record_search("new", 3, {"x", "y"}, "t2");
  stats.record_open("y");
  auto file = stats.to_file();

  SearchStats back(StatsLimits{2, 10, 200});
  back.from_file(file);
  EXPECT_EQ(back.report(20), stats.report(20));
  EXPECT_EQ(back.to_file(), file);
  back.record_search("newest", 1, {}, "t3");  // "old" is the least recent: it goes
  auto queries = back.report(20)["top_queries"].dump();
  EXPECT_EQ(queries.find("\"old\""), std::string::npos) << queries;
  EXPECT_NE(queries.find("\"new\""), std::string::npos) << queries;
}

TEST(SearchStats, AFileThatIsNotOneIsRefusedAndChangesNothing) {
  SearchStats stats;
  stats.record_search("kept", 1, {}, "t");
  auto before = stats.to_file();
  for (const auto& doc : {json::array(), json{{"format", "other"}},
                          json{{"format", "kb-search-stats"}, {"version", 2}},
                          json{{"format", "kb-search-stats"}, {"version", 1}, {"searches", -1}},
                          json{{"format", "kb-search-stats"},
                               {"version", 1},
                               {"searches", 1},
                               {"zero_result_searches", 0},
                               {"queries", json::array({json{{"query", "q"}, {"count", "many"}}})},
                               {"units", json::array()}}}) {
    EXPECT_THROW(stats.from_file(doc), std::runtime_error) << doc.dump();
    EXPECT_EQ(stats.to_file(), before) << doc.dump();
  }
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(StatsFile, WritesOnStopReadsBackAndLeavesNoTemporaryFile) {
  kb::testing::TempDir dir;
  auto path = dir / "stats.json";
  {
    SearchStats stats;
    kb::http::StatsFile file(path, stats, std::chrono::hours(1));
    EXPECT_FALSE(std::filesystem::exists(path));  // nothing counted, nothing written
    stats.record_search("dns abuse", 2, {"u"}, "t");
  }  // the destructor writes
  ASSERT_TRUE(std::filesystem::exists(path));
  SearchStats again;
  {
    kb::http::StatsFile file(path, again, std::chrono::hours(1));
    EXPECT_EQ(again.searches(), 1u);
    again.record_open("u");
    file.flush();
  }
  EXPECT_EQ(json::parse(slurp(path))["units"][0]["opened"], 1);
  std::size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    ++entries;
    EXPECT_EQ(e.path().filename(), "stats.json");
  }
  EXPECT_EQ(entries, 1u);
}

TEST(StatsFile, TheBackgroundWriterWritesWithoutAStop) {
  kb::testing::TempDir dir;
  auto path = dir / "stats.json";
  SearchStats stats;
  kb::http::StatsFile file(path, stats, std::chrono::milliseconds(10));
  stats.record_search("written in the background", 0, {}, "t");
  // Eventually, not by a deadline: the test fails only if it is never written.
  std::string text;
  for (int i = 0; i < 2000 && text.find("background") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    text = slurp(path);
  }
  EXPECT_NE(text.find("written in the background"), std::string::npos);
  EXPECT_EQ((std::filesystem::status(path).permissions() & std::filesystem::perms::others_read),
            std::filesystem::perms::none);  // queries can be personal: not world-readable
}

TEST(StatsFile, ADamagedFileIsAnErrorAndStaysByteIdentical) {
  kb::testing::TempDir dir;
  auto path = dir / "stats.json";
  for (const std::string text : {"{\"format\": \"kb-search-stats\", \"ver", "[1, 2]", ""}) {
    { std::ofstream(path, std::ios::binary) << text; }
    SearchStats stats;
    try {
      kb::http::StatsFile file(path, stats);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const kb::Error& e) {
      EXPECT_EQ(e.code(), kb::ErrorCode::io_error);
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
    }
    EXPECT_EQ(slurp(path), text);
  }
}

TEST(StatsFile, AFolderThatDoesNotExistIsAnError) {
  kb::testing::TempDir dir;
  SearchStats stats;
  EXPECT_THROW(kb::http::StatsFile(dir / "none/stats.json", stats), kb::Error);
}

}  // namespace
