#include "query_builder.h"

#include <algorithm>

#include "kb/error.h"
#include "kb/model.h"
#include "kb/schema.h"
#include "kb/taxonomy.h"
#include "text_util.h"
#include "unit_codec.h"

namespace kb::detail {
namespace {

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

}  // namespace

const std::vector<FacetValueInfo>& FacetCatalog::values(const std::string& facet) const {
  static const std::vector<FacetValueInfo> none;
  auto it = values_.find(facet);
  return it == values_.end() ? none : it->second;
}

std::string FacetCatalog::label(const std::string& facet, const std::string& value) const {
  for (const auto& v : values(facet))
    if (v.value == value) return v.label;
  return value;
}

std::string FacetCatalog::resolve(const std::string& facet, const std::string& value) const {
  if (!schema::find_facet(facet))
    throw Error(ErrorCode::unknown_filter,
                "unknown facet \"" + facet + "\"; facets are audience, theme, message, kind and source");
  auto wanted = slugify(value);
  std::vector<std::string> matches;
  for (const auto& v : values(facet)) {
    bool hit = slugify(v.value) == wanted || slugify(v.label) == wanted;
    for (const auto& a : v.aliases) hit = hit || slugify(a) == wanted;
    if (hit) matches.push_back(v.value);
  }
  if (matches.size() == 1) return matches.front();
  std::string known;
  for (const auto& v : values(facet)) known += (known.empty() ? "" : ", ") + v.value;
  if (matches.empty())
    throw Error(ErrorCode::unknown_filter,
                "unknown " + facet + " \"" + value + "\"; known values: " + (known.empty() ? "(none)" : known));
  throw Error(ErrorCode::unknown_filter, facet + " \"" + value + "\" is ambiguous; it matches " +
                                             text::join(matches, ", ") + ": use the full id");
}

QueryBuilder::QueryBuilder(const Xapian::Database& db, std::vector<std::vector<std::string>> synonym_groups)
    : db_(db), synonym_groups_(std::move(synonym_groups)), stem_("english") {}

std::string QueryBuilder::expand_hyphenation(const std::string& text) {
  std::string out;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '"') quoted = !quoted;
    bool word_start = std::isalnum(static_cast<unsigned char>(c)) && (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])));
    if (quoted || !word_start || (i > 0 && text[i - 1] == ':')) {
      out += c;
      ++i;
      continue;
    }
    std::size_t end = i;
    bool hyphen = false;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                 (text[end] == '-' && end + 1 < text.size() &&
                                  std::isalnum(static_cast<unsigned char>(text[end + 1]))))) {
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

Xapian::Query QueryBuilder::with_kind_boost(const Xapian::Query& text) {
  // Each unit matches exactly one kind branch, so its score is multiplied by its kind's
  // factor. Provisional factors; the relevance evaluation is what should set them.
  static const std::map<std::string, double> factors = {
      {kind::message, 1.3},         {kind::proof_point, 1.3}, {kind::audience_guidance, 1.2},
      {kind::answer, 1.0},          {kind::policy_question, 1.0}, {kind::passage, 0.9},
      {kind::signatory, 0.8},       {kind::speaker, 0.8},     {kind::organiser, 0.8},
      {kind::glossary, 0.6}};
  std::vector<Xapian::Query> branches;
  for (const auto& k : all_unit_kinds()) {
    auto it = factors.find(k);
    double factor = it == factors.end() ? 1.0 : it->second;
    Xapian::Query filtered(Xapian::Query::OP_FILTER, text, Xapian::Query(std::string(schema::prefix_kind) + k));
    branches.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, filtered, factor);
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
    bool prefixed = i < text.size() && text[i] == ':';       // "title:", "kind:"
    bool value = begin > 0 && text[begin - 1] == ':';          // the value after a prefix
    words.push_back({begin, i, text::lower_ascii(text.substr(begin, i - begin)), !quoted && !prefixed && !value});
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
                  (k == 0 || text.substr(words[i + k - 1].end, words[i + k].begin - words[i + k - 1].end)
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

QueryBuilder::Parsed QueryBuilder::parse(const std::string& text, bool partial) const {
  Parsed out;
  if (text::trim(text).empty()) {
    // Not Xapian::Query::MatchAll: that is one shared object whose reference count is
    // not atomic, and copying it from several server threads corrupts it.
    out.query = Xapian::Query(std::string());
    return out;
  }
  Xapian::QueryParser qp;
  qp.set_database(db_);
  qp.set_stemmer(stem_);
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_stopper(&stopper());
  qp.add_prefix("title", std::string(schema::prefix_title));
  for (const auto& f : schema::facets) qp.add_boolean_prefix(std::string(f.name), std::string(f.prefix));
  unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
  if (partial) flags |= Xapian::QueryParser::FLAG_PARTIAL;
  auto expanded = expand_hyphenation(expand_synonyms(text, partial));
  Xapian::Query any, all;
  try {
    // The spelling suggestion is for what the user typed, not for the expansion.
    qp.parse_query(text, flags | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
    out.corrected = qp.get_corrected_query_string();
    qp.set_default_op(Xapian::Query::OP_OR);
    any = qp.parse_query(expanded, flags);
    // A glossary phrase ("DNS abuse") must not hide units that hold its words apart.
    if (expanded != text)
      any = Xapian::Query(Xapian::Query::OP_OR, any, qp.parse_query(expand_hyphenation(text), flags));
    qp.set_default_op(Xapian::Query::OP_AND);
    all = qp.parse_query(expanded, flags);
  } catch (const Xapian::QueryParserError& e) {
    throw Error(ErrorCode::invalid_query, "cannot parse the query \"" + text + "\": " + e.get_msg() +
                                              "; quote phrases with \"\" and balance brackets");
  }
  if (any.empty()) {
    // Only stopwords or punctuation: nothing to search for.
    out.query = Xapian::Query();  // matches nothing (not the shared MatchNothing, see above)
    return out;
  }
  out.empty = false;
  // Units holding every word score twice: once in each branch.
  out.query = all.empty() || all.serialise() == any.serialise() ? any : Xapian::Query(Xapian::Query::OP_OR, all, any);
  out.query = with_kind_boost(out.query);
  return out;
}

Xapian::Query QueryBuilder::facet_filter(const std::string& facet, const std::vector<std::string>& ids) {
  const auto* f = schema::find_facet(facet);
  if (!f) throw Error(ErrorCode::unknown_filter, "unknown facet \"" + facet + "\"");
  std::vector<Xapian::Query> terms;
  for (const auto& id : ids) terms.emplace_back(std::string(f->prefix) + id);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query QueryBuilder::combine(const Xapian::Query& text, const std::map<std::string, Xapian::Query>& filters,
                                    const std::string& skip) {
  std::vector<Xapian::Query> parts;
  for (const auto& [facet, q] : filters)
    if (facet != skip) parts.push_back(q);
  if (parts.empty()) return text;
  Xapian::Query filter(Xapian::Query::OP_AND, parts.begin(), parts.end());
  return Xapian::Query(Xapian::Query::OP_FILTER, text, filter);
}

}  // namespace kb::detail
