// Pseudo-relevance feedback (RankingParams::feedback_*) reorders the matches of a long
// query and never changes what matches; short queries are left alone.
#include <gtest/gtest.h>

#include <set>

#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/index_writer.h"
#include "kb/search.h"

namespace {

class Feedback : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new kb::testing::TempDir;
    kb::publish_index(kb::load_corpus(std::string(KB_SOURCE_DIR) + "/corpus"), dir_->str());
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::vector<std::string> ids(const std::string& q, bool feedback) {
    kb::Index index(dir_->str());
    kb::RankingParams ranking;
    if (!feedback) ranking.feedback_docs = 0;
    index.set_ranking(ranking);
    kb::SearchRequest r;
    r.query = q;
    r.limit = 1000;
    r.facets = false;
    auto result = index.search(r);
    std::vector<std::string> out;
    for (const auto& h : result.hits) out.push_back(h.view.unit.id);
    EXPECT_EQ(result.total, out.size()) << q;
    return out;
  }
  static inline kb::testing::TempDir* dir_ = nullptr;
};

TEST_F(Feedback, ReordersALongQueryButMatchesTheSameUnits) {
  const std::string q =
      "how should registries explain multistakeholder internet governance funding to "
      "governments";
  auto with = ids(q, true), without = ids(q, false);
  ASSERT_GT(without.size(), 10u);
  EXPECT_EQ(std::set<std::string>(with.begin(), with.end()),
            std::set<std::string>(without.begin(), without.end()));
  EXPECT_NE(with, without) << "feedback words changed no rank of a 7-word query";
}

TEST_F(Feedback, LeavesShortQueriesAlone) {
  for (const char* q : {"DNS abuse", "TCCM members", "multistakeholderism",
                        "what did we answer about the IGF mandate"})  // 4 words less stopwords
    EXPECT_EQ(ids(q, true), ids(q, false)) << q;
}

}  // namespace
