#include "search/phrase_stems.h"

#include <optional>
#include <string>
#include <vector>

namespace kb::detail {
namespace {

bool is_positional(Xapian::Query::op type) {
  return type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR;
}

// The number after `mark` in `text` from `from` on (nullopt without one), for what
// Xapian 1.4 has no getters for: a phrase's window ("Query((a@1 PHRASE 2 b@2))") and a
// term's wqf and position ("Query(term#2@3)").
std::optional<unsigned> number_after(const std::string& text, const std::string& mark,
                                     std::size_t from = 0) {
  auto at = text.find(mark, from);
  if (at == std::string::npos) return std::nullopt;
  std::size_t begin = at + mark.size(), end = begin;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  if (end == begin || end - begin > 9) return std::nullopt;
  return static_cast<unsigned>(std::stoul(text.substr(begin, end - begin)));
}

struct Stems {
  const Xapian::Stem& stem;
  const std::set<std::string>& of_stopwords;
};

// A term of a phrase, on its stem: "Sinternet" -> "ZSinternet", "1918" -> "Z1918".
Xapian::Query on_stem(const Xapian::Query& leaf, const Stems& stems) {
  auto it = leaf.get_terms_begin();
  if (it == leaf.get_terms_end()) return leaf;
  const std::string term = *it;
  std::string stemmed = term;
  if (term.empty() || term[0] != 'Z') {
    std::size_t prefix = 0;  // term prefixes are capitals (kb/schema.h)
    while (prefix < term.size() && term[prefix] >= 'A' && term[prefix] <= 'Z') ++prefix;
    if (prefix == term.size()) return leaf;
    auto s = stems.stem(term.substr(prefix));
    if (s.empty()) return leaf;
    stemmed = "Z" + term.substr(0, prefix) + s;
  }
  // The description is "Query(" + term, then "#wqf" when it is not 1 and "@pos".
  auto suffix = leaf.get_description().substr(sizeof("Query(") - 1 + term.size());
  auto wqf = suffix.starts_with('#') ? number_after(suffix, "#").value_or(1) : 1;
  auto pos = number_after(suffix, "@").value_or(0);
  if (stems.of_stopwords.count(stemmed)) wqf = 0;
  if (stemmed == term && wqf != 0) return leaf;
  return Xapian::Query(stemmed, wqf, pos);
}

Xapian::Query rewrite(const Xapian::Query& query, const Stems& stem) {
  if (!has_positional(query)) return query;
  auto type = query.get_type();
  std::vector<Xapian::Query> parts;
  if (is_positional(type)) {
    auto window = number_after(query.get_description(),
                               type == Xapian::Query::OP_PHRASE ? " PHRASE " : " NEAR ");
    if (!window) return query;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
      auto part = query.get_subquery(i);
      // QueryParser gives a phrase terms only.
      if (part.get_type() != Xapian::Query::LEAF_TERM) return query;
      parts.push_back(on_stem(part, stem));
    }
    return Xapian::Query(type, parts.begin(), parts.end(), *window);
  }
  switch (type) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        parts.push_back(rewrite(query.get_subquery(i), stem));
      return Xapian::Query(type, parts.begin(), parts.end());
    default:
      // An operator with a parameter Xapian 1.4 does not give back (OP_SCALE_WEIGHT,
      // OP_ELITE_SET): QueryParser puts no phrase under one.
      return query;
  }
}

}  // namespace

bool has_positional(const Xapian::Query& query) {
  if (is_positional(query.get_type())) return true;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
    if (has_positional(query.get_subquery(i))) return true;
  return false;
}

Xapian::Query phrases_on_stems(const Xapian::Query& query, const Xapian::Stem& stem,
                               const std::set<std::string>& stopword_stems) {
  return rewrite(query, Stems{stem, stopword_stems});
}

}  // namespace kb::detail
