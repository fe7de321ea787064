// kb-index --shards N: the index it publishes gives the kb-query output of one index, in
// the terminal and as JSON; a sharded index is rebuilt in full, and --shards is bounded.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "../support/run_command.h"
#include "../support/temp_dir.h"

namespace fs = std::filesystem;
using kb::testing::run_command;
using kb::testing::shell_quote;
using kb::testing::TempDir;

namespace {

kb::testing::CommandResult build(const fs::path& out, const std::string& flags) {
  return run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(KB_SOURCE_DIR "/corpus") +
                     " -q --json --out " + shell_quote(out.string()) + " " + flags);
}

std::string query(const fs::path& index, const std::string& args) {
  auto r = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(index.string()) +
                       " --color never " + args);
  EXPECT_EQ(r.exit_code, 0) << args << ": " << r.err;
  return r.out;
}

// The JSON output without what differs between two runs of the same search.
std::string without_timing(const std::string& out) {
  auto j = nlohmann::json::parse(out);
  j.erase("took_ms");
  return j.dump(1);
}

TEST(IndexShards, TwoShardsGiveTheKbQueryOutputOfOneIndex) {
  TempDir work;
  ASSERT_EQ(build(work / "one", "").exit_code, 0);
  auto sharded = build(work / "two", "--shards 2");
  ASSERT_EQ(sharded.exit_code, 0) << sharded.err;
  EXPECT_TRUE(fs::is_directory(fs::path(work / "two") / "current" / "shard-1"));
  for (const std::string q : {"DNS abuse", "IGF funding", "multistakeholder model",
                              "\"domain name\"", "governence", "capacity building NOT africa"}) {
    auto args = shell_quote(q);
    EXPECT_EQ(query(work / "one", args), query(work / "two", args)) << q;
    EXPECT_EQ(without_timing(query(work / "one", "--json " + args)),
              without_timing(query(work / "two", "--json " + args)))
        << q;
  }
  EXPECT_EQ(query(work / "one", "--audience policymakers ''"),
            query(work / "two", "--audience policymakers ''"));
}

TEST(IndexShards, MoreThanSixtyFourShardsIsAUsageError) {
  TempDir work;
  auto r = build(work / "index", "--shards 65");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("shards"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(fs::path(work / "index") / "current"));
}

}  // namespace
