// Index::related: the units of other documents most like one unit, by Xapian's
// relevance-feedback term selection (an ESet from the unit as the one relevant document).
#include <xapian.h>

#include "kb/error.h"
#include "kb/model.h"
#include "kb/schema.h"
#include "kb/search.h"
#include "search/feedback.h"
#include "search/index_impl.h"

namespace kb {
std::vector<UnitView> Index::related(const std::string& id, std::size_t limit) const {
  std::vector<UnitView> out;
  if (limit == 0) return out;
  const auto& db = impl_->db;
  auto id_term = std::string(schema::prefix_id) + id;
  auto posting = db.postlist_begin(id_term);
  if (posting == db.postlist_end(id_term)) return out;
  Xapian::docid docid = *posting;
  auto unit = impl_->view_of(db.get_document(docid)).unit;
  try {
    Xapian::Enquire enquire(db);
    Xapian::RSet rset;
    rset.add_document(docid);
    detail::StemmedWordTerms decider;
    // The unit's most distinctive words (Xapian's default TradWeight expand weighting).
    auto eset = enquire.get_eset(related_terms, rset, &decider);
    if (eset.empty()) return out;
    std::vector<Xapian::Query> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it)
      terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), it.get_weight());
    Xapian::Query words(Xapian::Query::OP_OR, terms.begin(), terms.end());
    // Content of other documents: not the unit's own document, not names or glossary.
    std::vector<Xapian::Query> excluded{
        Xapian::Query(std::string(schema::prefix_source) + unit.source_id),
        Xapian::Query(std::string(schema::prefix_kind) + kind::glossary)};
    for (const auto& k : unit_kinds)
      if (is_name_kind(k.kind))
        excluded.emplace_back(std::string(schema::prefix_kind) + std::string(k.kind));
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_AND_NOT, words,
                      Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end())));
    enquire.set_weighting_scheme(impl_->weighting());
    auto mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
    for (auto it = mset.begin(); it != mset.end(); ++it)
      out.push_back(impl_->view_of(it.get_document()));
  } catch (const Xapian::Error& e) {
    detail::throw_index_error(e, "related units failed");
  }
  return out;
}

}  // namespace kb
