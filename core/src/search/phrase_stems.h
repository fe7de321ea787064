// Phrases on stems. The index keeps positions for stemmed terms only (Z, every word's:
// index/unit_codec.h), but Xapian's QueryParser leaves some of a phrase's words as
// written: those with a capital, numbers, the last word of a quoted phrase, all of them
// with STEM_NONE. Each such term of a phrase or NEAR is put on its stem, so that
// "Internationalized domain names" finds "internationalised domain name" and a quoted
// phrase with a stopword ("right to be forgotten") finds the words in that order.
#pragma once

#include <xapian.h>

#include <set>
#include <string>

namespace kb::detail {

// Whether a query checks positions (a phrase, NEAR) anywhere.
bool has_positional(const Xapian::Query& query);

// `query` with every term as written inside an OP_PHRASE or OP_NEAR replaced by its
// stemmed term ("Z" + prefix + stem), `stem` the query language's stemmer. A stopword's
// stem there (one of `stopword_stems`) gets a wqf of 0: it holds its place in the phrase
// but adds no weight, as stopwords add none outside phrases. Other parts of the query
// are kept as they are.
Xapian::Query phrases_on_stems(const Xapian::Query& query, const Xapian::Stem& stem,
                               const std::set<std::string>& stopword_stems);

}  // namespace kb::detail
