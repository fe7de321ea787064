// The real kb-index and kb-query binaries, run as staff would run them.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "../support/run_command.h"
#include "../support/temp_dir.h"

namespace fs = std::filesystem;
using kb::testing::run_command;
using kb::testing::shell_quote;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

const std::string kIndexBin = KB_INDEX_BIN;
const std::string kQueryBin = KB_QUERY_BIN;
const std::string kCorpus = std::string(KB_SOURCE_DIR) + "/corpus";

class Cli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = new TempDir;
    auto r = run_command(kIndexBin + " " + shell_quote(kCorpus) + " --out " +
                         shell_quote(index_->str()) + " -q");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete index_; }

  static kb::testing::CommandResult query(const std::string& args) {
    return run_command("NO_COLOR=1 " + kQueryBin + " --index " + shell_quote(index_->str()) + " " +
                       args);
  }
  static nlohmann::json query_json(const std::string& args) {
    auto r = query("--json " + args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }

  static TempDir* index_;
};

TempDir* Cli::index_ = nullptr;

TEST_F(Cli, KindFiltersListTheSeedUnits) {
  auto messages = query_json("--kind message \"\"");
  EXPECT_EQ(messages["total"], 5);
  EXPECT_EQ(messages["hits"].size(), 5u);
  EXPECT_EQ(query_json("--kind proof-point --limit 50 \"\"")["total"], 20);
  auto guidance = query_json("--kind audience-guidance \"\"");
  ASSERT_EQ(guidance["total"], 4);
  std::set<std::string> audiences;
  for (const auto& h : guidance["hits"]) {
    ASSERT_EQ(h["audiences"].size(), 1u);
    audiences.insert(h["audiences"][0]["id"].get<std::string>());
  }
  EXPECT_EQ(audiences.size(), 4u);
}

TEST_F(Cli, JsonHasTheDocumentedShape) {
  auto j = query_json("--limit 3 \"fragmentation\"");
  for (const char* key : {"total", "hits", "facets", "corrected_query", "query", "filters"})
    EXPECT_TRUE(j.contains(key)) << key;
  ASSERT_FALSE(j["hits"].empty());
  for (const auto& h : j["hits"]) {
    for (const char* key : {"id", "kind", "title", "text", "snippet", "message", "audiences",
                            "themes", "source", "cite", "score"})
      EXPECT_TRUE(h.contains(key)) << key;
    EXPECT_TRUE(h["source"].contains("id"));
    EXPECT_TRUE(h["source"].contains("title"));
    EXPECT_TRUE(h["message"].is_null() ||
                (h["message"].contains("id") && h["message"].contains("title")));
  }
  for (const char* facet : {"audience", "theme", "message", "kind", "source"}) {
    ASSERT_TRUE(j["facets"].contains(facet)) << facet;
    for (const auto& v : j["facets"][facet]) {
      EXPECT_TRUE(v.contains("value"));
      EXPECT_TRUE(v.contains("label"));
      EXPECT_TRUE(v.contains("count"));
    }
  }
}

TEST_F(Cli, DnsAbuseTopFiveHasBothProofPoints) {
  auto j = query_json("--limit 5 \"DNS abuse\"");
  std::set<std::string> ids;
  for (const auto& h : j["hits"]) ids.insert(h["id"].get<std::string>());
  EXPECT_TRUE(ids.count("wsis20-framework/m1/pp4"));
  EXPECT_TRUE(ids.count("wsis20-framework/m5/pp3"));
}

TEST_F(Cli, TerminalOutputShowsMessageCitationAndNoColourWithNoColor) {
  auto r = query("--limit 2 \"parallel root\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Fragmentation Is the Real Threat"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cite:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "NO_COLOR must disable ANSI escapes";
  auto forced = query("--color always --limit 1 \"parallel root\"");
  EXPECT_NE(forced.out.find("\x1b["), std::string::npos);
}

TEST_F(Cli, DidYouMeanLine) {
  auto r = query("\"fragmentaton\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("fragmentation"), std::string::npos) << r.out;
  auto j = query_json("\"fragmentaton\"");
  EXPECT_EQ(j["corrected_query"], "fragmentation");
}

// Issue 11, defect 1: a correction is said plainly, real words are never corrected.
TEST_F(Cli, ACorrectionIsSaidPlainlyAndRealWordsAreKept) {
  auto corrected = query("fragmentaton");
  EXPECT_NE(corrected.out.find("Showing results for \"fragmentation\"; search instead for "
                               "\"fragmentaton\" (--no-correct)"),
            std::string::npos)
      << corrected.out;
  EXPECT_EQ(query_json("fragmentaton")["searched_query"], "fragmentation");

  auto typed = query("--no-correct fragmentaton");
  EXPECT_NE(typed.out.find("0 results"), std::string::npos) << typed.out;
  EXPECT_NE(typed.out.find("Did you mean: fragmentation?"), std::string::npos) << typed.out;

  for (const char* q : {"what is the IGF", "who signed the statement", "satellite broadband"}) {
    auto r = query(shell_quote(q));
    EXPECT_EQ(r.out.find("Showing results for"), std::string::npos) << q << "\n" << r.out;
    EXPECT_EQ(r.out.find("Did you mean"), std::string::npos) << q << "\n" << r.out;
    EXPECT_EQ(query_json(shell_quote(q))["searched_query"], q);
  }
}

TEST_F(Cli, ANoMatchSaysWhatToTry) {
  auto r = query(shell_quote("fragmentation AND xylophone"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 results\nTry:\n  without \"xylophone\": "), std::string::npos) << r.out;
  auto filtered = query("--kind signatory fragmentation");
  EXPECT_NE(filtered.out.find("without kind signatory: "), std::string::npos) << filtered.out;
}

// Defect 2: --partial reads half-typed syntax as words; submitted, it is a usage error
// with a plain message.
TEST_F(Cli, HalfTypedSyntaxWhileTypingAndAPlainMessageWhenSubmitted) {
  for (const char* q : {"DNS AND", "IGF OR", "\"multistakeholder", "(fragmentation"}) {
    auto r = query("--partial " + shell_quote(q));
    EXPECT_EQ(r.exit_code, 0) << q << ": " << r.err;
  }
  auto bad = query(shell_quote("DNS AND"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("not well formed"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.err.find("Syntax:"), std::string::npos) << bad.err;
}

// Defects 4 and 5: a question about signatories answers with the list as one unit; a
// unit's --show lists related units of other documents.
TEST_F(Cli, SignatoryListAndRelatedUnits) {
  auto who = query_json(shell_quote("who signed the joint statement"));
  ASSERT_FALSE(who["hits"].empty());
  EXPECT_EQ(who["hits"][0]["kind"], "signatory-list");
  auto shown = query("--show wsis20-framework/m1/pp4");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("Related  (from other documents)"), std::string::npos) << shown.out;
  auto related = query_json("--show wsis20-framework/m1/pp4")["related"];
  ASSERT_FALSE(related.empty());
  for (const auto& u : related) EXPECT_NE(u["source"]["id"], "wsis20-framework") << u["id"];
}

TEST_F(Cli, AnAnswerSaysWhichQuestionItAnswers) {
  auto shown = query("--show tccm-consultation-2025/q3");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("Question 3: "), std::string::npos) << shown.out;
  EXPECT_EQ(query_json("--show tccm-consultation-2025/q3")["question_number"], "3");

  auto found = query("--kind answer --limit 3 " + shell_quote("IGF mandate"));
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find("[answer] Question "), std::string::npos) << found.out;
  auto message = query("--show wsis20-framework/m1");
  auto title_line = message.out.substr(0, message.out.find('\n'));
  EXPECT_EQ(title_line.rfind("[message] ", 0), 0u) << title_line;
  EXPECT_EQ(title_line.find("Question "), std::string::npos)
      << "a message answers no numbered question: " << title_line;
}

// The review queue as of fixed dates ($KB_TODAY), so the test does not age: the bundled
// catalog dates each document by its own date and asks for a review every 12 months.
TEST_F(Cli, ReviewQueueListsStaleAndUnreviewedUnitsByDocumentAndMessage) {
  auto at = [&](const std::string& today, const std::string& args) {
    auto r = run_command("NO_COLOR=1 KB_TODAY=" + today + " " + kQueryBin + " --index " +
                         shell_quote(index_->str()) + " " + args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
  };
  // 2025-06-01: the framework (2025-05-28) is fresh; the glossary was never reviewed.
  auto early = nlohmann::json::parse(at("2025-06-01", "review --json").out);
  EXPECT_EQ(early["as_of"], "2025-06-01");
  EXPECT_EQ(early["stale"], 0);
  EXPECT_GT(early["unreviewed"].get<int>(), 0);
  for (const auto& doc : early["documents"])
    EXPECT_NE(doc["source"]["id"], "wsis20-framework") << "reviewed four days before";
  // 2026-06-01: the framework is past its 12 months; each unit is listed once, under its
  // document and message, with its review.
  auto late = nlohmann::json::parse(at("2026-06-01", "review --json --kind proof-point").out);
  EXPECT_EQ(late["total"], 20);
  EXPECT_EQ(late["stale"], 20);
  ASSERT_EQ(late["documents"].size(), 1u);
  EXPECT_EQ(late["documents"][0]["source"]["id"], "wsis20-framework");
  ASSERT_EQ(late["documents"][0]["messages"].size(), 5u);
  for (const auto& m : late["documents"][0]["messages"]) {
    EXPECT_EQ(m["units"].size(), 4u) << m["message"];
    for (const auto& u : m["units"]) {
      EXPECT_EQ(u["message"]["id"], m["message"]["id"]);
      EXPECT_EQ(u["review"]["status"], "stale");
      EXPECT_EQ(u["review"]["reviewed"], "2025-05-28");
      EXPECT_EQ(u["review"]["due"], "2026-05-28");
    }
  }
  // --due-within also lists fresh units whose review falls due in that period.
  auto soon = nlohmann::json::parse(
      at("2026-04-01", "review --json --kind proof-point --due-within 90d").out);
  EXPECT_EQ(soon["total"], 20);
  EXPECT_EQ(soon["due"], 20);
  auto none = nlohmann::json::parse(at("2026-04-01", "review --json --kind proof-point").out);
  EXPECT_EQ(none["total"], 0);

  auto text = at("2026-06-01", "review --kind proof-point").out;
  EXPECT_EQ(text.rfind("Review queue as of 2026-06-01: 20 of 20 units to check (20 stale", 0), 0u)
      << text;
  EXPECT_NE(text.find("Message: Fragmentation Is the Real Threat"), std::string::npos) << text;
  EXPECT_NE(text.find("[stale] [proof-point] "), std::string::npos) << text;
  EXPECT_NE(text.find("stale: reviewed 2025-05-28, due 2026-05-28 (every 12m)"), std::string::npos);

  auto bad = run_command(kQueryBin + " --index " + shell_quote(index_->str()) +
                         " review --due-within soon");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("--due-within \"soon\""), std::string::npos) << bad.err;
}

TEST_F(Cli, EveryUnitCarriesItsReviewAndStaleOnesAreFlagged) {
  auto run = [&](const std::string& today, const std::string& args) {
    return run_command("NO_COLOR=1 KB_TODAY=" + today + " " + kQueryBin + " --index " +
                       shell_quote(index_->str()) + " " + args);
  };
  auto all = nlohmann::json::parse(run("2026-06-01", "--json --limit 1000 \"\"").out);
  ASSERT_GT(all["hits"].size(), 100u);
  for (const auto& h : all["hits"]) {
    ASSERT_TRUE(h["review"].is_object()) << h["id"];
    auto status = h["review"]["status"].get<std::string>();
    EXPECT_TRUE(status == "fresh" || status == "due" || status == "stale" || status == "unreviewed")
        << status;
    EXPECT_EQ(h["review"]["every"], "12m") << h["id"];
    if (h["source"]["id"] == "glossary") {
      EXPECT_EQ(status, "unreviewed") << h["id"];
    }
  }
  auto stale = run("2026-06-01", "--show wsis20-framework/m4/pp1");
  EXPECT_NE(stale.out.find("Fragmentation Is the Real Threat [stale]"), std::string::npos)
      << stale.out;
  EXPECT_NE(stale.out.find("review: stale: reviewed 2025-05-28, due 2026-05-28"),
            std::string::npos);
  auto fresh = run("2025-06-01", "--show wsis20-framework/m4/pp1");
  EXPECT_EQ(fresh.out.find("[stale]"), std::string::npos) << fresh.out;
  EXPECT_NE(fresh.out.find("review: fresh: reviewed 2025-05-28"), std::string::npos) << fresh.out;
  auto brief = run("2026-06-01", "brief --audience policymakers --markdown \"DNS abuse\"");
  EXPECT_NE(brief.out.find("**[stale]**"), std::string::npos) << brief.out;
}

TEST_F(Cli, LabelFiltersAndShowAndMessages) {
  auto by_label = query_json("--audience \"Civil Society\" --limit 100 \"\"");
  auto by_id = query_json("--audience civil-society --limit 100 \"\"");
  EXPECT_EQ(by_label["total"], by_id["total"]);
  EXPECT_GT(by_id["total"].get<int>(), 0);

  auto shown = query_json("--show wsis20-framework/m4");
  EXPECT_EQ(shown["title"], "Fragmentation Is the Real Threat");
  EXPECT_EQ(shown["proof_points"].size(), 4u);

  auto outline = query_json("--messages");
  ASSERT_EQ(outline["messages"].size(), 5u);
  for (const auto& m : outline["messages"]) EXPECT_EQ(m["proof_points"].size(), 4u);
}

TEST_F(Cli, ExitCodes) {
  EXPECT_EQ(query("\"zzzqqqxxx\"").exit_code, 0);  // no hits is not an error
  auto unknown = query("--audience astronauts \"\"");
  EXPECT_EQ(unknown.exit_code, 2);  // usage: bad filter value
  EXPECT_NE(unknown.err.find("astronauts"), std::string::npos) << unknown.err;
  EXPECT_EQ(query("--no-such-flag").exit_code, 2);       // usage: bad flag
  EXPECT_EQ(query("--show no/such/unit").exit_code, 1);  // runtime: not found
  auto missing = run_command(kQueryBin + " --index /nonexistent/kb-index \"x\"");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("kb-index"), std::string::npos) << missing.err;
  EXPECT_EQ(run_command(kQueryBin + " --help").exit_code, 0);
}

TEST_F(Cli, AQueryOfTooManyWordsIsAUsageErrorAndRepeatsCollapse) {
  std::string words;
  for (int i = 0; i < 65; ++i) words += "w" + std::to_string(i) + " ";
  auto r = query(shell_quote(words));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("65 words"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("limit is 64"), std::string::npos) << r.err;
  // 128 repeats count as two words.
  std::string idn;
  for (int i = 0; i < 128; ++i) idn += "IDN ";
  auto twice = query_json("--limit 20 'IDN IDN'");
  auto many = query_json("--limit 20 " + shell_quote(idn));
  EXPECT_EQ(many["hits"], twice["hits"]);
  EXPECT_FALSE(many["hits"].empty());
}

TEST_F(Cli, NegativeOrNonNumericPagingIsAUsageError) {
  // CLI11 alone turned "-5" into 18446744073709551611.
  for (const char* args : {"--offset -5", "--offset=-5", "--offset abc", "--offset 1e3",
                           "--offset 1000001", "--limit -1", "--limit ten", "--limit 1001"}) {
    auto r = query(std::string(args) + " --json \"DNS abuse\"");
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.out;
    EXPECT_NE(r.err.find("takes a whole number from 0 to"), std::string::npos)
        << args << ": " << r.err;
  }
  auto all = query_json("--limit 5 \"DNS abuse\"");
  auto shifted = query_json("--offset 2 --limit 3 \"DNS abuse\"");
  ASSERT_EQ(shifted["hits"].size(), 3u);
  EXPECT_EQ(shifted["hits"][0]["id"], all["hits"][2]["id"]);
  auto bad_timeout = query("--timeout 0 x");
  EXPECT_EQ(bad_timeout.exit_code, 2);
  EXPECT_NE(bad_timeout.err.find("--timeout"), std::string::npos) << bad_timeout.err;
}

TEST_F(Cli, IndexFromEnvironmentVariable) {
  auto r = run_command("KB_INDEX=" + shell_quote(index_->str()) + " " + kQueryBin +
                       " --json --kind message \"\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["total"], 5);
}

TEST(KbIndex, BrokenXmlFailsWithFileAndLineAndKeepsThePublishedIndex) {
  TempDir corpus_dir, index_dir;
  auto corpus = corpus_dir.path() / "corpus";
  kb::testing::copy_bundled_corpus(corpus);
  auto ok = run_command(kIndexBin + " " + shell_quote(corpus.string()) + " --out " +
                        shell_quote(index_dir.str()) + " -q");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;

  // Break taxonomy.xml on line 4.
  write_file(corpus / "taxonomy.xml",
             "<?xml version=\"1.0\"?>\n<taxonomy>\n  <audience id=\"x\">\n    <label>X</labl>\n  "
             "</audience>\n</taxonomy>\n");
  auto bad = run_command(kIndexBin + " " + shell_quote(corpus.string()) + " --out " +
                         shell_quote(index_dir.str()));
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("taxonomy.xml:4: "), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("unchanged"), std::string::npos) << bad.err;

  auto still = run_command(kQueryBin + " --index " + shell_quote(index_dir.str()) +
                           " --json --kind message \"\"");
  ASSERT_EQ(still.exit_code, 0) << still.err;
  EXPECT_EQ(nlohmann::json::parse(still.out)["total"], 5);
}

TEST(KbIndex, CheckValidatesWithoutPublishingAndPrintsASummary) {
  TempDir index_dir;
  auto r = run_command(kIndexBin + " " + shell_quote(kCorpus) + " --check --json --out " +
                       shell_quote(index_dir.str()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["per_kind"]["message"], 5);
  EXPECT_EQ(j["per_kind"]["proof-point"], 20);
  EXPECT_EQ(j["per_kind"]["audience-guidance"], 4);
  EXPECT_TRUE(j["published"].is_null());
  EXPECT_FALSE(fs::exists(index_dir.path() / "current"));
  EXPECT_NE(r.err.find("[5/5]"), std::string::npos) << "progress goes to stderr: " << r.err;
}

TEST(KbIndex, EndsWithAOneLineReviewSummary) {
  TempDir index_dir;
  auto index = [&](const std::string& today, const std::string& args) {
    auto r =
        run_command("NO_COLOR=1 KB_TODAY=" + today + " " + kIndexBin + " " + shell_quote(kCorpus) +
                    " --check --out " + shell_quote(index_dir.str()) + args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
  };
  // As of 2025-07-01: the statement of 2024-06-11 is past its 12 months, the framework
  // (2025-05-28) is fresh, the glossary was never reviewed.
  auto json = nlohmann::json::parse(index("2025-07-01", " --json").out)["review"];
  EXPECT_EQ(json["as_of"], "2025-07-01");
  EXPECT_EQ(json["stale"], 25) << "the statement's units";
  EXPECT_EQ(json["unreviewed"], 61) << "the glossary's entries";
  EXPECT_EQ(json["due"], 0);
  EXPECT_EQ(json["fresh"], 182 - 25 - 61);
  auto out = index("2025-07-01", "").out;
  EXPECT_NE(out.find("review: 25 stale, 61 unreviewed, 96 fresh (as of 2025-07-01"),
            std::string::npos)
      << out;
  // Ten days before the statement's review falls due, its units are due.
  EXPECT_EQ(nlohmann::json::parse(index("2025-06-01", " --json").out)["review"]["due"], 25);
}

// An archive's thousands of sources do not flood the terminal: the summary shows the
// largest sources and says how many there are; --json still lists every one.
TEST(KbIndex, TheSummaryOfManySourcesShowsTheLargestAndJsonListsAll) {
  TempDir corpus, index_dir;
  for (int i = 1; i <= 60; ++i) {
    std::string text = "Note " + std::to_string(i) + "\n\n";
    for (int p = 1; p <= i; ++p) text += "Paragraph " + std::to_string(p) + " on registries.\n\n";
    write_file(corpus.path() / "documents" / ("n" + std::to_string(i) + ".txt"), text);
  }
  auto args = " --check --out " + shell_quote(index_dir.str());
  auto r = run_command("NO_COLOR=1 " + kIndexBin + " " + shell_quote(corpus.str()) + args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Units per source (the 20 largest of 60; --json lists every one)\n"),
            std::string::npos)
      << r.out;
  auto largest = r.out.find("  n60  "), next = r.out.find("  n59  ");
  EXPECT_NE(largest, std::string::npos) << r.out;
  EXPECT_LT(largest, next) << "largest first";
  EXPECT_NE(r.out.find("  n41  "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("  n40  "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" units from 60 sources"), std::string::npos) << r.out;
  auto json = run_command(kIndexBin + " " + shell_quote(corpus.str()) + args + " --json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["per_source"].size(), 60u);
}

TEST(KbIndex, UsageErrorsExitTwo) {
  EXPECT_EQ(run_command(kIndexBin + " --bogus").exit_code, 2);
  auto missing = run_command(kIndexBin + " /nonexistent/corpus --check");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/corpus"), std::string::npos) << missing.err;
}

}  // namespace
