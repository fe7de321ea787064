// The facet values of every unit of a generation, in memory. Counting facets with
// Xapian's ValueCountMatchSpy reads a value per slot of each match from the value streams;
// over a sample scattered through 200,000 units each read decodes a chunk of its own, and
// that was four fifths of counting (docs/performance.md). A unit's value ids from an array
// cost next to nothing. Internal to kb_core.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kb/schema.h"
#include "search/facet_catalog.h"

namespace kb::detail {

class FacetTable {
 public:
  // One facet: its distinct values, and for each slot some unit fills, each document's
  // value id there (0: none, else 1 + an index into `values`).
  struct Column {
    std::vector<std::string> values;
    std::vector<std::string> labels;                // of each value, from the catalog
    std::vector<std::vector<std::uint32_t>> slots;  // by document id
  };

  // Reads every value of the facets' slots from `db` (a value stream per slot), labelled
  // as `catalog` (the generation's own) labels them: every search labels every value it
  // counts, thousands of sources at archive scale.
  explicit FacetTable(const Xapian::Database& db, const FacetCatalog& catalog = {});

  // The column of schema::facets[i].
  const Column& column(std::size_t i) const { return columns_[i]; }

 private:
  std::vector<Column> columns_;
};

// The table of a generation's database `db`, shared by every Index open on it in this
// process (kb-searchd opens one per worker thread), or nullptr. It is made on the second
// search that counts facets there, so that a one-shot kb-query never pays for it. Only for
// one database (`single`): over shards, local or remote, Xapian 1.4 gives a match spy each
// shard's own document ids, which say nothing of the shard. Not beyond max_table_units
// units either (memory). `key` names the generation.
std::shared_ptr<const FacetTable> facet_table_for(const std::string& key,
                                                  const Xapian::Database& db, bool single,
                                                  const FacetCatalog& catalog);

// Units beyond which facets are counted from the value streams (4 bytes per unit and
// facet slot in use: 16 MB for a million units with the five facets filled).
inline constexpr Xapian::doccount max_table_units = 4'000'000;

// Tests: how many facet-counting searches of a generation come before its table is made
// (1 by default; 0 never makes one). Returns the previous setting.
unsigned set_searches_before_facet_table(unsigned searches);
// Tests: how many tables this process has made.
unsigned facet_tables_made();

}  // namespace kb::detail
