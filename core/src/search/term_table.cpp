// Index::term_table (kb/search.h): the index's own terms, read back for a search that runs
// without the index (kb-export). Words are paired with the stems the index gave them by
// stemming each word as the writer did and keeping the stems the unit really holds.
#include <xapian.h>

#include <algorithm>
#include <set>

#include "kb/schema.h"
#include "kb/search.h"
#include "search/index_impl.h"

namespace kb {

namespace {

bool is_word_term(const std::string& term) {
  // Prefixed terms (ids, filters, titles, stems) start with a capital letter.
  return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

std::string lang_of(const Xapian::Document& doc) {
  const std::string prefix(schema::prefix_lang);
  auto t = doc.termlist_begin();
  t.skip_to(prefix);
  if (t != doc.termlist_end() && (*t).starts_with(prefix)) return (*t).substr(prefix.size());
  return "en";
}

}  // namespace

TermTable Index::term_table() const {
  return detail::reading("reading the index's terms failed", [&] {
    const Xapian::Database& db = impl_->db;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(schema::slot_position, false);
    auto mset = enquire.get_mset(0, db.get_doccount());

    TermTable table;
    std::map<std::string, std::set<std::string>> words;
    for (auto m = mset.begin(); m != mset.end(); ++m) {
      Xapian::Document doc = m.get_document();
      const auto unit = static_cast<unsigned>(table.unit_ids.size());
      table.unit_ids.push_back(doc.get_value(schema::slot_id));
      const Xapian::Stem& stem = impl_->stemmer(lang_of(doc));
      std::set<std::string> stems;
      unsigned length = 0;
      std::vector<std::string> unit_words;
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& term = *t;
        if (term.size() > 1 && term[0] == 'Z') {
          stems.insert(term.substr(1));
          table.postings[term.substr(1)].emplace_back(unit, t.get_wdf());
          length += t.get_wdf();
        } else if (is_word_term(term)) {
          unit_words.push_back(term);
        }
      }
      table.lengths.push_back(length);
      for (const auto& word : unit_words) {
        ++table.word_units[word];
        std::string s = stem(word);
        if (stems.count(s)) words[word].insert(s);
      }
    }
    for (auto& [word, stems] : words) table.words[word].assign(stems.begin(), stems.end());

    const Xapian::Database& meta = impl_->meta;
    for (auto k = meta.synonym_keys_begin(); k != meta.synonym_keys_end(); ++k) {
      auto& out = table.synonyms[*k];
      for (auto v = meta.synonyms_begin(*k); v != meta.synonyms_end(*k); ++v) out.push_back(*v);
    }
    return table;
  });
}

}  // namespace kb
