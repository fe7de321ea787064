// Pseudo-relevance feedback (RankingParams::feedback_*): the best units of a first
// match are taken as relevant and their most distinctive words, Xapian's ESet, are added
// to the query with a small weight. Also the term selection of Index::related. Internal
// to kb_core.
#pragma once

#include <xapian.h>

#include <string>

#include "search/deadline.h"
#include "search/index_impl.h"

namespace kb::detail {

// The terms an ESet may pick: stemmed words ("Z…"), not the unstemmed forms, title or
// boolean terms, nor numbers (years and line counts relate nothing).
class StemmedWordTerms : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override;
};

// `query` (already filtered) with the feedback words of its best units as an
// OP_AND_MAYBE branch, so that only the order moves: the matches, and the total, are the
// query's own. `query` itself when feedback is off, the query's `words` (distinct
// stemmed words as typed, QueryBuilder::Parsed::words) are fewer than
// feedback_min_words, or the first match finds nothing.
Xapian::Query with_feedback(const Index::Impl& index, const Xapian::Query& query, std::size_t words,
                            const Deadline& deadline);

}  // namespace kb::detail
