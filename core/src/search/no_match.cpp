#include "search/no_match.h"

#include <algorithm>

#include "kb/error.h"
#include "search/query_syntax.h"
#include "text/text_util.h"

namespace kb::detail {
namespace {

// The blank-separated tokens of a query (a quoted phrase is one token).
std::vector<std::string> tokens_of(const std::string& text) {
  std::vector<std::string> tokens;
  std::string t;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == ' ' || c == '\t')) {
      if (!t.empty()) tokens.push_back(t);
      t.clear();
    } else {
      t += c;
    }
  }
  if (!t.empty()) tokens.push_back(t);
  return tokens;
}

}  // namespace

std::vector<NoMatchSuggestion> no_match_suggestions(
    const SearchRequest& request, const std::function<std::size_t(const SearchRequest&)>& count,
    std::size_t limit) {
  std::vector<NoMatchSuggestion> out;
  auto base = request;
  base.offset = 0;
  base.limit = 0;
  base.facets = false;
  base.snippets = false;
  for (const auto& [facet, values] : request.filters) {
    if (values.empty()) continue;
    auto r = base;
    r.filters.erase(facet);
    if (auto n = count(r); n > 0)
      out.push_back({"drop_filter", facet, text::join(values, ", "), r.query, n});
  }
  auto tokens = tokens_of(request.query);
  if (tokens.size() > 1 && tokens.size() <= 8) {
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      if (is_query_operator(tokens[k])) continue;
      // A word joined by an operator goes with it: "a AND b" without b is "a", not "a AND".
      std::size_t joined = tokens.size();
      if (k > 0 && is_query_operator(tokens[k - 1]))
        joined = k - 1;
      else if (k + 1 < tokens.size() && is_query_operator(tokens[k + 1]))
        joined = k + 1;
      std::vector<std::string> rest;
      for (std::size_t j = 0; j < tokens.size(); ++j)
        if (j != k && j != joined) rest.push_back(tokens[j]);
      auto r = base;
      r.query = text::join(rest, " ");
      if (std::any_of(out.begin(), out.end(), [&](const auto& s) { return s.query == r.query; }))
        continue;
      std::size_t n = 0;
      try {
        n = count(r);
      } catch (const Error&) {
        continue;  // what is left is not a query ("NOT b"): not a suggestion
      }
      if (n > 0) out.push_back({"drop_word", "", tokens[k], r.query, n});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.total > b.total; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace kb::detail
