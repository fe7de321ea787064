#include "search/match.h"

#include <algorithm>
#include <cmath>

#include "index/unit_codec.h"
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
  hit.score = parsed.empty ? 0.0 : relevance_of(it.get_weight());
  if (request.ids_only) {
    hit.view.unit.id = it.get_document().get_value(schema::slot_id);
    return hit;
  }
  hit.view = index.view_of(it.get_document());
  if (request.snippets) {
    const auto& unit = hit.view.unit;
    hit.snippet = snippet_of(unit.text.empty() ? unit.title : unit.text, request, parsed.empty,
                             mset, index.stemmer(unit.lang), !index.has_remote_shards);
  }
  return hit;
}

// How many matches a pass visits at least: every one up to exact_count_limit, so that
// totals and facet counts are exact there.
Xapian::doccount count_limit(const Index::Impl& index) {
  return std::min<Xapian::doccount>(index.db.get_doccount(), exact_count_limit);
}

// Whether the spies of a pass saw every match: Xapian knows a total exactly without
// visiting every match (a single term's frequency), so both are checked. Spies that read
// no slot count nothing, seen or not.
bool saw_every_match(const std::vector<FacetSpy>& spies, const Xapian::MSet& mset) {
  if (mset.get_matches_lower_bound() != mset.get_matches_upper_bound()) return false;
  for (const auto& spy : spies)
    if (auto seen = spy.seen()) return *seen == mset.get_matches_lower_bound();
  return true;
}

std::vector<FacetResult> results_of(const Index::Impl& index, const std::vector<FacetSpy>& spies,
                                    const SearchFilters& filters, std::size_t scale = 1) {
  std::vector<FacetResult> out;
  for (const auto& spy : spies) {
    auto active = filters.ids.find(std::string(spy.facet().name));
    out.push_back(spy.result(
        index.facets, active == filters.ids.end() ? std::vector<std::string>{} : active->second,
        scale));
  }
  return out;
}

// `facets` counted over the matches of `query` with `spies`, Xapian's matcher told to
// visit at least `at_least` of them.
Xapian::MSet counting_pass(const Index::Impl& index, const FacetTable* table,
                           const std::vector<const schema::Facet*>& facets,
                           const Xapian::Query& query, Xapian::doccount at_least,
                           const Deadline& deadline, std::vector<FacetSpy>& spies) {
  Xapian::Enquire enquire(index.db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  for (const auto* f : facets) spies.emplace_back(*f, index.db, enquire, table);
  return deadline.get_mset(enquire, 0, 0, at_least);
}

// The sample level (one unit in 2^level) that draws facet_sample_size to twice that of
// the matches of a query that has more than exact_count_limit. The number of matches comes
// from an exact count over a fixed pre-sample, the units of one sample term: the same units
// in every layout of the index, one database or shards local and remote, so the same level
// and the same counts (Xapian's estimate of the number of matches differs over shards).
// The pre-sample is one unit in 256, so that its units drive the intersection: counting
// it skips through the query's posting lists instead of visiting every match. Below
// ~16,000 matches it holds too few to go by closely, so the level rounds down: a larger
// sample, never a smaller one. An index written before the sample terms has only Xapian's
// `estimated`.
unsigned sample_level(const Index::Impl& index, const Xapian::Query& query,
                      Xapian::doccount estimated, const Deadline& deadline) {
  constexpr unsigned presample = 8;
  auto matches = static_cast<double>(estimated);
  if (index.has_sample_terms) {
    Xapian::Enquire enquire(index.db);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(sample_term(presample))));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    auto counted = deadline.get_mset(enquire, 0, 0, index.db.get_doccount())
                       .get_matches_lower_bound();  // exact: every match visited
    matches = std::ldexp(static_cast<double>(counted), static_cast<int>(presample));
  }
  matches = std::max(matches, static_cast<double>(exact_count_limit + 1));
  auto level = std::floor(std::log2(matches / facet_sample_size));
  return static_cast<unsigned>(
      std::clamp<double>(level, 1, static_cast<double>(schema::max_sample_level)));
}

// What a pass already found out about the number of matches of a query: at least `lower`,
// about `estimated`. Nothing, by default.
struct MatchBounds {
  Xapian::doccount lower = 0;
  Xapian::doccount estimated = 0;
};

// `facets` counted over the matches of `query`: exactly when there are at most
// exact_count_limit matches, else over a sample of facet_sample_size to twice that of them
// (a sample term), scaled up, and `exact` set false. Which of the two follows from the
// number of matches alone, never from how many a pass happened to visit (over shards, each
// visits up to the limit), so that shards count as one index does. Where `known` says there
// are more matches than the limit, no pass counts them all first.
std::vector<FacetResult> count_facets(const Index::Impl& index, const FacetTable* table,
                                      const std::vector<const schema::Facet*>& facets,
                                      const Xapian::Query& query, const SearchFilters& filters,
                                      MatchBounds known, const Deadline& deadline, bool& exact) {
  if (facets.empty()) return {};
  auto limit = count_limit(index);
  if (known.lower <= limit) {
    std::vector<FacetSpy> spies;
    auto mset = counting_pass(index, table, facets, query, limit, deadline, spies);
    if (saw_every_match(spies, mset) && mset.get_matches_lower_bound() <= limit)
      return results_of(index, spies, filters);
    known.estimated = mset.get_matches_estimated();
  }
  auto level = sample_level(index, query, known.estimated, deadline);
  auto one_in = Xapian::docid{1} << level;
  // A sample term is a plain term: Xapian's remote servers filter by it too, drawing the
  // same units whatever the shards. An index written before them is sampled by document id.
  Xapian::Query sample = index.has_sample_terms
                             ? Xapian::Query(sample_term(level))
                             : Xapian::Query((new DocumentSample(one_in))->release());
  std::vector<FacetSpy> spies;
  counting_pass(index, table, facets, Xapian::Query(Xapian::Query::OP_FILTER, query, sample),
                index.db.get_doccount(), deadline, spies);
  exact = false;
  return results_of(index, spies, filters, one_in);
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
  auto query = QueryBuilder::combine(matcher, filters.queries);
  // The matches again, for counting facets: boolean, so without the ranking's branches.
  auto counting = QueryBuilder::combine(parsed.matching, filters.queries);
  if (!parsed.empty && !request.sort_by_date && !request.partial)
    query = with_feedback(index, query, parsed.words, deadline);
  enquire.set_query(with_tiers(index, request, parsed, query));
  std::vector<const schema::Facet*> unfiltered;
  if (request.facets)
    for (const auto& f : schema::facets)
      if (!filters.queries.count(std::string(f.name))) unfiltered.push_back(&f);
  // Ordered by a value (browsing, by date), the match visits every match anyway: the
  // facets are counted there. Ordered by relevance, it skips what cannot reach the page,
  // and a pass of its own counts them.
  bool visits_every_match = request.sort_by_date || parsed.empty;
  const FacetTable* table = request.facets ? index.facet_table_for_search() : nullptr;
  std::vector<FacetSpy> spies;
  if (visits_every_match)
    for (const auto* f : unfiltered) spies.emplace_back(*f, index.db, enquire, table);

  auto mset = deadline.get_mset(enquire, request.offset, request.limit, count_limit(index));
  out.total = mset.get_matches_estimated();
  out.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    deadline.check();  // snippets read and scan each hit's text
    out.hits.push_back(hit_of(index, request, parsed, mset, it));
  }
  if (!request.facets) return;

  out.facets_exact = true;
  std::vector<FacetResult> counted;
  if (visits_every_match && saw_every_match(spies, mset))
    counted = results_of(index, spies, filters);
  else
    counted = count_facets(index, table, unfiltered, counting, filters,
                           {mset.get_matches_lower_bound(), mset.get_matches_estimated()}, deadline,
                           out.facets_exact);
  // A filtered facet is counted as if its own filter were off (disjunctive).
  for (const auto& [name, ids] : filters.ids) {
    const auto* facet = schema::find_facet(name);
    auto r = count_facets(index, table, {facet},
                          QueryBuilder::combine(parsed.matching, filters.queries, name), filters,
                          {}, deadline, out.facets_exact);
    counted.push_back(std::move(r.front()));
  }
  out.facets.clear();
  for (const auto& f : schema::facets)
    for (auto& c : counted)
      if (c.name == f.name) out.facets.push_back(std::move(c));
}

}  // namespace kb::detail
