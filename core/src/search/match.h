// One match of a parsed query under a search's filters: the total, the page of hits and
// the facet counts. Internal to kb_core.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "search/deadline.h"
#include "search/facet_catalog.h"
#include "search/index_impl.h"
#include "search/query_builder.h"

namespace kb::detail {

// A search's filters: as value ids, and as queries.
struct SearchFilters {
  ResolvedFilters ids;
  std::map<std::string, Xapian::Query> queries;  // facet -> OR of its values

  explicit SearchFilters(ResolvedFilters resolved);

  // The values of the audience filter, or nullptr when there is none: that audience's
  // guidance ranks first.
  const std::vector<std::string>* audiences() const;
};

// Sets out.total, out.hits (the request's page, with snippets unless turned off) and,
// when request.facets, out.facets: the facets without a filter counted over this match,
// each filtered one as if its own filter were off (disjunctive), in schema order.
void match(const Index::Impl& index, const SearchRequest& request,
           const QueryBuilder::Parsed& parsed, const SearchFilters& filters,
           const Deadline& deadline, SearchResult& out);

}  // namespace kb::detail
