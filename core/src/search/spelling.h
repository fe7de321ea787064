// Spelling correction of a query text: only unknown words (in neither the index, the
// glossary nor an English dictionary) are corrected, from Xapian's spelling table, at
// a small edit distance. Internal to kb_core; docs/relevance.md describes the rules.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>

namespace kb::detail {

// Damerau-Levenshtein distance (optimal string alignment) over code points.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The edits a word of `length` code points may be corrected by: 0 up to 3 letters,
// 1 for 4-7, 2 for 8 and more.
std::size_t allowed_edits(std::size_t length);

// The text with each unknown word replaced by its spelling suggestion; "" when no word
// changes. Field names ("title:"), facet values, operators, words with digits and
// words inside quotes are left alone. `known` is given lower-case words.
std::string correct_spelling(const Xapian::Database& db, const std::string& text,
                             const std::function<bool(const std::string&)>& known);

}  // namespace kb::detail
