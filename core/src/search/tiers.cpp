#include "search/tiers.h"

#include <atomic>
#include <cmath>
#include <string>
#include <vector>

#include "kb/model.h"
#include "kb/ranking.h"

namespace kb::detail {
namespace {

std::atomic<bool> content_by_exclusion{true};

// The units of `units` weighing `steps` tier steps each.
Xapian::Query tier(const Xapian::Query& units, double steps) {
  // Xapian::Query shares the source (reference counted) and deletes it with the last copy.
  auto* fixed = new Xapian::FixedWeightPostingSource(steps * tier_step);
  return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(fixed->release()), units);
}

Xapian::Query units_of_kinds(bool names) {
  std::vector<std::string> kinds;
  for (const auto& k : unit_kinds)
    if (is_name_kind(k.kind) == names) kinds.emplace_back(k.kind);
  return QueryBuilder::facet_filter("kind", kinds);
}

// The content units (not names) weighing `steps` tier steps each. Most units are content:
// filtering by the content kinds walks the passages' posting list, nearly every unit's,
// for each match. Where every unit has one kind, excluding the few names skips through
// their short lists instead, for the same units.
Xapian::Query content_tier(const Index::Impl& index, double steps) {
  if (!content_by_exclusion || !index.builder->kinds_partition_units())
    return tier(units_of_kinds(false), steps);
  auto* fixed = new Xapian::FixedWeightPostingSource(steps * tier_step);
  return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(fixed->release()),
                       units_of_kinds(true));
}

}  // namespace

Xapian::Query with_tiers(const Index::Impl& index, const SearchRequest& request,
                         const QueryBuilder::Parsed& parsed, const Xapian::Query& query) {
  const auto& ranking = index.query_options.ranking;
  if (request.sort_by_date || parsed.empty) return query;
  std::vector<Xapian::Query> tiers;
  // The steps are 4, 2 and 1 so that every combination of tiers weighs differently, in
  // the order: every word, a signatory list a people query asks for, content.
  // Where every match holds every word (one word), the tier would weigh them all alike.
  if (ranking.all_words_first && !parsed.all_words.empty() &&
      parsed.all_words.serialise() != parsed.matching.serialise())
    tiers.push_back(tier(parsed.all_words, 4));
  if (ranking.names_last) {
    if (asks_for_people(request.query))
      tiers.push_back(
          tier(Xapian::Query(std::string(schema::prefix_kind) + kind::signatory_list), 2));
    else
      tiers.push_back(content_tier(index, 1));
  }
  if (tiers.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                       Xapian::Query(Xapian::Query::OP_OR, tiers.begin(), tiers.end()));
}

bool set_content_tier_by_exclusion(bool on) {
  return content_by_exclusion.exchange(on);
}

double relevance_of(double weight) {
  return std::fmod(weight, tier_step);
}

}  // namespace kb::detail
