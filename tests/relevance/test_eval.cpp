// kb-eval's library: trec_eval-compatible metrics on hand-computed cases, the SMART
// and TREC readers (including Cranfield's query-numbering pitfall and grade
// conventions), the FTS5 query sanitiser, the judgments file format, and the whole
// pipeline (kb index + FTS5 baseline) on a four-document TREC collection.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "../support/temp_dir.h"
#include "collections.h"
#include "fts5_baseline.h"
#include "judgments.h"
#include "metrics.h"
#include "runner.h"

namespace {

using kb::testing::TempDir;
using kb::testing::write_file;
namespace ev = kb::eval;

TEST(Metrics, TrecEvalDefinitionsOnAHandComputedRun) {
  ev::Ranking run{"d1", "d2", "d3", "d4"};
  ev::Grades qrels{{"d1", 1}, {"d3", 2}, {"d5", 1}, {"d9", 0}};
  // AP: relevant at ranks 1 and 3, three relevant in all: (1/1 + 2/3) / 3.
  EXPECT_NEAR(ev::average_precision(run, qrels), (1.0 + 2.0 / 3.0) / 3.0, 1e-12);
  // P@10 divides by 10 although only 4 were retrieved.
  EXPECT_NEAR(ev::precision_at(run, qrels, 10), 0.2, 1e-12);
  EXPECT_NEAR(ev::precision_at(run, qrels, 2), 0.5, 1e-12);
  // nDCG@10 with the grades as gains: DCG = 1/log2(2) + 2/log2(4) = 2;
  // ideal = 2/log2(2) + 1/log2(3) + 1/log2(4).
  double ideal = 2.0 + 1.0 / std::log2(3.0) + 0.5;
  EXPECT_NEAR(ev::ndcg_at(run, qrels, 10), 2.0 / ideal, 1e-12);
  EXPECT_EQ(ev::first_relevant_rank(run, qrels), 1u);
  EXPECT_EQ(ev::success_at(run, qrels, 1), 1.0);

  ev::Ranking late{"x", "y", "d3"};
  EXPECT_EQ(ev::first_relevant_rank(late, qrels), 3u);
  EXPECT_NEAR(ev::reciprocal_rank(late, qrels), 1.0 / 3.0, 1e-12);
  EXPECT_EQ(ev::success_at(late, qrels, 1), 0.0);
  EXPECT_EQ(ev::success_at(late, qrels, 5), 1.0);

  ev::Ranking none{"x", "y"};
  EXPECT_EQ(ev::average_precision(none, qrels), 0.0);
  EXPECT_EQ(ev::reciprocal_rank(none, qrels), 0.0);
  EXPECT_EQ(ev::ndcg_at(none, qrels, 10), 0.0);
  EXPECT_EQ(ev::average_precision(run, ev::Grades{{"d9", 0}}), 0.0)
      << "no relevant document: 0, not NaN";
}

TEST(Smart, QueriesArePairedWithQrelsInFileOrderAndGradesFollowTheConvention) {
  TempDir dir;
  write_file(dir.path() / "docs",
             ".I 1\n.T\nslab heat\n.A\nsomeone\n.W\nslab heat\nconduction in slabs .\n"
             ".I 2\n.T\nwing flutter\n.W\nwing flutter at speed .\n");
  // .I ids with gaps, as in cran.qry: 001, 002, 004.
  write_file(
      dir.path() / "queries",
      ".I 001\n.W\nwhat about wings .\n.I 002\n.W\nflutter\n.I 004\n.W\nheat\nconduction .\n");
  write_file(dir.path() / "qrels", "1 2 2 \n2 2 -1 \n3 1 1 \n3 2 4");
  auto tcd = ev::load_smart((dir.path() / "docs").string(), (dir.path() / "queries").string(),
                            (dir.path() / "qrels").string(), ev::SmartGrades::tcd,
                            ev::SmartQueryIds::file_order);
  ASSERT_EQ(tcd.docs.size(), 2u);
  EXPECT_EQ(tcd.docs[0].title, "slab heat");
  EXPECT_EQ(tcd.docs[0].text, "slab heat\nconduction in slabs .");
  ASSERT_EQ(tcd.topics.size(), 3u);
  EXPECT_EQ(tcd.topics[2].id, "3") << "the third query is qrels query 3, not 4";
  EXPECT_EQ(tcd.topics[2].text, "heat conduction .");
  EXPECT_EQ(tcd.qrels["3"]["1"], 4) << "code 1 -> grade 4";
  EXPECT_EQ(tcd.qrels["3"]["2"], 1) << "code 4 -> grade 1";
  EXPECT_EQ(tcd.qrels["2"]["2"], 5) << "code -1 -> grade 5 (TCD)";

  auto strict = ev::load_smart((dir.path() / "docs").string(), (dir.path() / "queries").string(),
                               (dir.path() / "qrels").string(), ev::SmartGrades::strict,
                               ev::SmartQueryIds::as_written);
  EXPECT_EQ(strict.topics[2].id, "4");
  EXPECT_EQ(strict.qrels.count("2"), 0u) << "-1 is dropped";

  write_file(dir.path() / "bad-qrels", "1 2 7\n");
  EXPECT_THROW(ev::load_smart((dir.path() / "docs").string(), (dir.path() / "queries").string(),
                              (dir.path() / "bad-qrels").string(), ev::SmartGrades::tcd,
                              ev::SmartQueryIds::file_order),
               std::runtime_error);
}

#if KB_EVAL_HAVE_SQLITE
TEST(Fts5, QueriesAreSanitisedToAnOrOfQuotedTokens) {
  EXPECT_EQ(ev::fts5_query("heat-flux (2d) \"slip\" AND NOT x*"),
            "\"heat\" OR \"flux\" OR \"2d\" OR \"slip\" OR \"and\" OR \"not\" OR \"x\"");
  EXPECT_EQ(ev::fts5_query(" .,;() "), "");
}
#endif

TEST(Trec, ReaderAndBothSystemsOnAFourDocumentCollection) {
  std::string dir = std::string(KB_SOURCE_DIR) + "/tests/relevance/trec-mini/";
  auto c = ev::load_trec(dir + "docs.trec", dir + "topics.txt", dir + "qrels.txt", "title");
  ASSERT_EQ(c.docs.size(), 4u);
  EXPECT_EQ(c.docs[1].id, "KB-2");
  EXPECT_EQ(c.docs[1].title, "Internet exchange points in Africa");
  EXPECT_NE(c.docs[3].text.find("exchange rates"), std::string::npos)
      << "a DOC without TEXT keeps its words";
  ASSERT_EQ(c.topics.size(), 3u);
  EXPECT_EQ(c.topics[0].id, "401");
  EXPECT_EQ(c.topics[0].text, "root server capacity");
  EXPECT_EQ(c.qrels["402"]["KB-4"], 0);
  auto with_desc =
      ev::load_trec(dir + "docs.trec", dir + "topics.txt", dir + "qrels.txt", "title+desc");
  EXPECT_NE(with_desc.topics[0].text.find("surges in demand"), std::string::npos);

  auto kb_run = ev::run_kb(c, {}, {}, 10);
  auto kb_scores = ev::score_run(c, kb_run);
  EXPECT_EQ(kb_scores.queries, 3u);
  EXPECT_EQ(kb_run["401"].front(), "KB-1");
  EXPECT_EQ(kb_run["402"].front(), "KB-2") << "the networks document, not exchange rates";
  EXPECT_NEAR(kb_scores.map, 1.0, 1e-12);
#if KB_EVAL_HAVE_SQLITE
  auto fts = ev::score_run(c, ev::run_fts5(c, 10));
  EXPECT_EQ(fts.queries, 3u);
  EXPECT_GT(fts.map, 0.0);
#endif
}

TEST(Judgments, FormatIsCheckedLineByLine) {
  TempDir dir;
  auto file = (dir.path() / "j.tsv").string();
  write_file(file, "# comment\nIGF funding\t-\ta/b:2 c\tnote\n\taudience=business;partial\tx\n");
  auto js = ev::load_judgments(file);
  ASSERT_EQ(js.size(), 2u);
  EXPECT_EQ(js[0].line, 2);
  EXPECT_EQ(js[0].expected.at("a/b"), 2);
  EXPECT_EQ(js[0].expected.at("c"), 1);
  EXPECT_TRUE(js[1].partial);
  EXPECT_EQ(js[1].filters.at("audience"), std::vector<std::string>{"business"});

  for (const char* bad : {"q\t-\ta:x\n", "q\t-\ta:0\n", "q\t\ta\n", "q\t-\t\n", "q\tkind\ta\n",
                          "q\t-\ta a\n", "q only\n"}) {
    write_file(file, bad);
    try {
      ev::load_judgments(file);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("j.tsv:1: "), std::string::npos) << e.what();
    }
  }
}

}  // namespace
