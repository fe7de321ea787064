// The snippet of a hit: the passage of its text that matches, or its opening when
// browsing. Internal to kb_core.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "kb/search.h"

namespace kb::detail {

// HTML-escaped: with the request's highlight markers around matched words when
// `browsing` is false (from `mset`, stemming with `stem`), the first
// request.snippet_length bytes cut at a word otherwise.
// `background_model`: Xapian weighs the text's other words by their frequency in the index
// (SNIPPET_BACKGROUND_MODEL), a lookup per word, which over remote shards is a network
// round trip per word and shard: off there.
std::string snippet_of(const std::string& text, const SearchRequest& request, bool browsing,
                       const Xapian::MSet& mset, const Xapian::Stem& stem,
                       bool background_model = true);

// The whole of `text`, HTML-escaped, marked as snippet_of marks a hit's snippet (for a
// unit's page reached from results). Unmarked when the marks cannot be placed back into
// the text exactly.
std::string whole_text_marked(const std::string& text, const SearchRequest& request,
                              const Xapian::MSet& mset, const Xapian::Stem& stem,
                              bool background_model = true);

}  // namespace kb::detail
