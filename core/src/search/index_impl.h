// The state of an open Index (kb/search.h) and what every part of the searcher uses:
// the database, the facet catalogue, the query builder, unit views. Internal to kb_core.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kb/search.h"
#include "search/facet_catalog.h"
#include "search/facet_table.h"
#include "search/query_builder.h"

namespace kb {

struct Index::Impl {
  std::string generation;
  // What a search runs on: the generation's database, or its shards (local and remote)
  // in the stub's order. Its document ids are the same either way.
  Xapian::Database db;
  // Metadata, source texts, spelling and synonyms: `db` itself, or a sharded generation's
  // meta/ database (remote shards answer no spelling or synonym lookups).
  Xapian::Database meta;
  // What the query builder expands words against: `db`, or for a sharded generation its
  // shards and meta/ together (terms from the shards, spelling and synonyms from meta/).
  Xapian::Database lexicon;
  struct Shard {
    ShardStatus status;
    std::string uuid;  // recorded when the shard was written
  };
  std::vector<Shard> shards;  // a sharded generation's, in the stub's order
  ShardOptions shard_options;
  bool has_sample_terms = false;   // units carry schema::prefix_sample terms
  bool has_remote_shards = false;  // some shard is served by xapian-tcpsrv
  detail::FacetCatalog facets;
  std::vector<SourceDocument> sources;                  // as the catalog lists them
  std::map<std::string, std::size_t> source_positions;  // source id -> index in `sources`
  std::vector<std::vector<std::string>> synonym_groups;
  detail::QueryOptions query_options;
  std::unique_ptr<detail::QueryBuilder> builder;
  std::map<std::string, std::string> facet_descriptions;          // "audience/<id>" -> description
  mutable std::map<std::string, Xapian::Stem> stemmers;           // per lang, for snippets
  mutable std::map<std::string, Xapian::Query> profiles;          // audience id -> profile query
  mutable std::shared_ptr<const detail::FacetTable> facet_table;  // once made (facet_table.h)

  // Opens the generation and reads its metadata. Throws Error(index_error).
  Impl(std::string generation_dir, ShardOptions shard_options = {});

  // A sharded generation's databases: its shards, local or remote, and meta/.
  void open_shards();
  std::vector<ShardStatus> shard_status() const;

  // A new query builder for the current query options (after the ranking changed).
  void make_builder();

  Xapian::BM25Weight weighting() const;
  const Xapian::Stem& stemmer(const std::string& lang) const;

  // What the audiences care about, as a ranking query: the words of their guidance
  // units and taxonomy descriptions. Empty when there are none.
  Xapian::Query audience_profile(const std::vector<std::string>& audiences) const;

  UnitView view_of(const Xapian::Document& doc) const;

  // The facet table for a search that counts facets: nullptr until the generation has
  // been searched enough in this process to pay for one (detail::facet_table_for).
  const detail::FacetTable* facet_table_for_search() const;

  // Units matching a boolean query, in source order.
  std::vector<UnitView> browse(const Xapian::Query& query) const;
};

namespace detail {
// A Xapian error met while reading the index, as kb's: Error(shard_unavailable) for a
// remote shard that stopped answering (NetworkError), else Error(index_error). `doing`
// says what failed ("search failed").
[[noreturn]] void throw_index_error(const Xapian::Error& e, const std::string& doing);

// f(), with a Xapian error it throws turned into kb's (throw_index_error): no Xapian
// exception leaves the public API, whose callers know kb::Error only.
template <typename F>
auto reading(const std::string& doing, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Xapian::Error& e) {
    throw_index_error(e, doing);
  }
}
}  // namespace detail

}  // namespace kb
