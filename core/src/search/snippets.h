// The snippet of a hit: the passage of its text that matches, or its opening when
// browsing. Internal to kb_core.
#pragma once

#include <xapian.h>

#include <string>

#include "kb/search.h"

namespace kb::detail {

// HTML-escaped: with the request's highlight markers around matched words when
// `browsing` is false (from `mset`, stemming with `stem`), the first
// request.snippet_length bytes cut at a word otherwise.
std::string snippet_of(const std::string& text, const SearchRequest& request, bool browsing,
                       const Xapian::MSet& mset, const Xapian::Stem& stem);

}  // namespace kb::detail
