// The query parameters of /api/v1/search and /api/v1/suggest <-> the core's requests,
// written once for kb-searchd (reading them) and kb-query --server (writing them).
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>

#include "kb/api/query_params.h"
#include "kb/search.h"

namespace kb::api {

// The daemon's bounds on what a request may ask (DaemonConfig).
struct RequestLimits {
  std::size_t max_query_length = 512;
  std::size_t max_per_page = 100;
};

// What /api/v1/search takes: its own parameters and one filter per facet of schema::facets.
std::set<std::string> search_parameter_names();

// ApiError(query_too_long) when `query` is over limits.max_query_length bytes.
void check_query_length(const std::string& query, const RequestLimits& limits);

// Throws ApiError(query_too_long) for an overlong q and ApiError(invalid_parameter) for a
// value out of range, not one of the choices, or both paging styles at once.
SearchRequest search_request(const QueryParams& params, const RequestLimits& limits);

// group=message: hits grouped by message besides the flat list.
bool grouped_by_message(const QueryParams& params);

// Throws ApiError(page_out_of_range) when `page` asks past the last page of `result`
// (an offset past the end is an empty page, not an error).
void check_page_in_range(const QueryParams& params, const SearchRequest& request,
                         const SearchResult& result);

// The parameters that ask kb-searchd for `request` (paging as offset/limit). Throws
// Error(unknown_filter) for a filter that is no facet, Error(invalid_argument) for
// highlight tags the API cannot express.
ParamMap search_params(const SearchRequest& request);

// What /api/v1/units/{id} takes: q, with partial, correct and highlight as for a search,
// has the words of that search marked in the unit's text.
std::set<std::string> unit_parameter_names();
// The search whose words a unit's text is marked with; nullopt without q (or a blank q).
// Throws as search_request does.
std::optional<SearchRequest> unit_marking_request(const QueryParams& params,
                                                  const RequestLimits& limits);

struct SuggestRequest {
  std::string query;
  std::size_t limit = 5;
};

// What /api/v1/suggest takes.
std::set<std::string> suggest_parameter_names();
SuggestRequest suggest_request(const QueryParams& params, const RequestLimits& limits);

}  // namespace kb::api
