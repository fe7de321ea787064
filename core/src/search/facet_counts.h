// Counting facet values over the matches of a search. Internal to kb_core.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "kb/schema.h"
#include "kb/search.h"
#include "search/facet_catalog.h"

namespace kb::detail {

// The value counts of one facet over the matches of the Enquire it was added to (before
// its get_mset). Xapian 1.4 counts one slot per ValueCountMatchSpy, so a multi-valued
// facet has a spy per slot and their counts are summed.
class FacetSpy {
 public:
  FacetSpy(const schema::Facet& facet, Xapian::Enquire& enquire);

  // After the match: the facet's values by count, descending, then by label; each of
  // `active` is listed even when none matched (a selected value stays visible).
  FacetResult result(const FacetCatalog& catalog,
                     const std::vector<std::string>& active = {}) const;

 private:
  const schema::Facet* facet_;
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
};

}  // namespace kb::detail
