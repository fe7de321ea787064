// kb-index under faults: killed at random points, out of space, or given bad files.
// The published index must stay intact and answer queries, and the next build succeed.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "../support/child_process.h"
#include "../support/run_command.h"
#include "../support/temp_dir.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using kb::testing::run_command;
using kb::testing::shell_quote;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

// A corpus large enough that a build takes a while: the bundled corpus plus generated
// documents.
void make_big_corpus(const fs::path& dir, int extra_documents) {
  kb::testing::copy_bundled_corpus(dir);
  std::mt19937 rng(42);
  const char* words[] = {"registry", "resilience", "coordination", "policy", "stability", "governance",
                         "interoperable", "community", "forum", "mandate", "funding", "security"};
  for (int d = 0; d < extra_documents; ++d) {
    std::string text = "Generated note " + std::to_string(d) + "\n\n";
    for (int p = 0; p < 20; ++p) {
      for (int w = 0; w < 60; ++w) text += std::string(words[rng() % 12]) + (w % 12 == 11 ? ". " : " ");
      text += "\n\n";
    }
    write_file(dir / "documents" / ("note-" + std::to_string(d) + ".txt"), text);
  }
}

int messages_in(const std::string& index) {
  auto r = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(index) + " --json --kind message ''");
  if (r.exit_code != 0) return -1;
  return nlohmann::json::parse(r.out)["total"].get<int>();
}

TEST(IndexFaults, KillNineAtRandomPointsNeverDamagesThePublishedIndex) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  auto index = (work.path() / "index").string();
  make_big_corpus(corpus, 300);
  auto first = run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) + " -q --out " + shell_quote(index));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto published = fs::read_symlink(fs::path(index) / "current");

  std::mt19937 rng(7);
  int killed_mid_build = 0;
  for (int round = 0; round < 8; ++round) {
    kb::testing::ChildProcess build({KB_INDEX_BIN, corpus.string(), "-q", "--out", index});
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 400));
    build.signal(SIGKILL);
    int code = build.wait(10s);
    if (code == 128 + SIGKILL) ++killed_mid_build;
    // Whatever the moment of the kill, the published index answers in full.
    EXPECT_EQ(messages_in(index), 5) << "round " << round;
  }
  EXPECT_GT(killed_mid_build, 0) << "no build was interrupted: make the corpus bigger";
  auto next = run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) + " -q --out " + shell_quote(index));
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(messages_in(index), 5);
  EXPECT_NE(fs::read_symlink(fs::path(index) / "current"), published);
  // Leftovers of killed builds are cleaned up by the next one.
  for (const auto& e : fs::directory_iterator(index))
    EXPECT_NE(e.path().filename().string().rfind(".tmp-gen", 0), 0u) << e.path();
}

TEST(IndexFaults, NoSpaceLeftIsAClearErrorAndPublishesNothing) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  auto index = (work.path() / "index").string();
  make_big_corpus(corpus, 50);
  ASSERT_EQ(run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) + " -q --out " + shell_quote(index)).exit_code, 0);
  auto published = fs::read_symlink(fs::path(index) / "current");
  // A 256 KiB file-size limit stands in for a full disk: writes fail with EFBIG.
  auto full = run_command("ulimit -f 256; exec " + std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) +
                          " -q --out " + shell_quote(index));
  EXPECT_EQ(full.exit_code, 1) << full.err;
  EXPECT_NE(full.err.find("failed"), std::string::npos) << full.err;
  EXPECT_NE(full.err.find("unchanged"), std::string::npos) << full.err;
  EXPECT_EQ(fs::read_symlink(fs::path(index) / "current"), published);
  EXPECT_EQ(messages_in(index), 5);
}

TEST(IndexFaults, BadFilesAreNamedAndNothingIsPublished) {
  struct Case {
    const char* name;
    std::string content;
    const char* expected;
  };
  const Case cases[] = {
      {"documents/empty.txt", "", "empty.txt"},
      {"documents/latin1.txt", "Caf\xE9\n", "latin1.txt:1: "},
      {"documents/binary.txt", std::string("PK\x03\x04\0\0", 6), "binary.txt:1: "},
      {"documents/truncated.xml", "<framework id=\"t\"><message id=\"m1\"><title>T", "truncated.xml:1: "},
      {"catalog.xml", "<catalog><document id=\"x\" file=\"documents/missing.txt\"/></catalog>", "missing.txt"},
      {"documents/huge.txt", std::string(65u << 20, 'a'), "huge.txt: is 65 MiB"},
  };
  for (const auto& c : cases) {
    TempDir work;
    auto corpus = work.path() / "corpus";
    auto index = (work.path() / "index").string();
    kb::testing::copy_bundled_corpus(corpus);
    ASSERT_EQ(run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) + " -q --out " + shell_quote(index)).exit_code, 0);
    auto published = fs::read_symlink(fs::path(index) / "current");
    write_file(corpus / c.name, c.content);
    auto r = run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) + " -q --out " + shell_quote(index));
    EXPECT_EQ(r.exit_code, 1) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.name << ": " << r.err;
    EXPECT_EQ(fs::read_symlink(fs::path(index) / "current"), published) << c.name;
  }
}

}  // namespace
