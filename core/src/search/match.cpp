#include "search/match.h"

#include "kb/schema.h"
#include "search/facet_counts.h"
#include "search/feedback.h"
#include "search/snippets.h"
#include "search/tiers.h"

namespace kb::detail {
namespace {

// How hits are ordered: by date, by relevance, or (browsing) in source order, or for one
// audience its guidance, then proof points, messages, ... (kind rank); within a kind,
// what the audience's guidance and description are about first; then source order.
Xapian::Query set_order(const Index::Impl& index, const SearchRequest& request,
                        const QueryBuilder::Parsed& parsed, const SearchFilters& filters,
                        Xapian::Enquire& enquire) {
  enquire.set_weighting_scheme(index.weighting());
  Xapian::Query matcher = parsed.query;
  if (request.sort_by_date) {
    enquire.set_sort_by_value_then_relevance(schema::slot_date, true);
  } else if (parsed.empty && filters.audiences()) {
    auto profile = index.audience_profile(*filters.audiences());
    if (!profile.empty()) matcher = Xapian::Query(Xapian::Query::OP_AND_MAYBE, matcher, profile);
    enquire.set_sort_by_value_then_relevance(schema::slot_kind_rank, false);
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  } else if (parsed.empty) {
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(schema::slot_position, false);
  }
  return matcher;
}

Hit hit_of(const Index::Impl& index, const SearchRequest& request,
           const QueryBuilder::Parsed& parsed, const Xapian::MSet& mset,
           const Xapian::MSetIterator& it) {
  Hit hit;
  hit.score = parsed.empty ? 0.0 : it.get_weight();
  if (request.ids_only) {
    hit.view.unit.id = it.get_document().get_value(schema::slot_id);
    return hit;
  }
  hit.view = index.view_of(it.get_document());
  if (request.snippets) {
    const auto& unit = hit.view.unit;
    hit.snippet = snippet_of(unit.text.empty() ? unit.title : unit.text, request, parsed.empty,
                             mset, index.stemmer(unit.lang));
  }
  return hit;
}

// A filtered facet counted over the matches of the query without its own filter.
FacetResult count_without_own_filter(const Index::Impl& index, const schema::Facet& facet,
                                     const QueryBuilder::Parsed& parsed,
                                     const SearchFilters& filters, const Deadline& deadline) {
  std::string name(facet.name);
  Xapian::Enquire enquire(index.db);
  enquire.set_query(QueryBuilder::combine(parsed.query, filters.queries, name));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  FacetSpy spy(facet, enquire);
  deadline.get_mset(enquire, 0, 0, index.db.get_doccount());
  return spy.result(index.facets, filters.ids.at(name));
}

}  // namespace

SearchFilters::SearchFilters(ResolvedFilters resolved) : ids(std::move(resolved)) {
  for (const auto& [facet, values] : ids)
    queries[facet] = QueryBuilder::facet_filter(facet, values);
}

const std::vector<std::string>* SearchFilters::audiences() const {
  auto it = ids.find("audience");
  return it == ids.end() || it->second.empty() ? nullptr : &it->second;
}

void match(const Index::Impl& index, const SearchRequest& request,
           const QueryBuilder::Parsed& parsed, const SearchFilters& filters,
           const Deadline& deadline, SearchResult& out) {
  Xapian::Enquire enquire(index.db);
  auto matcher = set_order(index, request, parsed, filters, enquire);
  order_by_tiers(index, request, parsed, deadline, enquire);
  auto query = QueryBuilder::combine(matcher, filters.queries);
  if (!parsed.empty && !request.sort_by_date && !request.partial)
    query = with_feedback(index, query, parsed.words, deadline);
  enquire.set_query(query);
  std::vector<FacetSpy> spies;  // the facets without a filter, counted over this match
  if (request.facets)
    for (const auto& f : schema::facets)
      if (!filters.queries.count(std::string(f.name))) spies.emplace_back(f, enquire);

  auto mset = deadline.get_mset(enquire, request.offset, request.limit, index.db.get_doccount());
  out.total = mset.get_matches_estimated();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    deadline.check();  // snippets read and scan each hit's text
    out.hits.push_back(hit_of(index, request, parsed, mset, it));
  }
  if (!request.facets) return;

  std::map<std::string, FacetResult> counted;
  for (const auto& spy : spies) {
    auto r = spy.result(index.facets);
    counted.emplace(r.name, std::move(r));
  }
  for (const auto& [name, ids] : filters.ids)
    counted.emplace(name, count_without_own_filter(index, *schema::find_facet(name), parsed,
                                                   filters, deadline));
  out.facets.clear();
  for (const auto& f : schema::facets)
    if (auto c = counted.find(std::string(f.name)); c != counted.end())
      out.facets.push_back(std::move(c->second));
}

}  // namespace kb::detail
