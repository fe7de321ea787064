// The bodies of kb-searchd's endpoints (docs/api.md), built from the result shapes of
// result_json.h, and the unit detail kb-query shows with the same pieces.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kb/search.h"

namespace kb::api {

// A unit with its message (none for a message itself or a unit of none), that
// message's proof points, and the most related units of other documents
// (Index::related, best first).
struct UnitDetail {
  UnitView unit;
  std::optional<UnitView> message;
  std::vector<UnitView> proof_points;
  std::vector<UnitView> related;
  // With a search's words to mark (unit_detail's `marking`): the unit's whole text,
  // HTML-escaped, with those words marked as a hit's snippet marks them (Index::marked_text).
  std::optional<std::string> snippet;
};

// How many related units a unit's detail lists.
inline constexpr std::size_t related_limit = 5;

std::optional<UnitDetail> unit_detail(const Index& index, const std::string& id,
                                      const std::optional<SearchRequest>& marking = std::nullopt);
// GET /api/v1/units/{id}: {unit, message, proof_points, related}; with a snippet, the
// unit carries it as "snippet" (the whole text marked, as a hit's is).
nlohmann::json to_json(const UnitDetail& detail);
UnitDetail unit_detail_from_json(const nlohmann::json& j);
// kb-query --json --show: the unit; a message with its proof points, as in /api/v1/messages;
// either with "related".
nlohmann::json shown_unit_json(const UnitDetail& detail);

// GET /api/v1/search without took_ms: the result shape, the paging and, with
// group=message, the hits grouped by message in the order their first hit comes.
nlohmann::json search_json(const SearchResult& result, const SearchRequest& request, bool grouped);

// GET /api/v1/messages.
nlohmann::json messages_json(const std::vector<MessageOutline>& outlines,
                             const std::vector<UnitView>& audience_guidance);

// GET /api/v1/facets: every value of every facet with its count in `all` (a search of
// the whole index), most frequent first, and the facets' definitions for the UI.
nlohmann::json facets_json(const Index& index, const SearchResult& all);

// GET /api/v1/suggest: completions and the matching units, each reduced to what a
// suggestion list shows.
nlohmann::json suggest_json(const std::string& query, const Suggestions& suggestions);

// GET /api/v1/sources/{id}[?unit=…]: {source: source_json, lines: [{n, text}], marked:
// [first, last] of the unit's citation, or null without a unit}. Throws ApiError(not_found)
// for an unknown source, a source whose text the index does not hold or an unknown unit,
// ApiError(invalid_parameter) for a unit of another source.
nlohmann::json source_text_json(const Index& index, const std::string& source_id,
                                const std::optional<std::string>& unit_id);

}  // namespace kb::api
