// Facet counts at scale: exact where the match set is small, estimated from a sample
// (and said so) where it is larger than kb::exact_count_limit.
#include <gtest/gtest.h>
#include <xapian.h>

#include <cmath>
#include <string>
#include <vector>

#include "../support/generated_corpus.h"
#include "../support/temp_dir.h"
#include "index/unit_codec.h"
#include "kb/corpus.h"
#include "kb/index_writer.h"
#include "kb/schema.h"
#include "kb/search.h"
#include "search/facet_counts.h"

using kb::testing::TempDir;

namespace {

// `units` passages and answers in turn (a period of two, which a sample of every
// second docid would alias), all holding "common", one in 100 also "rare".
kb::Corpus generated(int units) {
  return kb::testing::generated_corpus(
      units, [](int i) { return i % 2 ? kb::kind::answer : kb::kind::passage; },
      [](int i) { return "common words here" + std::string(i % 100 == 0 ? " rare" : ""); });
}

std::size_t count_of(const kb::SearchResult& r, const std::string& facet,
                     const std::string& value) {
  for (const auto& f : r.facets)
    if (f.name == facet)
      for (const auto& v : f.values)
        if (v.value == value) return v.count;
  return 0;
}

}  // namespace

TEST(FacetSample, SmallMatchesAreCountedExactly) {
  TempDir dir;
  kb::publish_index(generated(4000), dir.str(), {}, {});
  kb::Index index(dir.str());
  kb::SearchRequest request;
  request.query = "rare";
  auto r = index.search(request);
  EXPECT_EQ(r.total, 40u);
  EXPECT_TRUE(r.total_exact);
  EXPECT_TRUE(r.facets_exact);
  EXPECT_EQ(count_of(r, "kind", kb::kind::passage), 40u);  // i % 100 == 0: even
  EXPECT_EQ(count_of(r, "kind", kb::kind::answer), 0u);
}

TEST(FacetSample, LargeMatchesAreEstimatedAndMarked) {
  TempDir dir;
  const int units = 4000;
  ASSERT_GT(static_cast<std::size_t>(units), kb::exact_count_limit);
  kb::publish_index(generated(units), dir.str(), {}, {});
  kb::Index index(dir.str());
  kb::SearchRequest request;
  request.query = "common";
  auto r = index.search(request);
  EXPECT_FALSE(r.facets_exact);
  EXPECT_EQ(r.hits.size(), 10u);
  // Half of each kind, estimated from a sample of about kb::facet_sample_size units:
  // within a quarter of the truth (the sample's standard error is about 5%).
  for (const char* kind : {kb::kind::passage, kb::kind::answer}) {
    auto n = count_of(r, "kind", kind);
    EXPECT_GT(n, units / 2 * 3 / 4) << kind;
    EXPECT_LT(n, units / 2 * 5 / 4) << kind;
  }
  // Browsing visits every unit anyway: exact.
  request.query.clear();
  auto all = index.search(request);
  EXPECT_TRUE(all.facets_exact);
  EXPECT_EQ(count_of(all, "kind", kb::kind::answer), static_cast<std::size_t>(units / 2));
}

TEST(FacetSample, SampleIsTheSameDocidsEachTimeAndSkipsForward) {
  kb::detail::DocumentSample sample(7);
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 0; i < 700; ++i) db.add_document(Xapian::Document());
  sample.init(db);
  std::size_t n = 0;
  Xapian::docid previous = 0;
  for (sample.next(0); !sample.at_end(); sample.next(0)) {
    EXPECT_GT(sample.get_docid(), previous);
    EXPECT_TRUE(sample.sampled(sample.get_docid()));
    previous = sample.get_docid();
    ++n;
  }
  EXPECT_GT(n, 50u);  // about 100 of 700
  EXPECT_LT(n, 150u);
  kb::detail::DocumentSample again(7);
  again.init(db);
  again.skip_to(350, 0);
  ASSERT_FALSE(again.at_end());
  EXPECT_GE(again.get_docid(), 350u);
  for (Xapian::docid d = 350; d < again.get_docid(); ++d) EXPECT_FALSE(again.sampled(d));
}

// The sample terms: one unit in 2^j carries the term of level j, nested (a unit of level j
// has every lower level too), written into the index for every unit alike.
TEST(FacetSample, SampleTermsHalveWithEachLevelAndAreInTheIndex) {
  const int units = 20000;
  std::vector<int> at_least(kb::schema::max_sample_level + 2, 0);
  for (int i = 0; i < units; ++i) {
    auto level = kb::detail::sample_level_of("u" + std::to_string(i));
    ASSERT_LE(level, kb::schema::max_sample_level);
    for (unsigned j = 0; j <= level; ++j) ++at_least[j];
  }
  EXPECT_EQ(at_least[0], units);
  for (unsigned j = 1; j <= 6; ++j) {
    double expected = units / double(1u << j);
    EXPECT_NEAR(at_least[j], expected, 5 * std::sqrt(expected) + 1) << "level " << j;
  }
  TempDir dir;
  kb::publish_index(generated(4000), dir.str(), {}, {});
  Xapian::Database db(dir.str() + "/current");
  for (unsigned j = 1; j <= 3; ++j) {
    double expected = 4000 / double(1u << j);
    EXPECT_NEAR(db.get_termfreq(kb::detail::sample_term(j)), expected, 5 * std::sqrt(expected))
        << j;
  }
  // Nested: every unit with the level-3 term has the level-1 term.
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT,
                                  Xapian::Query(kb::detail::sample_term(3)),
                                  Xapian::Query(kb::detail::sample_term(1))));
  EXPECT_EQ(enquire.get_mset(0, 10).size(), 0u);
}
