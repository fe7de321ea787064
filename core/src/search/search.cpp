#include <xapian.h>

#include "kb/error.h"
#include "kb/schema.h"
#include "kb/text.h"
#include "search/deadline.h"
#include "search/index_impl.h"
#include "search/match.h"
#include "search/no_match.h"
#include "search/query_syntax.h"
#include "search/snippets.h"
#include "text/text_util.h"

namespace kb {
namespace {

using detail::Deadline;
using detail::QueryBuilder;
using detail::SearchFilters;

// When the query has a spelling suggestion: the suggestion is reported and, when the
// query found nothing and the suggestion finds something, its hits replace the
// query's (auto-corrected).
void retry_with_correction(const Index::Impl& index, const SearchRequest& request,
                           const QueryBuilder::Parsed& parsed, double guidance_boost,
                           const SearchFilters& filters, const Deadline& deadline,
                           SearchResult& result) {
  if (parsed.corrected.empty()) return;
  result.corrected_query = parsed.corrected;
  if (result.total > 0 || !request.correct) return;
  auto retry = index.builder->parse(parsed.corrected, request.partial, guidance_boost);
  SearchResult corrected = result;
  corrected.hits.clear();
  detail::match(index, request, retry, filters, deadline, corrected);
  if (corrected.total > 0) {
    result = std::move(corrected);
    result.auto_corrected = true;
  }
}

// The text with its last word read as a whole word; half-typed syntax ("DNS AND",
// an unclosed quote) read leniently as while typing. Parsed::empty when even that fails.
QueryBuilder::Parsed whole_words(const QueryBuilder& builder, const std::string& text,
                                 double guidance_boost) {
  try {
    return builder.parse(text, false, guidance_boost);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::invalid_query) throw;
  }
  try {
    return builder.parse(detail::lenient_syntax(text), false, guidance_boost);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::invalid_query) throw;
  }
  return {};
}

}  // namespace

SearchResult Index::search(const SearchRequest& request) const {
  if (request.limit > 1000)
    throw Error(ErrorCode::invalid_argument,
                "limit " + std::to_string(request.limit) + " is over the maximum of 1000");
  Deadline deadline(request.deadline);
  SearchResult result;
  result.query = request.query;
  SearchFilters filters(impl_->facets.resolve(request.filters));
  result.filters = filters.ids;

  // With an audience filter, that audience's guidance comes first: boosted in a search,
  // ranked first when browsing (detail::match).
  double guidance_boost =
      filters.audiences() ? impl_->query_options.ranking.audience_guidance_boost : 1.0;
  try {
    // Parsing reads the index too (spelling, word frequencies): over shards, a network read.
    auto parsed = impl_->builder->parse(request.query, request.partial, guidance_boost);
    detail::match(*impl_, request, parsed, filters, deadline, result);
    // While typing (partial), a last word that starts no word of the index may be a whole
    // word already or a misspelt one: it is then read as a whole word, which can be
    // corrected. The page and the widget both rely on this (one behaviour, decided here).
    SearchRequest whole = request;
    if (request.partial && result.total == 0 && !parsed.empty) {
      whole.partial = false;
      auto reparsed = whole_words(*impl_->builder, request.query, guidance_boost);
      if (!reparsed.empty) {
        SearchResult words = result;
        words.hits.clear();
        detail::match(*impl_, whole, reparsed, filters, deadline, words);
        if (words.total > 0) result = std::move(words);
        parsed = std::move(reparsed);
      }
    }
    retry_with_correction(*impl_, whole, parsed, guidance_boost, filters, deadline, result);
    if (result.total == 0 && !request.ids_only && (!parsed.empty || !filters.ids.empty()))
      result.suggestions = detail::no_match_suggestions(request, [&](const SearchRequest& r) {
        SearchFilters f(impl_->facets.resolve(r.filters));
        SearchResult counted;
        detail::match(*impl_, r, impl_->builder->parse(r.query, r.partial, guidance_boost), f,
                      deadline, counted);
        return counted.total;
      });
  } catch (const Xapian::Error& e) {
    detail::throw_index_error(e, "search failed");
  }
  return result;
}

std::optional<std::string> Index::marked_text(const std::string& id,
                                              const SearchRequest& request) const {
  auto view = unit(id);
  if (!view) return std::nullopt;
  const auto& u = view->unit;
  const auto& text = u.text.empty() ? u.title : u.text;
  if (text::trim(request.query).empty()) return escape_html(text);
  Deadline deadline(request.deadline);
  const auto& builder = *impl_->builder;
  Xapian::Query only(std::string(schema::prefix_id) + id);
  // The whole text marked as a search's snippets are, when `parsed` matches the unit.
  auto mark = [&](const QueryBuilder::Parsed& parsed) -> std::optional<std::string> {
    if (parsed.empty) return std::nullopt;
    Xapian::Enquire enquire(impl_->db);
    enquire.set_weighting_scheme(impl_->weighting());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, parsed.query, only));
    auto mset = deadline.get_mset(enquire, 0, 1, impl_->db.get_doccount());
    if (mset.empty()) return std::nullopt;
    return detail::whole_text_marked(text, request, mset, impl_->stemmer(u.lang),
                                     !impl_->has_remote_shards);
  };
  try {
    std::vector<QueryBuilder::Parsed> readings;
    try {
      readings.push_back(builder.parse(request.query, request.partial));
    } catch (const Error& e) {
      if (e.code() != ErrorCode::invalid_query) throw;
    }
    readings.push_back(whole_words(builder, request.query, 1.0));
    if (request.correct) {
      for (std::size_t i = 0, n = readings.size(); i < n; ++i)
        if (!readings[i].corrected.empty())
          readings.push_back(whole_words(builder, readings[i].corrected, 1.0));
    }
    // A submitted query whose last word starts words (the page then shows those).
    if (!request.partial) readings.push_back(builder.parse(request.query, true));
    for (const auto& parsed : readings)
      if (auto marked = mark(parsed)) return marked;
  } catch (const Error& e) {
    if (e.code() != ErrorCode::invalid_query && e.code() != ErrorCode::query_too_complex) throw;
  } catch (const Xapian::Error& e) {
    detail::throw_index_error(e, "marking the unit failed");
  }
  return escape_html(text);
}

}  // namespace kb
