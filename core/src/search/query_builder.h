// Turns a request's text and filters into Xapian queries. Internal to kb_core; kept
// apart from the searcher so the parsing rules have tests of their own.
#pragma once

#include <xapian.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "kb/model.h"
#include "kb/ranking.h"

namespace kb::detail {

// What a reader needs to parse queries as the index was written, and how it ranks.
struct QueryOptions {
  std::vector<std::string> langs{"en"};  // the `lang` values of the index's units
  std::string english_stemmer = "english";
  std::string english_stopwords = "extended";
  RankingParams ranking;
  // Bounds on the work of one query: every word opens posting lists several times over
  // (stemmed, AND branch, glossary forms, one branch per unit kind), so an unbounded
  // query text is unbounded CPU and memory. Repeats are bounded (collapse_repeats);
  // more words than `max_words` after that, or a text query of more than `max_terms`
  // terms (glossary forms and every language included, before the kind branches), is
  // Error(query_too_complex).
  std::size_t max_words = 64;
  std::size_t max_terms = 256;
  // The terms a partial last word (search-as-you-type) or a wildcard expands to: the
  // most frequent ones.
  unsigned max_expansion = 30;
};

class QueryBuilder {
 public:
  // `db` supplies spelling data and synonyms; `synonym_groups` are glossary forms that
  // mean the same thing (multi-word ones are expanded here, Xapian cannot).
  QueryBuilder(const Xapian::Database& db, std::vector<std::vector<std::string>> synonym_groups,
               QueryOptions options = {});

  struct Parsed {
    Xapian::Query query;  // MatchAll for an empty text
    // The same matches as `query` without what only ranks them (the kind boost's
    // branches, each of which opens every posting list again; the every-word and
    // as-written branches, subsets of the rest): for counting matches.
    Xapian::Query matching;
    bool empty = true;      // the text had no searchable words
    std::string corrected;  // spelling suggestion, "" when none
    // The units holding every word (RankingParams::all_words_first), for the tier of
    // detail::match; empty when not computed (and_weight 0, no words).
    Xapian::Query all_words;
    // The distinct stemmed words of the text as typed (no stopwords, no glossary
    // expansion), in the first language: how long the query really is.
    std::size_t words = 0;
  };

  // Free text: phrases, AND/OR/NOT, +/-, field prefixes (title:, audience:, theme:,
  // message:, kind:, source:). Units that hold every word rank above units that hold
  // some. With several languages in the index, the text is parsed once per language
  // (its stemmer and stopwords) and each parse applies to that language's units.
  // `guidance_boost` multiplies the audience-guidance kind factor (audience filters).
  // The text is normalised to NFC and its repeats bounded first (collapse_repeats).
  // Throws Error(invalid_query) on syntax the parser rejects, Error(query_too_complex)
  // beyond the bounds of QueryOptions.
  Parsed parse(const std::string& text, bool partial, double guidance_boost = 1.0) const;

  // A ranking-only query from prose (an audience's guidance and description): its
  // words OR-ed, stemmed per language, no synonyms, no spelling. Empty when no words.
  Xapian::Query profile(const std::string& prose) const;

  const QueryOptions& options() const { return options_; }

  // The query text with the third and later occurrences of a word or phrase in the same
  // clause left out: "IDN IDN IDN IDN" -> "IDN IDN", "dns abuse dns abuse dns" -> "dns
  // abuse dns abuse". What matches is unchanged, and a word typed twice still weighs
  // twice. A clause ends at a bracket or a boolean operator (AND, OR, NOT, XOR, NEAR,
  // ADJ), and a token next to an operator is its operand and always kept: "a OR a OR a"
  // and "a a a NEAR b" stay as they are.
  static std::string collapse_repeats(const std::string& text);

  // The query text with every hyphenated word also searched joined:
  // "multi-stakeholder" -> "(multi-stakeholder OR multistakeholder)".
  static std::string expand_hyphenation(const std::string& text);

  // Multiplies a text query's scores by a factor per unit kind: a proof point that
  // matches as well as a glossary entry ranks above it (staff want arguments first).
  // Kinds missing from `factors` get 1; `kinds` are the kinds to branch on (one branch
  // per distinct factor), each with how many units it has.
  static Xapian::Query with_kind_boost(const Xapian::Query& text,
                                       const std::map<std::string, double>& factors,
                                       const std::map<std::string, Xapian::doccount>& kinds);

  // The text with its words lower-cased, except the operators AND, OR, NOT, XOR, NEAR,
  // ADJ and values after a facet prefix ("kind:", "message:"), so that capitalised words are
  // stemmed like the rest: "Internationalised Domain Names" -> "internationalised domain names".
  static std::string lower_case_words(const std::string& text);

  // The query text with glossary forms replaced by an OR of all equivalent forms:
  // "IGF funding" -> "(IGF OR \"Internet Governance Forum\") funding". Quoted phrases
  // and prefixed words are left alone; with `partial`, so is the word being typed.
  std::string expand_synonyms(const std::string& text, bool partial) const;

  // OR of the facet's values.
  static Xapian::Query facet_filter(const std::string& facet, const std::vector<std::string>& ids);

  // text FILTER (AND of every facet filter except `skip`).
  static Xapian::Query combine(const Xapian::Query& text,
                               const std::map<std::string, Xapian::Query>& filters,
                               const std::string& skip = {});

  // Whether every unit of the index has exactly one of the unit kinds (as kb writes
  // them): then the units of some kinds are all units but those of the others.
  bool kinds_partition_units() const { return kinds_partition_units_; }

 private:
  struct Language {
    std::string lang;
    Xapian::Stem stem;
    const Xapian::Stopper* stopper;
    std::set<std::string> stopword_stems;  // "Z" + stem of each stopword
  };
  // Whether `query` is nothing but stopwords' stems (outside any phrase).
  static bool only_stopwords(const Xapian::Query& query, const Language& language);
  Xapian::QueryParser parser_for(const Language& language) const;
  // qp.parse_query with its phrases on stems (search/phrase_stems.h).
  static Xapian::Query parse_on_stems(Xapian::QueryParser& qp, const Language& language,
                                      const std::string& text, unsigned flags);
  // A real word (lower case): in the index, the glossary or an English dictionary. Such
  // words are never spelling-corrected.
  bool knows(const std::string& word) const;

  const Xapian::Database& db_;
  std::vector<std::vector<std::string>> synonym_groups_;
  QueryOptions options_;
  std::vector<Language> languages_;
  // The unit kinds present in the index, each with its number of units.
  std::map<std::string, Xapian::doccount> kinds_;
  bool kinds_partition_units_ = false;
  std::set<std::string> glossary_words_;
};

}  // namespace kb::detail
