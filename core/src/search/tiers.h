// The tiers of relevance order (RankingParams::all_words_first, names_last): units
// holding every query word before units holding only some, and in each, content before
// names unless the query asks for people. Internal to kb_core.
#pragma once

#include <xapian.h>

#include "search/deadline.h"
#include "search/index_impl.h"
#include "search/query_builder.h"

namespace kb::detail {

// Sorts `enquire` by tier, then relevance, when the request ranks by relevance and the
// ranking asks for tiers; otherwise leaves it alone.
void order_by_tiers(const Index::Impl& index, const SearchRequest& request,
                    const QueryBuilder::Parsed& parsed, const Deadline& deadline,
                    Xapian::Enquire& enquire);

}  // namespace kb::detail
