// kb-index republishes incrementally: the JSON summary says which build it was and what
// it re-indexed; --full forces a full build; a malformed changed document stops the
// update with file:line and leaves the published index as it was.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../support/run_command.h"
#include "../support/temp_dir.h"

namespace fs = std::filesystem;
using kb::testing::run_command;
using kb::testing::shell_quote;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

kb::testing::CommandResult index(const fs::path& corpus, const fs::path& out,
                                 const std::string& flags = "") {
  return run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) +
                     " -q --json --out " + shell_quote(out.string()) + " " + flags);
}

std::size_t found(const fs::path& out, const std::string& word) {
  auto r = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(out.string()) +
                       " --json --no-facets --no-correct " + shell_quote(word));
  if (r.exit_code != 0) return 999;
  return nlohmann::json::parse(r.out)["total"].get<std::size_t>();
}

void append(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::app);
  out << text;
}

}  // namespace

TEST(IndexIncremental, JsonSaysIncrementalOrFullAndCounts) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  fs::copy(std::string(KB_SOURCE_DIR) + "/corpus", corpus, fs::copy_options::recursive);
  auto out = work.path() / "index";
  auto first = index(corpus, out);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto j = nlohmann::json::parse(first.out);
  EXPECT_EQ(j["build"], "full");
  EXPECT_EQ(j["full_reason"], "no published generation");

  append(corpus / "documents/tccm-wsis20-update.txt",
         "\n\nA closing paragraph about the okapiwords initiative.\n");
  auto second = index(corpus, out);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  j = nlohmann::json::parse(second.out);
  EXPECT_EQ(j["build"], "incremental");
  EXPECT_EQ(j["documents_updated"], 1);
  EXPECT_EQ(j["documents_removed"], 0);
  EXPECT_EQ(j["documents_reused"], 4);
  EXPECT_EQ(j["documents"], first.exit_code == 0 ? nlohmann::json::parse(first.out)["documents"]
                                                 : nlohmann::json());
  EXPECT_EQ(found(out, "okapiwords"), 1u);

  auto text = run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) +
                          " -q --color never --out " + shell_quote(out.string()));
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("incremental: updated 0 documents"), std::string::npos) << text.out;

  auto full = index(corpus, out, "--full");
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_EQ(nlohmann::json::parse(full.out)["build"], "full");
  EXPECT_EQ(nlohmann::json::parse(full.out)["full_reason"], "--full");

  append(corpus / "glossary.xml", "\n");
  auto glossary = index(corpus, out);
  ASSERT_EQ(glossary.exit_code, 0) << glossary.err;
  EXPECT_EQ(nlohmann::json::parse(glossary.out)["build"], "full");
}

TEST(IndexIncremental, DeletingADocumentRemovesItsUnits) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  fs::copy(std::string(KB_SOURCE_DIR) + "/corpus", corpus, fs::copy_options::recursive);
  write_file(corpus / "documents/extra-note.md",
             "Extra note\n\nOnly this note says capybarawords.\n");
  auto out = work.path() / "index";
  ASSERT_EQ(index(corpus, out).exit_code, 0);
  EXPECT_EQ(found(out, "capybarawords"), 1u);
  fs::remove(corpus / "documents/extra-note.md");
  auto r = index(corpus, out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["build"], "incremental");
  EXPECT_EQ(j["documents_removed"], 1);
  EXPECT_EQ(j["units_removed"], 1);
  EXPECT_EQ(found(out, "capybarawords"), 0u);
}

TEST(IndexIncremental, AMalformedChangedDocumentLeavesTheIndexUnchanged) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  fs::copy(std::string(KB_SOURCE_DIR) + "/corpus", corpus, fs::copy_options::recursive);
  const std::string good =
      "<?xml version=\"1.0\"?>\n<framework id=\"frame\" lang=\"en\">\n"
      "  <title>Frame</title>\n  <message id=\"m1\">\n    <title>Walruswords</title>\n"
      "    <text>A message.</text>\n    <proof-point id=\"pp1\"><text>One.</text></proof-point>\n"
      "  </message>\n</framework>\n";
  write_file(corpus / "documents/frame.xml", good);
  auto out = work.path() / "index";
  auto first = index(corpus, out);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto published = fs::read_symlink(out / "current");
  auto bad = good;
  bad.replace(bad.find("<text>A message.</text>"), 23, "<text>A message.</txet>");
  write_file(corpus / "documents/frame.xml", bad);
  auto r = index(corpus, out);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("frame.xml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unchanged"), std::string::npos) << r.err;
  EXPECT_EQ(fs::read_symlink(out / "current"), published);
  EXPECT_EQ(found(out, "walruswords"), 2u);  // the message and its proof point
}

TEST(IndexIncremental, AnyNumberOfJobsGivesTheSameAnswers) {
  TempDir work;
  auto corpus = std::string(KB_SOURCE_DIR) + "/corpus";
  auto one = index(corpus, work.path() / "one", "--jobs 1");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  auto two = index(corpus, work.path() / "two", "--jobs 2");
  ASSERT_EQ(two.exit_code, 0) << two.err;
  for (const std::string q : {"DNS abuse", "internet governance forum", "capacity building"}) {
    auto answer = [&](const char* name) {
      auto r =
          run_command(std::string(KB_QUERY_BIN) + " --index " +
                      shell_quote((work.path() / name).string()) + " --json " + shell_quote(q));
      EXPECT_EQ(r.exit_code, 0) << r.err;
      auto j = nlohmann::json::parse(r.out);
      j.erase("took_ms");
      return j;
    };
    EXPECT_EQ(answer("one"), answer("two")) << q;
  }
  auto bad = index(corpus, work.path() / "bad", "--jobs many");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--jobs"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(work.path() / "bad"));
}
