#include "search/query_builder.h"

#include <algorithm>
#include <set>

#include "kb/error.h"
#include "kb/model.h"
#include "kb/schema.h"
#include "search/phrase_stems.h"
#include "search/query_syntax.h"
#include "search/spelling.h"
#include "text/dictionary.h"
#include "text/language.h"
#include "text/text_util.h"

namespace kb::detail {
namespace {

// The stopwords of a language, plus every word the index does not hold (neither as
// written nor stemmed): the AND branch cannot require a word no unit holds.
class AbsentWordStopper : public Xapian::Stopper {
 public:
  AbsentWordStopper(const Xapian::Stopper* base, const Xapian::Database& db,
                    const Xapian::Stem& stem)
      : base_(base), db_(db), stem_(stem) {}
  bool operator()(const std::string& word) const override {
    if (base_ && (*base_)(word)) return true;
    return db_.get_termfreq(word) == 0 && db_.get_termfreq("Z" + stem_(word)) == 0;
  }

 private:
  const Xapian::Stopper* base_;
  const Xapian::Database& db_;
  Xapian::Stem stem_;
};

// Lower-case words of a text, as the term generator would see them (unstemmed).
std::vector<std::string> words_of(const std::string& s) {
  std::vector<std::string> words;
  std::string w;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!w.empty()) {
      words.push_back(w);
      w.clear();
    }
  }
  if (!w.empty()) words.push_back(w);
  return words;
}

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The blank-separated tokens of a query text as [begin, end) offsets; a quoted phrase,
// blanks and all, is part of one token.
std::vector<std::pair<std::size_t, std::size_t>> tokens_of(const std::string& text) {
  std::vector<std::pair<std::size_t, std::size_t>> tokens;
  for (std::size_t i = 0; i < text.size();) {
    if (blank(text[i])) {
      ++i;
      continue;
    }
    std::size_t begin = i;
    bool quoted = false;
    for (; i < text.size() && (quoted || !blank(text[i])); ++i)
      if (text[i] == '"') quoted = !quoted;
    tokens.emplace_back(begin, i);
  }
  return tokens;
}

// The words of a query text, operators not counted.
std::size_t count_words(const std::string& text) {
  std::size_t n = 0;
  for (auto [begin, end] : tokens_of(text)) {
    auto token = text.substr(begin, end - begin);
    if (!is_query_operator(token)) n += words_of(token).size();
  }
  return n;
}

}  // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db,
                           std::vector<std::vector<std::string>> synonym_groups,
                           QueryOptions options)
    : db_(db), synonym_groups_(std::move(synonym_groups)), options_(std::move(options)) {
  if (options_.langs.empty()) options_.langs.push_back("en");
  for (auto& group : synonym_groups_)
    for (auto& form : group) {
      form = text::nfc(form);  // compared with the NFC query text
      for (const auto& w : words_of(form)) glossary_words_.insert(w);
    }
  for (const auto& k : all_unit_kinds())
    if (auto units = db_.get_termfreq(std::string(schema::prefix_kind) + k)) kinds_[k] = units;
  Xapian::doccount with_a_kind = 0;
  for (const auto& [kind, units] : kinds_) with_a_kind += units;
  kinds_partition_units_ = with_a_kind == db_.get_doccount();
  for (const auto& lang : options_.langs) {
    Language language{lang,
                      stemmer_for(lang, options_.english_stemmer),
                      stopper_for(lang, options_.english_stopwords),
                      {}};
    for (const auto& w : stopwords(lang, options_.english_stopwords))
      language.stopword_stems.insert("Z" + language.stem(w));
    languages_.push_back(std::move(language));
  }
}

bool QueryBuilder::only_stopwords(const Xapian::Query& query, const Language& language) {
  if (query.get_type() == Xapian::Query::LEAF_TERM) {
    auto t = query.get_terms_begin();
    return t != query.get_terms_end() && language.stopword_stems.count(*t) > 0;
  }
  if (has_positional(query) || query.get_num_subqueries() == 0) return false;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
    if (!only_stopwords(query.get_subquery(i), language)) return false;
  return true;
}

bool QueryBuilder::knows(const std::string& word) const {
  if (db_.get_termfreq(word) > 0 || glossary_words_.count(word)) return true;
  for (const auto& language : languages_)
    if (db_.get_termfreq("Z" + language.stem(word)) > 0) return true;
  if (detail::dictionary_knows(word)) return true;
  // Proper nouns are capitalised in the dictionary ("Canada").
  auto capital = word;
  capital[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capital[0])));
  return detail::dictionary_knows(capital);
}

Xapian::Query QueryBuilder::parse_on_stems(Xapian::QueryParser& qp, const Language& language,
                                           const std::string& text, unsigned flags) {
  return phrases_on_stems(qp.parse_query(text, flags), language.stem, language.stopword_stems);
}

Xapian::QueryParser QueryBuilder::parser_for(const Language& language) const {
  Xapian::QueryParser qp;
  qp.set_database(db_);
  // A partial word or a wildcard stands for its most frequent completions only (Xapian
  // would take 100 for a partial word and no limit for a wildcard).
  qp.set_max_expansion(options_.max_expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                       Xapian::QueryParser::FLAG_PARTIAL | Xapian::QueryParser::FLAG_WILDCARD);
  qp.set_stemmer(language.stem);
  // Phrases are stemmed too (STEM_SOME_FULL_POS; parse_on_stems puts the rest of a
  // phrase's words on stems, search/phrase_stems.h): the index keeps positions for stems
  // only. Outside phrases, a word starting with a capital is matched as written, a number
  // always is: RankingParams::stem_all_words lower-cases the text first.
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME_FULL_POS);
  qp.set_stopper(language.stopper);
  qp.add_prefix("title", std::string(schema::prefix_title));
  for (const auto& f : schema::facets)
    qp.add_boolean_prefix(std::string(f.name), std::string(f.prefix));
  return qp;
}

std::string QueryBuilder::collapse_repeats(const std::string& text) {
  auto tokens = tokens_of(text);
  auto token = [&](std::size_t k) {
    return std::string_view(text).substr(tokens[k].first, tokens[k].second - tokens[k].first);
  };
  auto operator_at = [&](std::size_t k) {
    return k < tokens.size() && is_query_operator(token(k));
  };
  std::string out = text.substr(0, tokens.empty() ? text.size() : tokens.front().first);
  // A word typed twice weighs twice (each occurrence is a term of the query), which
  // Cranfield's long questions rely on (MAP 0.4292 with the second, 0.4257 without);
  // no query there or in the judgments repeats a word more often: a third and later
  // occurrence adds cost and nothing else.
  constexpr std::size_t kept = 2;
  std::map<std::string_view, std::size_t> seen;  // occurrences in the current clause
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    auto t = token(k);
    bool boundary = is_query_operator(t) || t.find_first_of("()") != std::string_view::npos;
    if (boundary) {
      seen.clear();
    } else {
      bool operand = (k > 0 && operator_at(k - 1)) || operator_at(k + 1);
      if (++seen[t] > kept && !operand) continue;  // left out with the blanks before it
    }
    if (k > 0) out += text.substr(tokens[k - 1].second, tokens[k].first - tokens[k - 1].second);
    out += t;
    if (boundary) seen.clear();
  }
  if (!tokens.empty()) out += text.substr(tokens.back().second);
  return out;
}

std::string QueryBuilder::expand_hyphenation(const std::string& text) {
  // Letters and digits, and the bytes of non-ASCII UTF-8 characters ("e-gouvernement",
  // "socio-économique").
  std::string out;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '"') quoted = !quoted;
    bool word_start = text::word_byte(text, i) && (i == 0 || !text::word_byte(text, i - 1));
    if (quoted || !word_start || (i > 0 && text[i - 1] == ':')) {
      out += c;
      ++i;
      continue;
    }
    std::size_t end = i;
    bool hyphen = false;
    while (end < text.size() &&
           (text::word_byte(text, end) ||
            (text[end] == '-' && end + 1 < text.size() && text::word_byte(text, end + 1)))) {
      hyphen = hyphen || text[end] == '-';
      ++end;
    }
    auto word = text.substr(i, end - i);
    bool prefix = end < text.size() && text[end] == ':';
    if (hyphen && !prefix) {
      std::string joined;
      for (char w : word)
        if (w != '-') joined += w;
      out += "(" + word + " OR " + joined + ")";
    } else {
      out += word;
    }
    i = end;
  }
  return out;
}

Xapian::Query QueryBuilder::with_kind_boost(const Xapian::Query& text,
                                            const std::map<std::string, double>& factors,
                                            const std::map<std::string, Xapian::doccount>& kinds) {
  // Each unit matches exactly one kind branch, so its score is multiplied by its kind's
  // factor (RankingParams::kind_factors, chosen by measurement: docs/relevance.md).
  // Every branch iterates the text's posting lists again, so kinds with the same factor
  // share one branch.
  struct Branch {
    std::vector<Xapian::Query> kinds;
    Xapian::doccount units = 0;
  };
  std::map<double, Branch> by_factor;
  for (const auto& [k, units] : kinds) {
    auto it = factors.find(k);
    auto& branch = by_factor[it == factors.end() ? 1.0 : it->second];
    branch.kinds.emplace_back(std::string(schema::prefix_kind) + k);
    branch.units += units;
  }
  auto largest = std::max_element(
      by_factor.begin(), by_factor.end(),
      [](const auto& a, const auto& b) { return a.second.units < b.second.units; });
  // The branch of the most units keeps them by leaving out the others (AND_NOT of rare
  // terms: cheap). The other branches keep their few units by OP_FILTER, which their
  // rare kind terms drive: leaving out the most units would iterate the text once more
  // for each. Except when the text checks positions: Xapian 1.4.22 can add a phrase's
  // weight to a unit that does not hold the phrase when an OR holding it is check()ed by
  // an AND, which a FILTER whose filter is the rarer side does (OrPostList::check after a
  // phrase's failed check); which side is rarer differs per shard, so the scores would
  // differ between one database and shards too. AND_NOT only ever advances the text with
  // next() and skip_to(), so every branch leaves the others out then.
  bool filter_rare = !has_positional(text);
  std::vector<Xapian::Query> branches;
  for (auto it = by_factor.begin(); it != by_factor.end(); ++it) {
    const auto& [factor, branch] = *it;
    Xapian::Query kept;
    if (filter_rare && it != largest) {
      kept = Xapian::Query(
          Xapian::Query::OP_FILTER, text,
          Xapian::Query(Xapian::Query::OP_OR, branch.kinds.begin(), branch.kinds.end()));
    } else {
      std::vector<Xapian::Query> others;
      for (const auto& [other_factor, other] : by_factor)
        if (other_factor != factor)
          others.insert(others.end(), other.kinds.begin(), other.kinds.end());
      kept = Xapian::Query(Xapian::Query::OP_AND_NOT, text,
                           Xapian::Query(Xapian::Query::OP_OR, others.begin(), others.end()));
    }
    branches.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, kept, factor);
  }
  return Xapian::Query(Xapian::Query::OP_OR, branches.begin(), branches.end());
}

std::string QueryBuilder::expand_synonyms(const std::string& text, bool partial) const {
  struct Word {
    std::size_t begin, end;
    std::string lower;
    bool expandable;
  };
  std::vector<Word> words;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '"') {
      quoted = !quoted;
      ++i;
      continue;
    }
    if (!std::isalnum(c) && c < 0x80) {
      ++i;
      continue;
    }
    std::size_t begin = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) ||
                               static_cast<unsigned char>(text[i]) >= 0x80))
      ++i;
    bool prefixed = i < text.size() && text[i] == ':';  // "title:", "kind:"
    bool value = begin > 0 && text[begin - 1] == ':';   // the value after a prefix
    words.push_back({begin, i, text::lower_ascii(text.substr(begin, i - begin)),
                     !quoted && !prefixed && !value});
  }
  if (partial && !words.empty() && words.back().end == text.size()) words.back().expandable = false;

  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < words.size();) {
    std::size_t best_len = 0;
    const std::vector<std::string>* best_group = nullptr;
    for (const auto& group : synonym_groups_) {
      for (const auto& form : group) {
        auto fw = words_of(form);
        if (fw.empty() || fw.size() <= best_len || i + fw.size() > words.size()) continue;
        bool match = true;
        for (std::size_t k = 0; k < fw.size() && match; ++k)
          match = words[i + k].expandable && words[i + k].lower == fw[k] &&
                  (k == 0 ||
                   text.substr(words[i + k - 1].end, words[i + k].begin - words[i + k - 1].end)
                           .find_first_not_of(" -") == std::string::npos);
        if (match) {
          best_len = fw.size();
          best_group = &group;
        }
      }
    }
    if (!best_group) {
      ++i;
      continue;
    }
    out += text.substr(copied, words[i].begin - copied);
    std::string alternatives;
    for (const auto& form : *best_group) {
      auto fw = words_of(form);
      if (fw.empty()) continue;
      alternatives += alternatives.empty() ? "(" : " OR ";
      alternatives += fw.size() == 1 ? fw[0] : "\"" + text::join(fw, " ") + "\"";
    }
    out += alternatives + ")";
    copied = words[i + best_len - 1].end;
    i += best_len;
  }
  out += text.substr(copied);
  return out;
}

std::string QueryBuilder::lower_case_words(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (!text::word_byte(text, i)) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    // A filter value keeps its case up to the next space: "message:fw/M1" (ids may hold
    // capitals); a title: value is text like any other.
    bool prefix_value = false;
    if (i > 0 && text[i - 1] == ':') {
      std::size_t start = i - 1;
      while (start > 0 && text::word_byte(text, start - 1)) --start;
      prefix_value = schema::find_facet(text.substr(start, i - 1 - start)) != nullptr;
    }
    if (prefix_value) {
      while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
    } else {
      while (end < text.size() && text::word_byte(text, end)) ++end;
    }
    auto word = text.substr(i, end - i);
    if (prefix_value || is_query_operator(word)) {
      out += word;
    } else {
      for (Xapian::Utf8Iterator it(word); it != Xapian::Utf8Iterator(); ++it)
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
    }
    i = end;
  }
  return out;
}

QueryBuilder::Parsed QueryBuilder::parse(const std::string& text, bool partial,
                                         double guidance_boost) const {
  Parsed out;
  if (text::trim(text).empty()) {
    // Not Xapian::Query::MatchAll: that is one shared object whose reference count is
    // not atomic, and copying it from several server threads corrupts it.
    out.query = out.matching = Xapian::Query(std::string());
    return out;
  }
  const auto& ranking = options_.ranking;
  unsigned flags =
      Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
  if (partial) flags |= Xapian::QueryParser::FLAG_PARTIAL;
  // The index holds NFC text: a word typed decomposed (NFD) is the same word. While
  // typing, half-typed syntax is read leniently (query_syntax.h).
  auto typed = collapse_repeats(text::nfc(partial ? lenient_syntax(text) : text));
  auto words = collapse_repeats(ranking.stem_all_words ? lower_case_words(typed) : typed);
  if (auto n = count_words(words); n > options_.max_words)
    throw Error(ErrorCode::query_too_complex,
                "the query has " + std::to_string(n) +
                    " words (repeats beyond the second not counted); the limit is " +
                    std::to_string(options_.max_words) + ": search with fewer words");
  auto as_typed = expand_hyphenation(words);
  auto expanded = expand_hyphenation(expand_synonyms(words, partial));
  std::vector<Xapian::Query> per_language;
  std::vector<Xapian::Query> matching_per_language;  // for Parsed::matching
  std::vector<Xapian::Query> all_words;              // per language, for Parsed::all_words
  bool any_words = false;
  try {
    for (const auto& language : languages_) {
      auto qp = parser_for(language);
      if (&language == &languages_.front()) {
        // The spelling suggestion is for what the user typed, not for the expansion;
        // with `partial`, the word being typed is not corrected.
        auto last = partial ? typed.find_last_of(" \t") : std::string::npos;
        std::string head =
            partial ? (last == std::string::npos ? "" : typed.substr(0, last + 1)) : typed;
        if (auto c = correct_spelling(db_, head, [&](const std::string& w) { return knows(w); });
            !c.empty())
          out.corrected = c + typed.substr(head.size());
      }
      qp.set_default_op(Xapian::Query::OP_OR);
      if (&language == &languages_.front()) {
        auto typed_words = qp.parse_query(as_typed, flags);
        std::set<std::string> distinct;
        for (auto t = typed_words.get_terms_begin(); t != typed_words.get_terms_end(); ++t)
          if (auto term = *t; !term.empty() && term[0] == 'Z') distinct.insert(term);
        out.words = distinct.size();
      }
      auto any = parse_on_stems(qp, language, expanded, flags);
      // A glossary phrase ("DNS abuse") must not hide units that hold its words apart.
      if (expanded != as_typed)
        any = Xapian::Query(
            ranking.expansion_takes_max ? Xapian::Query::OP_MAX : Xapian::Query::OP_OR, any,
            parse_on_stems(qp, language, as_typed, flags));
      // Only stopwords or punctuation in this language. Xapian's QueryParser keeps the
      // stopwords of a query of nothing else, and the index has their stems (positions for
      // phrases): alone, they would match nearly every unit.
      if (any.empty() || only_stopwords(any, language)) continue;
      any_words = true;
      // Every other branch below matches a subset of `any` (every word; the words as
      // written): counting matches needs `any` alone.
      matching_per_language.push_back(
          languages_.size() > 1
              ? Xapian::Query(Xapian::Query::OP_FILTER, any,
                              Xapian::Query(std::string(schema::prefix_lang) + language.lang))
              : any);
      Xapian::Query q = any;
      if (ranking.exact_weight > 0) {
        auto exact_qp = parser_for(language);
        exact_qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
        exact_qp.set_default_op(Xapian::Query::OP_OR);
        auto exact = parse_on_stems(exact_qp, language, expanded, flags);
        if (!exact.empty())
          q = Xapian::Query(
              Xapian::Query::OP_OR, q,
              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, exact, ranking.exact_weight));
      }
      if (ranking.and_weight > 0) {
        AbsentWordStopper absent(language.stopper, db_, language.stem);
        if (ranking.and_skips_absent_words) qp.set_stopper(&absent);
        qp.set_default_op(Xapian::Query::OP_AND);
        auto all = parse_on_stems(qp, language, expanded, flags);
        // The tier: every word, a glossary phrase's words apart included.
        Xapian::Query tier = all.empty() ? any : all;
        if (expanded != as_typed)
          if (auto apart = parse_on_stems(qp, language, as_typed, flags); !apart.empty())
            tier = Xapian::Query(Xapian::Query::OP_OR, tier, apart);
        all_words.push_back(
            languages_.size() > 1
                ? Xapian::Query(Xapian::Query::OP_FILTER, tier,
                                Xapian::Query(std::string(schema::prefix_lang) + language.lang))
                : tier);
        qp.set_stopper(language.stopper);
        // Units holding every word also score in the AND branch.
        if (!all.empty() && all.serialise() != any.serialise())
          q = Xapian::Query(Xapian::Query::OP_OR,
                            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all, ranking.and_weight),
                            q);
      }
      if (languages_.size() > 1)
        q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                          Xapian::Query(std::string(schema::prefix_lang) + language.lang));
      per_language.push_back(q);
    }
  } catch (const Xapian::QueryParserError& e) {
    throw Error(ErrorCode::invalid_query, syntax_problem(text));
  }
  if (!any_words) {
    // Only stopwords or punctuation: nothing to search for.
    // Matches nothing (not the shared MatchNothing, see above).
    out.query = out.matching = Xapian::Query();
    return out;
  }
  out.empty = false;
  if (!all_words.empty())
    out.all_words = Xapian::Query(Xapian::Query::OP_OR, all_words.begin(), all_words.end());
  out.query = per_language.size() == 1
                  ? per_language.front()
                  : Xapian::Query(Xapian::Query::OP_OR, per_language.begin(), per_language.end());
  // Words are bounded above, but one word can stand for many terms (a glossary entry's
  // forms, "a,a,a" that no repeat collapses): bound the terms too.
  if (auto terms = out.query.get_length(); terms > options_.max_terms)
    throw Error(ErrorCode::query_too_complex,
                "the query stands for " + std::to_string(terms) +
                    " search terms (glossary forms included); the limit is " +
                    std::to_string(options_.max_terms) + ": search with fewer words");
  out.matching = matching_per_language.size() == 1
                     ? matching_per_language.front()
                     : Xapian::Query(Xapian::Query::OP_OR, matching_per_language.begin(),
                                     matching_per_language.end());
  if (ranking.kind_weights || guidance_boost != 1.0) {
    auto factors = ranking.kind_weights ? ranking.kind_factors : std::map<std::string, double>{};
    auto it = factors.find(kind::audience_guidance);
    factors[kind::audience_guidance] = (it == factors.end() ? 1.0 : it->second) * guidance_boost;
    // Only the kinds this index holds: with one kind (a test collection) the factor is
    // the same for every unit and changes nothing, so no branch is needed.
    if (kinds_.size() > 1) out.query = with_kind_boost(out.query, factors, kinds_);
  }
  return out;
}

Xapian::Query QueryBuilder::profile(const std::string& prose) const {
  std::vector<Xapian::Query> per_language;
  for (const auto& language : languages_) {
    auto qp = parser_for(language);
    qp.set_default_op(Xapian::Query::OP_OR);
    Xapian::Query q;
    try {
      // Prose, not query syntax: no operators, phrases or prefixes.
      std::string words;
      for (char c : text::nfc(prose))
        words +=
            (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
                ? c
                : ' ';
      q = qp.parse_query(lower_case_words(words), 0);
    } catch (const Xapian::QueryParserError&) {
      continue;
    }
    if (q.empty()) continue;
    if (languages_.size() > 1)
      q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                        Xapian::Query(std::string(schema::prefix_lang) + language.lang));
    per_language.push_back(q);
  }
  if (per_language.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, per_language.begin(), per_language.end());
}

Xapian::Query QueryBuilder::facet_filter(const std::string& facet,
                                         const std::vector<std::string>& ids) {
  const auto* f = schema::find_facet(facet);
  if (!f) throw Error(ErrorCode::unknown_filter, "unknown facet \"" + facet + "\"");
  std::vector<Xapian::Query> terms;
  for (const auto& id : ids) terms.emplace_back(std::string(f->prefix) + id);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query QueryBuilder::combine(const Xapian::Query& text,
                                    const std::map<std::string, Xapian::Query>& filters,
                                    const std::string& skip) {
  std::vector<Xapian::Query> parts;
  for (const auto& [facet, q] : filters)
    if (facet != skip) parts.push_back(q);
  if (parts.empty()) return text;
  Xapian::Query filter(Xapian::Query::OP_AND, parts.begin(), parts.end());
  return Xapian::Query(Xapian::Query::OP_FILTER, text, filter);
}

}  // namespace kb::detail
