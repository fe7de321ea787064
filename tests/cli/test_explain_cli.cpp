// kb-index --explain FILE (issue 14, part 3): how a document was understood, and the
// import warnings a build gives for a framework that looks cut wrong.
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
using kb::testing::write_file;

namespace {

const std::string corpus_dir = std::string(KB_SOURCE_DIR) + "/corpus";

kb::testing::CommandResult explain(const std::string& file, const std::string& corpus,
                                   const std::string& extra = "") {
  return run_command(std::string(KB_INDEX_BIN) + " --explain " + shell_quote(file) + " " +
                     shell_quote(corpus) + " --color never " + extra);
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// A framework whose second message has no proof points and with no audience section.
const char* const weak_framework =
    "Weak Framework\n"
    "\n"
    "Message 1: Keep the Internet Open\n"
    "\n"
    "An open Internet serves everyone who uses it.\n"
    "\n"
    "Proof Points:\n"
    "\n"
    "- Open standards let anyone build on the network.\n"
    "\n"
    "Message 2: Coordination Works\n"
    "\n"
    "Coordination among operators keeps the network running every day.\n";

}  // namespace

TEST(ExplainCli, BundledFrameworkShowsFiveMessagesOfFourProofPointsAndFourAudiences) {
  auto r = explain(corpus_dir + "/documents/wsis20-messaging-framework.txt", corpus_dir, "--json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kind"], "framework");
  EXPECT_EQ(j["kind_source"], "catalog");
  EXPECT_EQ(j["detected_kind"], "framework");
  EXPECT_EQ(j["format"], "text");
  EXPECT_EQ(j["corpus_file"], "documents/wsis20-messaging-framework.txt");
  ASSERT_EQ(j["messages"].size(), 5u) << r.out;
  for (const auto& m : j["messages"]) {
    EXPECT_EQ(m["proof_points"].size(), 4u) << m.dump();
    EXPECT_GT(m["line"].get<int>(), 0);
  }
  ASSERT_EQ(j["audience_guidance"].size(), 4u) << r.out;
  for (const auto& g : j["audience_guidance"]) EXPECT_TRUE(g["known"].get<bool>()) << g.dump();
  EXPECT_EQ(j["units_by_kind"]["proof-point"], 20);
  EXPECT_TRUE(j["warnings"].empty()) << r.out;
  bool toc = false;
  for (const auto& d : j["dropped"]) toc = toc || d["reason"] == "table of contents";
  EXPECT_TRUE(toc) << "the bundled framework has a table of contents: " << r.out;

  r = explain(corpus_dir + "/documents/wsis20-messaging-framework.txt", corpus_dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* heading : {"Sections", "Messages", "Audience guidance", "Other units",
                              "Dropped as artefacts", "Warnings"})
    EXPECT_TRUE(contains(r.out, std::string("\n") + heading + "\n")) << heading << "\n" << r.out;
  EXPECT_TRUE(contains(r.out, "framework (from catalog; detected: framework)")) << r.out;
  EXPECT_TRUE(contains(r.out, "Policymakers (policymakers)")) << r.out;
}

TEST(ExplainCli, TableOfContentsAndPageFootersAreListedAsDroppedWithReasons) {
  TempDir work;
  auto file = work / "report.txt";
  write_file(file,
             "Annual Report\n"
             "\n"
             "Table of Contents\n"
             "1 Introduction..... 2\n"
             "\n"
             "1 Introduction\n"
             "\n"
             "The report describes the year of the organisation in some detail.\n"
             "\n"
             "Page 1 of 2\n"
             "\n"
             "The second page continues the account of the year.\n"
             "\n"
             "Page 2 of 2\n");
  auto r = explain(file, corpus_dir, "--json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kind_source"], "detected");
  EXPECT_TRUE(j["corpus_file"].is_null());
  std::vector<std::pair<int, std::string>> dropped;
  for (const auto& d : j["dropped"]) dropped.emplace_back(d["line"], d["reason"]);
  std::vector<std::pair<int, std::string>> expected{
      {3, "table of contents"}, {4, "table of contents"}, {10, "page number"}, {14, "page number"}};
  EXPECT_EQ(dropped, expected) << r.out;

  r = explain(file, corpus_dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "\"Page 1 of 2\"")) << r.out;
  EXPECT_TRUE(contains(r.out, "page number")) << r.out;
  EXPECT_TRUE(contains(r.out, "(detected)")) << r.out;
}

TEST(ExplainCli, PdfReportsItsPagesAndMessages) {
  auto r = explain(std::string(KB_FIXTURES_DIR) + "/formats/wsis20-messaging-framework.pdf",
                   corpus_dir, "--json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "pdf");
  EXPECT_GT(j["pages"].get<int>(), 1) << r.out;
  EXPECT_EQ(j["kind"], "framework");
  EXPECT_EQ(j["messages"].size(), 5u);
  EXPECT_EQ(j["audience_guidance"].size(), 4u);

  r = explain(std::string(KB_FIXTURES_DIR) + "/formats/wsis20-messaging-framework.pdf", corpus_dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "format: pdf")) << r.out;
  EXPECT_TRUE(contains(r.out, " pages")) << r.out;
}

TEST(ExplainCli, FrameworkWithoutGuidanceOrProofPointsIsWarnedAbout) {
  TempDir work;
  auto file = work / "weak.txt";
  write_file(file, weak_framework);
  auto r = explain(file, corpus_dir, "--json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["kind"], "framework") << r.out;
  ASSERT_EQ(j["warnings"].size(), 2u) << r.out;
  EXPECT_EQ(j["warnings"][0]["message"], "message 2 'Coordination Works' has no proof points");
  EXPECT_EQ(j["warnings"][0]["line"], 11);
  EXPECT_TRUE(contains(j["warnings"][1]["message"], "audience guidance")) << r.out;

  r = explain(file, corpus_dir);
  ASSERT_EQ(r.exit_code, 0) << "warnings are not a failure of --explain: " << r.err;
  EXPECT_TRUE(contains(r.out, "message 2 'Coordination Works' has no proof points")) << r.out;
}

TEST(ExplainCli, BuildWarnsForAWeakFrameworkAndStrictRefusesIt) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  write_file(corpus / "documents/weak.txt", weak_framework);
  fs::copy_file(corpus_dir + "/taxonomy.xml", corpus / "taxonomy.xml");
  auto r = run_command(std::string(KB_INDEX_BIN) + " --check --json --color never " +
                       shell_quote(corpus.string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "kb-index: warning: " + (corpus / "documents/weak.txt").string() +
                                  ":11: message 2 'Coordination Works' has no proof points"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "audience guidance")) << r.err;
  EXPECT_FALSE(contains(r.err, "skipped")) << "an import warning skips nothing: " << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["import_warnings"].size(), 2u) << r.out;
  EXPECT_EQ(j["warnings"], 0) << "skipped files only: " << r.out;

  r = run_command(std::string(KB_INDEX_BIN) + " --check --strict -q --color never " +
                  shell_quote(corpus.string()));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(contains(r.err, "--strict: 2 warnings are treated as errors")) << r.err;
}

TEST(ExplainCli, BundledCorpusHasNoImportWarnings) {
  auto r = run_command(std::string(KB_INDEX_BIN) + " --check --strict --json -q " +
                       shell_quote(corpus_dir));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["import_warnings"].empty()) << r.out;
}

TEST(ExplainCli, UnreadableFileExitsOneNamingTheFile) {
  TempDir work;
  auto missing = work / "missing.txt";
  auto r = explain(missing, corpus_dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "kb-index: " + missing + ": cannot be read")) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_FALSE(contains(r.err, "published")) << "--explain publishes nothing: " << r.err;
}

TEST(ExplainCli, HtmlScriptsAndNavigationAreSummarisedAsDropped) {
  TempDir work;
  auto file = work / "page.html";
  write_file(file,
             "<html><head><title>t</title></head><body><nav><a href=\"/\">Home</a></nav>"
             "<h1>Hello</h1><p>Some paragraph text of the page here.</p>"
             "<script>x()</script><script>y()</script></body></html>");
  auto r = explain(file, corpus_dir, "--json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "html");
  ASSERT_EQ(j["dropped"].size(), 1u) << r.out;
  EXPECT_EQ(j["dropped"][0]["line"], 0);
  EXPECT_EQ(j["dropped"][0]["reason"], "script/navigation elements (not content)");
  EXPECT_TRUE(contains(j["dropped"][0]["text"], "<nav>")) << r.out;
  EXPECT_TRUE(contains(j["dropped"][0]["text"],
                       "<script> \xC3\x97"
                       "2"))
      << r.out;
}
