#include "kb/api/search_params.h"

#include <string_view>
#include <vector>

#include "kb/api/errors.h"
#include "kb/schema.h"

namespace kb::api {
namespace {

// highlight=NAME wraps matches in <NAME>...</NAME>; "none" leaves them bare.
const std::vector<std::string> kHighlights = {"mark", "em", "strong", "b", "none"};

std::string highlight_name(const SearchRequest& r) {
  if (r.highlight_start.empty() && r.highlight_end.empty()) return "none";
  for (const auto& tag : kHighlights)
    if (r.highlight_start == "<" + tag + ">" && r.highlight_end == "</" + tag + ">") return tag;
  throw Error(ErrorCode::invalid_argument,
              "kb-searchd highlights with <mark>, <em>, <strong>, <b> or "
              "nothing, not \"" +
                  r.highlight_start + "\"");
}

// q, partial, correct and highlight: read the same way by a search and by a unit's page
// marking a search's words.
void read_query_words(const QueryParams& p, const RequestLimits& limits, SearchRequest& r) {
  r.query = p.get("q");
  check_query_length(r.query, limits);
  r.partial = p.flag("partial");
  r.correct = !p.has("correct") || p.flag("correct");
  auto highlight = p.choice("highlight", kHighlights, "mark");
  r.highlight_start = highlight == "none" ? "" : "<" + highlight + ">";
  r.highlight_end = highlight == "none" ? "" : "</" + highlight + ">";
}

}  // namespace

void check_query_length(const std::string& query, const RequestLimits& limits) {
  if (query.size() > limits.max_query_length)
    throw ApiError(Code::query_too_long, "q is " + std::to_string(query.size()) +
                                             " bytes; the limit is " +
                                             std::to_string(limits.max_query_length));
}

std::set<std::string> search_parameter_names() {
  std::set<std::string> names = {"q",     "page",      "per_page", "offset", "limit",  "sort",
                                 "group", "highlight", "partial",  "facets", "correct"};
  for (const auto& f : schema::facets) names.emplace(f.name);
  return names;
}

SearchRequest search_request(const QueryParams& p, const RequestLimits& limits) {
  SearchRequest r;
  read_query_words(p, limits, r);
  for (const auto& f : schema::facets)
    if (auto values = p.all(std::string(f.name)); !values.empty())
      r.filters[std::string(f.name)] = values;
  auto max = static_cast<long>(limits.max_per_page);
  if ((p.has("page") || p.has("per_page")) && (p.has("offset") || p.has("limit")))
    throw ApiError(Code::invalid_parameter, "use page/per_page or offset/limit, not both");
  if (p.has("offset") || p.has("limit")) {
    r.offset = static_cast<std::size_t>(p.number("offset", 0, 1000000).value_or(0));
    r.limit = static_cast<std::size_t>(p.number("limit", 0, max).value_or(10));
  } else {
    auto per_page = p.number("per_page", 1, max).value_or(10);
    auto page = p.number("page", 1, 100000).value_or(1);
    r.limit = static_cast<std::size_t>(per_page);
    r.offset = static_cast<std::size_t>((page - 1) * per_page);
  }
  r.sort_by_date = p.choice("sort", {"relevance", "date"}, "relevance") == "date";
  r.facets = !p.has("facets") || p.flag("facets");
  return r;
}

bool grouped_by_message(const QueryParams& p) {
  return p.choice("group", {"none", "message"}, "none") == "message";
}

void check_page_in_range(const QueryParams& p, const SearchRequest& request,
                         const SearchResult& result) {
  if (request.offset == 0 || request.offset < result.total || p.has("offset")) return;
  auto last = (result.total + request.limit - 1) / request.limit;
  throw ApiError(Code::page_out_of_range,
                 result.total == 0
                     ? "page " + p.get("page") + " is out of range: there are no results"
                     : "page " + p.get("page") + " is past the last page (" + std::to_string(last) +
                           ") of " + std::to_string(result.total) + " results");
}

ParamMap search_params(const SearchRequest& request) {
  for (const auto& [facet, values] : request.filters)
    if (!schema::find_facet(facet))
      throw Error(ErrorCode::unknown_filter, "unknown facet \"" + facet + "\"");
  ParamMap params{{"q", request.query},
                  {"offset", std::to_string(request.offset)},
                  {"limit", std::to_string(request.limit)},
                  {"sort", request.sort_by_date ? "date" : "relevance"},
                  {"partial", request.partial ? "true" : "false"},
                  {"correct", request.correct ? "true" : "false"},
                  {"facets", request.facets ? "true" : "false"},
                  {"highlight", highlight_name(request)}};
  for (const auto& f : schema::facets)
    if (auto it = request.filters.find(std::string(f.name)); it != request.filters.end())
      for (const auto& v : it->second) params.emplace(f.name, v);
  return params;
}

std::set<std::string> unit_parameter_names() {
  return {"q", "partial", "correct", "highlight"};
}

std::optional<SearchRequest> unit_marking_request(const QueryParams& p,
                                                  const RequestLimits& limits) {
  if (p.get("q").find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  SearchRequest r;
  read_query_words(p, limits, r);
  return r;
}

std::set<std::string> suggest_parameter_names() {
  return {"q", "limit"};
}

SuggestRequest suggest_request(const QueryParams& p, const RequestLimits& limits) {
  SuggestRequest s;
  s.query = p.get("q");
  if (s.query.size() > limits.max_query_length)
    throw ApiError(Code::query_too_long,
                   "q is longer than " + std::to_string(limits.max_query_length) + " bytes");
  s.limit = static_cast<std::size_t>(p.number("limit", 1, 20).value_or(5));
  return s;
}

}  // namespace kb::api
