// The tiers of relevance order (RankingParams::all_words_first, names_last): units
// holding every query word before units holding only some, and in each, content before
// names unless the query asks for people. Internal to kb_core.
#pragma once

#include <xapian.h>

#include "search/index_impl.h"
#include "search/query_builder.h"

namespace kb::detail {

// Each tier a unit is in adds a multiple of `tier_step` to its weight, a step larger
// than any relevance weight: ordering by weight is then ordering by tier, then by
// relevance, and Xapian's matcher can still skip units that cannot reach the page
// (a sort key over every match would read a value of each).
inline constexpr double tier_step = 1e6;

// `query` with the tiers' weights added when the request ranks by relevance and the
// ranking asks for tiers; otherwise `query` itself.
Xapian::Query with_tiers(const Index::Impl& index, const SearchRequest& request,
                         const QueryBuilder::Parsed& parsed, const Xapian::Query& query);

// The relevance part of a weight of a query made by with_tiers.
double relevance_of(double weight);

// Tests: whether the content tier may exclude the name units instead of filtering by the
// content kinds where every unit has one kind (on by default). Returns the previous setting.
bool set_content_tier_by_exclusion(bool on);

}  // namespace kb::detail
