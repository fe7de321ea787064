// The JSON shapes of results: the contract kb-query --json, kb-searchd and the widget
// share. Documented in docs/json-results.md.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "kb/search.h"

namespace kb::api {

// The one encoding of a unit, wherever a unit is output.
nlohmann::json to_json(const UnitView& view);
nlohmann::json to_json(const std::vector<UnitView>& views);
// The parts of a unit other shapes quote: {"id", "title"} of its message (null for a
// message itself or a unit of none), {"id", "title"} of its source.
nlohmann::json message_ref_json(const Unit& unit);
nlohmann::json source_ref_json(const UnitView& view);
// A source as clients see it: {"id", "title", "publisher", "date", "url"}, null where the
// catalog says nothing.
nlohmann::json source_json(const SourceDocument& source);
nlohmann::json to_json(const Hit& hit);
nlohmann::json to_json(const SearchResult& result);
nlohmann::json to_json(const MessageOutline& outline);
nlohmann::json to_json(const std::vector<MessageOutline>& outlines);

// The reverse, for clients of kb-searchd (kb-query --server). Throws
// nlohmann::json::exception when a required field is missing.
UnitView unit_view_from_json(const nlohmann::json& j);
Hit hit_from_json(const nlohmann::json& j);
SearchResult search_result_from_json(const nlohmann::json& j);
MessageOutline outline_from_json(const nlohmann::json& j);

}  // namespace kb::api
