#include "search/feedback.h"

#include <cctype>
#include <set>
#include <vector>

#include "kb/ranking.h"

namespace kb::detail {

bool StemmedWordTerms::operator()(const std::string& term) const {
  if (term.size() < 3 || term[0] != 'Z') return false;
  for (std::size_t i = 1; i < term.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(term[i]))) return true;
  return false;
}

namespace {

// Feedback words: the ESet's picks that are not already query words.
class NewStemmedWords : public StemmedWordTerms {
 public:
  explicit NewStemmedWords(std::set<std::string> query_terms)
      : query_terms_(std::move(query_terms)) {}
  bool operator()(const std::string& term) const override {
    return StemmedWordTerms::operator()(term) && !query_terms_.count(term);
  }

 private:
  std::set<std::string> query_terms_;
};

}  // namespace

Xapian::Query with_feedback(const Index::Impl& index, const Xapian::Query& query, std::size_t words,
                            const Deadline& deadline) {
  const auto& ranking = index.query_options.ranking;
  if (ranking.feedback_docs == 0 || ranking.feedback_terms == 0) return query;
  if (words < ranking.feedback_min_words) return query;
  std::set<std::string> query_terms(query.get_terms_begin(), query.get_terms_end());

  Xapian::Enquire first(index.db);
  first.set_query(query);
  first.set_weighting_scheme(index.weighting());
  // The top documents only: their order does not depend on how many matches are counted.
  auto top = deadline.get_mset(first, 0, ranking.feedback_docs, 0);
  if (top.empty()) return query;
  Xapian::RSet rset;
  for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
  NewStemmedWords decider(std::move(query_terms));
  auto eset = first.get_eset(ranking.feedback_terms, rset, &decider);
  if (eset.empty()) return query;
  // Each word weighs by its share of the best one's expand weight.
  double best = eset.begin().get_weight();
  std::vector<Xapian::Query> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it)
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                       ranking.feedback_weight * (best > 0 ? it.get_weight() / best : 1.0));
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                       Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
}

}  // namespace kb::detail
