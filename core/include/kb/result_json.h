// The JSON shapes of results: the contract kb-query --json, kb-searchd and the widget
// share. Documented in docs/json-results.md.
#pragma once

#include <nlohmann/json.hpp>

#include "kb/search.h"

namespace kb {

nlohmann::json to_json(const UnitView& view);
nlohmann::json to_json(const Hit& hit);
nlohmann::json to_json(const SearchResult& result);
nlohmann::json to_json(const MessageOutline& outline);

}  // namespace kb
