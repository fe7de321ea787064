// Counting facet values over the matches of a search. Internal to kb_core.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kb/schema.h"
#include "kb/search.h"
#include "search/facet_catalog.h"
#include "search/facet_table.h"

namespace kb::detail {

// The value counts of one facet over the matches of the Enquire it was added to (before
// its get_mset). Xapian 1.4 counts one slot per ValueCountMatchSpy, so a multi-valued
// facet has a spy per slot of `db` some unit fills, and their counts are summed.
class FacetSpy {
 public:
  // With a `table` (facet_table.h), from its column instead of the value streams.
  FacetSpy(const schema::Facet& facet, const Xapian::Database& db, Xapian::Enquire& enquire,
           const FacetTable* table = nullptr);

  // After the match: the facet's values by count, descending, then by label; each of
  // `active` is listed even when none matched (a selected value stays visible).
  // With `scale` > 1 the counts are of a sample of one unit in `scale` and are
  // multiplied by it (estimates).
  FacetResult result(const FacetCatalog& catalog, const std::vector<std::string>& active = {},
                     std::size_t scale = 1) const;

  const schema::Facet& facet() const { return *facet_; }
  // How many matches the spy saw; nothing when it reads no slot (no unit of the
  // database fills one of this facet's).
  std::optional<Xapian::doccount> seen() const;

 private:
  // Counts a facet's values from a FacetTable column.
  class TableSpy : public Xapian::MatchSpy {
   public:
    explicit TableSpy(const FacetTable::Column& column)
        : column_(column), counts_(column.values.size() + 1, 0) {}
    void operator()(const Xapian::Document& doc, double) override;
    const FacetTable::Column& column() const { return column_; }
    const std::vector<Xapian::doccount>& counts() const { return counts_; }  // by value id
    Xapian::doccount seen() const { return seen_; }

   private:
    const FacetTable::Column& column_;
    std::vector<Xapian::doccount> counts_;
    Xapian::doccount seen_ = 0;
  };

  const schema::Facet* facet_;
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
  std::unique_ptr<TableSpy> table_spy_;
};

// A sample of a database's documents: each docid in it with a chance of 1 in `one_in`,
// decided by a hash of the docid (the same docids every time). Filtering a query by it
// (OP_FILTER) visits about one match in `one_in`: the facet counts of a large match set
// are estimated from it, without visiting every match.
class DocumentSample : public Xapian::PostingSource {
 public:
  explicit DocumentSample(Xapian::docid one_in) : one_in_(one_in) {}

  bool sampled(Xapian::docid did) const;

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return last_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return current_ > last_; }
  Xapian::docid get_docid() const override { return current_; }
  DocumentSample* clone() const override { return new DocumentSample(one_in_); }
  std::string get_description() const override;

 private:
  Xapian::docid one_in_;
  Xapian::docid last_ = 0, current_ = 0;  // 0: before the first
  Xapian::doccount termfreq_ = 0;
};

}  // namespace kb::detail
