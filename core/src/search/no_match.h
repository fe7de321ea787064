// What to try when a search finds nothing: the same search without one filter, or
// without one word, and how many results each finds. Internal to kb_core.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kb/search.h"

namespace kb::detail {

// `count` runs a request and returns its total. Only alternatives that find something
// are returned, most results first, at most `limit`.
std::vector<NoMatchSuggestion> no_match_suggestions(
    const SearchRequest& request, const std::function<std::size_t(const SearchRequest&)>& count,
    std::size_t limit = 3);

}  // namespace kb::detail
