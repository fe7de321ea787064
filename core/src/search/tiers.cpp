#include "search/tiers.h"

#include <unordered_set>

#include "kb/model.h"
#include "kb/ranking.h"
#include "kb/schema.h"

namespace kb::detail {
namespace {

// A three-character key, sorted descending: holds every word, is a signatory list a
// people query asks for, is content (or names are not demoted).
class TierKey : public Xapian::KeyMaker {
 public:
  TierKey(std::unordered_set<Xapian::docid> all, bool use_all, bool names_last, bool people)
      : all_(std::move(all)), use_all_(use_all), names_last_(names_last), people_(people) {}

  std::string operator()(const Xapian::Document& doc) const override {
    std::string key(3, '0');
    if (!use_all_ || all_.count(doc.get_docid())) key[0] = '1';
    if (names_last_) {
      auto k = doc.get_value(schema::slot_kind);
      if (people_ && k == kind::signatory_list) key[1] = '1';
      if (people_ || !is_name_kind(k)) key[2] = '1';
    }
    return key;
  }

 private:
  std::unordered_set<Xapian::docid> all_;
  bool use_all_, names_last_, people_;
};

}  // namespace

void order_by_tiers(const Index::Impl& index, const SearchRequest& request,
                    const QueryBuilder::Parsed& parsed, const Deadline& deadline,
                    Xapian::Enquire& enquire) {
  const auto& ranking = index.query_options.ranking;
  if (request.sort_by_date || parsed.empty) return;
  bool use_all = ranking.all_words_first && !parsed.all_words.empty();
  if (!use_all && !ranking.names_last) return;
  std::unordered_set<Xapian::docid> all;
  if (use_all) {
    Xapian::Enquire e(index.db);
    e.set_query(parsed.all_words);
    e.set_weighting_scheme(Xapian::BoolWeight());
    auto n = index.db.get_doccount();
    auto mset = deadline.get_mset(e, 0, n, n);  // at most every unit, once
    for (auto it = mset.begin(); it != mset.end(); ++it) all.insert(*it);
  }
  auto* key =
      new TierKey(std::move(all), use_all, ranking.names_last, asks_for_people(request.query));
  enquire.set_sort_by_key_then_relevance(key->release(), true);
}

}  // namespace kb::detail
