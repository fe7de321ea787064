// The facet table (search/facet_table.h): facet values of every unit in memory, so that
// counting facets reads no value streams. It must hold exactly what the value slots
// hold, and searches must count the same with it as without it.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../support/generated_corpus.h"
#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/index_writer.h"
#include "kb/schema.h"
#include "kb/search.h"
#include "search/facet_table.h"

using kb::testing::TempDir;
namespace fs = std::filesystem;

namespace {

std::string published(const kb::Corpus& corpus, const fs::path& dir) {
  return kb::publish_index(corpus, dir.string(), {}, {}).generation_dir;
}

// Many units in two kinds, so that facet counts above exact_count_limit are sampled.
kb::Corpus generated(int units) {
  return kb::testing::generated_corpus(
      units, [](int i) { return i % 3 ? kb::kind::answer : kb::kind::passage; },
      [](int i) { return i % 5 ? "common words here" : "common and rare words"; });
}

// Every facet count of a search (value, label and count, in order), and whether counts are
// exact.
std::string counts(const kb::Index& index, const kb::SearchRequest& request) {
  auto r = index.search(request);
  std::string out = "total " + std::to_string(r.total) + (r.facets_exact ? "\n" : " facets~\n");
  for (const auto& f : r.facets)
    for (const auto& v : f.values)
      out += f.name + "/" + v.value + " (" + v.label + ") " + std::to_string(v.count) + "\n";
  return out;
}

std::vector<kb::SearchRequest> requests(const std::vector<std::string>& queries) {
  std::vector<kb::SearchRequest> out;
  for (const auto& q : queries) {
    kb::SearchRequest r;
    r.query = q;
    out.push_back(r);
  }
  kb::SearchRequest by_date;
  by_date.query = queries.front();
  by_date.sort_by_date = true;  // the match itself counts the facets
  out.push_back(by_date);
  kb::SearchRequest filtered;
  filtered.query = queries.front();
  filtered.filters["kind"] = {"passage"};  // and the disjunctive count of kind
  out.push_back(filtered);
  return out;
}

// The counts of every request from the value streams (no table), then from the table.
void expect_same_counts(const std::string& index_dir, const std::vector<std::string>& queries) {
  auto all = requests(queries);
  auto before = kb::detail::set_searches_before_facet_table(0);
  std::vector<std::string> from_streams;
  {
    kb::Index index(index_dir);
    for (const auto& r : all) from_streams.push_back(counts(index, r));
  }
  kb::detail::set_searches_before_facet_table(1);
  auto made = kb::detail::facet_tables_made();
  kb::Index index(index_dir);
  counts(index, all.front());  // the first search of the generation makes no table
  EXPECT_EQ(kb::detail::facet_tables_made(), made);
  for (std::size_t i = 0; i < all.size(); ++i)
    EXPECT_EQ(counts(index, all[i]), from_streams[i]) << "query '" << all[i].query << "'";
  EXPECT_EQ(kb::detail::facet_tables_made(), made + 1) << "one table, made on the second search";
  kb::detail::set_searches_before_facet_table(before);
}

TEST(FacetTable, HoldsEveryValueOfEverySlotOfEveryUnit) {
  TempDir work;
  auto generation = published(kb::load_corpus(KB_SOURCE_DIR "/corpus"), work.path() / "index");
  Xapian::Database db(generation);
  kb::detail::FacetTable table(db);
  std::size_t values = 0;
  for (std::size_t f = 0; f < kb::schema::facets.size(); ++f) {
    const auto& facet = kb::schema::facets[f];
    const auto& column = table.column(f);
    for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
      auto doc = db.get_document(did);
      std::vector<std::string> in_slots, in_table;
      for (unsigned i = 0; i < facet.slot_count; ++i)
        if (auto v = doc.get_value(facet.slot_base + i); !v.empty()) in_slots.push_back(v);
      for (const auto& slot : column.slots)
        if (auto id = slot[did]) in_table.push_back(column.values[id - 1]);
      EXPECT_EQ(in_table, in_slots) << facet.name << " of document " << did;
      values += in_slots.size();
    }
  }
  EXPECT_GT(values, 3 * db.get_doccount()) << "audiences, themes, kinds and sources are filled";
}

TEST(FacetTable, SearchesCountTheSameWithTheTableAsFromTheValueStreams) {
  TempDir work;
  published(kb::load_corpus(KB_SOURCE_DIR "/corpus"), work.path() / "bundled");
  expect_same_counts((work.path() / "bundled").string(),
                     {"DNS abuse", "IGF funding", "internet", "", "multistakeholder model",
                      "kind:proof-point security"});
}

TEST(FacetTable, SampledCountsAreTheSameWithTheTableAsFromTheValueStreams) {
  TempDir work;
  published(generated(6000), work.path() / "generated");
  expect_same_counts((work.path() / "generated").string(), {"common", "rare", "words"});
}

}  // namespace
