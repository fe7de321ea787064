// Turns a request's text and filters into Xapian queries. Internal to kb_core; kept
// apart from the searcher so the parsing rules have tests of their own.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "kb/search.h"

namespace kb::detail {

// Facet values known to an index: for labels, and for resolving user-typed filters.
class FacetCatalog {
 public:
  FacetCatalog() = default;
  explicit FacetCatalog(std::map<std::string, std::vector<FacetValueInfo>> values) : values_(std::move(values)) {}

  const std::vector<FacetValueInfo>& values(const std::string& facet) const;
  std::string label(const std::string& facet, const std::string& value) const;
  // id, label or alias (case-insensitive, punctuation-insensitive) -> id.
  // Throws Error(unknown_filter) naming the facet and listing the valid values.
  std::string resolve(const std::string& facet, const std::string& value) const;

 private:
  std::map<std::string, std::vector<FacetValueInfo>> values_;
};

class QueryBuilder {
 public:
  // `db` supplies spelling data and synonyms; `synonym_groups` are glossary forms that
  // mean the same thing (multi-word ones are expanded here, Xapian cannot).
  QueryBuilder(const Xapian::Database& db, std::vector<std::vector<std::string>> synonym_groups);

  struct Parsed {
    Xapian::Query query;    // MatchAll for an empty text
    bool empty = true;      // the text had no searchable words
    std::string corrected;  // spelling suggestion, "" when none
  };

  // Free text: phrases, AND/OR/NOT, +/-, field prefixes (title:, audience:, theme:,
  // message:, kind:, source:). Units that hold every word rank above units that hold
  // some. Throws Error(invalid_query) on syntax the parser rejects.
  Parsed parse(const std::string& text, bool partial) const;

  // The query text with every hyphenated word also searched joined:
  // "multi-stakeholder" -> "(multi-stakeholder OR multistakeholder)".
  static std::string expand_hyphenation(const std::string& text);

  // Multiplies a text query's scores by a factor per unit kind: a proof point that
  // matches as well as a glossary entry ranks above it (staff want arguments first).
  static Xapian::Query with_kind_boost(const Xapian::Query& text);

  // The query text with glossary forms replaced by an OR of all equivalent forms:
  // "IGF funding" -> "(IGF OR \"Internet Governance Forum\") funding". Quoted phrases
  // and prefixed words are left alone; with `partial`, so is the word being typed.
  std::string expand_synonyms(const std::string& text, bool partial) const;

  // OR of the facet's values.
  static Xapian::Query facet_filter(const std::string& facet, const std::vector<std::string>& ids);

  // text FILTER (AND of every facet filter except `skip`).
  static Xapian::Query combine(const Xapian::Query& text, const std::map<std::string, Xapian::Query>& filters,
                               const std::string& skip = {});

 private:
  const Xapian::Database& db_;
  std::vector<std::vector<std::string>> synonym_groups_;
  Xapian::Stem stem_;
};

}  // namespace kb::detail
