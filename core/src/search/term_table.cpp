// Index::term_table (kb/search.h): the index's own terms, read back for a search that runs
// without the index (kb-export). Words are paired with the stems the index gave them by
// stemming each word as the writer did and keeping the stems the unit really holds.
#include <xapian.h>

#include <algorithm>
#include <set>

#include "kb/schema.h"
#include "kb/search.h"
#include "search/index_impl.h"
#include "text/language.h"

namespace kb {

namespace {

bool is_capital(char c) {
  return c >= 'A' && c <= 'Z';
}

// Prefixed terms (ids, filters, titles) start with a capital letter; stems with Z.
bool is_word_term(const std::string& term) {
  return !term.empty() && !is_capital(term[0]);
}
bool is_stem_term(const std::string& term) {
  return term.size() > 1 && term[0] == 'Z' && !is_capital(term[1]);
}

// The facet whose boolean term `term` is, or nullptr.
const schema::Facet* facet_of(const std::string& term) {
  for (const auto& f : schema::facets)
    if (term.size() > f.prefix.size() && term.starts_with(f.prefix)) return &f;
  return nullptr;
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
    std::map<std::string, std::set<std::string>> word_stems;
    for (auto m = mset.begin(); m != mset.end(); ++m) {
      Xapian::Document doc = m.get_document();
      const auto unit = static_cast<unsigned>(table.units.size());
      table.units.push_back(impl_->view_of(doc));
      const Xapian::Stem& stem = impl_->stemmer(lang_of(doc));
      std::set<std::string> stems;
      std::vector<std::string> unit_words;
      auto& facets = table.facet_values.emplace_back();
      unsigned length = 0;
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& term = *t;
        if (const auto* facet = facet_of(term)) {
          facets[std::string(facet->name)].push_back(term.substr(facet->prefix.size()));
        } else if (is_stem_term(term)) {
          stems.insert(term.substr(1));
          table.stems[term.substr(1)].emplace_back(unit, t.get_wdf());
          // Every word has a stemmed term (stopwords and numbers too); the words as
          // written leave stopwords out.
          length += t.get_wdf();
        } else if (is_word_term(term)) {
          unit_words.push_back(term);
          table.words[term].emplace_back(unit, t.get_wdf());
        }
      }
      table.lengths.push_back(length);
      for (const auto& word : unit_words) {
        std::string s = stem(word);
        if (stems.count(s)) word_stems[word].insert(s);
      }
    }
    for (auto& [word, stems] : word_stems)
      table.word_stems[word].assign(stems.begin(), stems.end());

    std::set<std::string> stopwords;
    for (const auto& lang : impl_->query_options.langs)
      for (auto& w : detail::stopwords(lang, impl_->query_options.english_stopwords))
        stopwords.insert(w);
    table.stopwords.assign(stopwords.begin(), stopwords.end());
    table.synonym_groups = impl_->synonym_groups;
    return table;
  });
}

}  // namespace kb
