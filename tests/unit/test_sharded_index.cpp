// kb-index --shards: a generation of N shard databases behind a Xapian stub searches as
// one database does (the same hits in the same order, totals and facet counts).
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../support/generated_corpus.h"
#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_writer.h"
#include "kb/search.h"

using kb::testing::TempDir;
namespace fs = std::filesystem;

namespace {

std::string published(const kb::Corpus& corpus, const fs::path& dir, unsigned shards) {
  kb::BuildOptions options;
  options.shards = shards;
  return kb::publish_index(corpus, dir.string(), {}, options).generation_dir;
}

// What a reader sees of a search: ids in order, scores, total, every facet count.
std::string outcome(const kb::Index& index, const kb::SearchRequest& request) {
  auto r = index.search(request);
  std::string out = "total " + std::to_string(r.total) + (r.total_exact ? "" : "~") +
                    (r.facets_exact ? "" : " facets~") + " corrected " +
                    r.corrected_query.value_or("") + "\n";
  for (const auto& h : r.hits)
    out += h.view.unit.id + " " + std::to_string(h.score) + " " + h.snippet + "\n";
  for (const auto& f : r.facets)
    for (const auto& v : f.values)
      out += f.name + "/" + v.value + " " + std::to_string(v.count) + "\n";
  return out;
}

TEST(ShardedIndex, WritesShardsAStubAndMetaDatabase) {
  TempDir work;
  auto corpus = kb::load_corpus(KB_SOURCE_DIR "/corpus");
  auto generation = published(corpus, work.path() / "index", 3);
  EXPECT_TRUE(fs::is_regular_file(fs::path(generation) / "XAPIANDB"));
  EXPECT_TRUE(fs::is_directory(fs::path(generation) / "meta"));
  Xapian::Database stub(generation);  // Xapian's own reading of the stub
  EXPECT_EQ(stub.get_doccount(), corpus.units.size());
  Xapian::doccount in_shards = 0;
  for (int k = 0; k < 3; ++k)
    in_shards += Xapian::Database((fs::path(generation) / ("shard-" + std::to_string(k))).string())
                     .get_doccount();
  EXPECT_EQ(in_shards, corpus.units.size());
  EXPECT_EQ(Xapian::Database((fs::path(generation) / "meta").string()).get_doccount(), 0u);
  kb::Index index(generation.substr(0, generation.rfind('/')));
  auto shards = index.shards();
  ASSERT_EQ(shards.size(), 3u);
  EXPECT_EQ(shards[1].name, "shard-1");
  EXPECT_FALSE(shards[1].remote);
  EXPECT_TRUE(shards[1].up);
}

TEST(ShardedIndex, SearchesAsOneDatabaseDoes) {
  TempDir work;
  auto corpus = kb::load_corpus(KB_SOURCE_DIR "/corpus");
  published(corpus, work.path() / "one", 0);
  published(corpus, work.path() / "two", 2);
  kb::Index one((work.path() / "one").string()), two((work.path() / "two").string());
  EXPECT_TRUE(one.shards().empty());
  EXPECT_EQ(two.shards().size(), 2u);
  EXPECT_EQ(one.unit_count(), two.unit_count());
  for (const std::string q : {"DNS abuse", "IGF funding", "multistakeholder model",
                              "internet fragmentation", "", "\"domain name\"", "governence",
                              "kind:proof-point security", "capacity building NOT africa"}) {
    kb::SearchRequest request;
    request.query = q;
    request.limit = 20;
    request.snippets = true;
    EXPECT_EQ(outcome(one, request), outcome(two, request)) << q;
  }
  kb::SearchRequest filtered;
  filtered.filters["audience"] = {"policymakers"};
  EXPECT_EQ(outcome(one, filtered), outcome(two, filtered));
  // Metadata, source texts and spelling come from meta/.
  EXPECT_EQ(one.sources().size(), two.sources().size());
  const auto& source = one.sources().front().id;
  ASSERT_TRUE(two.source_text(source).has_value());
  EXPECT_EQ(one.source_text(source)->size(), two.source_text(source)->size());
  EXPECT_EQ(one.messages().size(), two.messages().size());
}

// More matches than one database counts exactly (exact_count_limit): facet counts are
// estimated from a sample. Over shards Xapian's matcher may visit every match, and its
// estimate of the number of matches differs, yet the sample is the same units at the same
// rate, so the counts are those of one database, and both say they are estimated.
TEST(ShardedIndex, FacetCountsOverShardsEqualOneDatabaseAlsoWhereEstimated) {
  const int units = 6000;
  auto corpus = kb::testing::generated_corpus(
      units, [](int i) { return i % 3 ? kb::kind::answer : kb::kind::passage; },
      [](int) { return "common words here"; });
  TempDir work;
  published(corpus, work.path() / "one", 0);
  published(corpus, work.path() / "two", 2);
  kb::Index one((work.path() / "one").string()), two((work.path() / "two").string());
  kb::SearchRequest request;
  request.query = "common";
  request.limit = 20;
  auto a = one.search(request);
  auto b = two.search(request);
  auto count = [](const kb::SearchResult& r, const std::string& facet, const std::string& value) {
    for (const auto& f : r.facets)
      if (f.name == facet)
        for (const auto& v : f.values)
          if (v.value == value) return v.count;
    return std::size_t{0};
  };
  EXPECT_FALSE(a.facets_exact);
  EXPECT_FALSE(b.facets_exact);
  EXPECT_NEAR(double(count(a, "kind", "answer")), units * 2 / 3.0, units * 0.1);
  EXPECT_NEAR(double(count(a, "kind", "passage")), units / 3.0, units * 0.1);
  ASSERT_EQ(a.facets.size(), b.facets.size());
  for (std::size_t f = 0; f < a.facets.size(); ++f) {
    EXPECT_EQ(a.facets[f].name, b.facets[f].name);
    ASSERT_EQ(a.facets[f].values.size(), b.facets[f].values.size()) << a.facets[f].name;
    for (std::size_t v = 0; v < a.facets[f].values.size(); ++v) {
      EXPECT_EQ(a.facets[f].values[v].value, b.facets[f].values[v].value);
      EXPECT_EQ(a.facets[f].values[v].count, b.facets[f].values[v].count)
          << a.facets[f].name << "/" << a.facets[f].values[v].value;
    }
  }
  // The same hits either way.
  ASSERT_EQ(a.hits.size(), b.hits.size());
  for (std::size_t i = 0; i < a.hits.size(); ++i)
    EXPECT_EQ(a.hits[i].view.unit.id, b.hits[i].view.unit.id);
}

TEST(ShardedIndex, AnUnreachableRemoteShardIsShardUnavailable) {
  TempDir work;
  auto corpus = kb::load_corpus(KB_SOURCE_DIR "/corpus");
  auto generation = published(corpus, work.path() / "index", 2);
  kb::ShardOptions options;
  options.remote["shard-1"] = {"127.0.0.1", 9};  // discard port: nothing listens
  options.timeout_ms = 2000;
  try {
    kb::Index::open_generation(generation, options);
    FAIL() << "opened with an unreachable shard";
  } catch (const kb::Error& e) {
    EXPECT_EQ(e.code(), kb::ErrorCode::shard_unavailable) << e.what();
  }
}

}  // namespace
