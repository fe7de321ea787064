// Read-only access to a published index: search, facet counts, unit lookup.
// An Index is not thread-safe (Xapian databases are not): use one per thread.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kb/facet_value.h"
#include "kb/model.h"
#include "kb/ranking.h"

namespace kb {

struct SearchRequest {
  std::string query;  // free text; empty browses whatever the filters select
  // facet name -> values (id, label or alias, case-insensitive). OR within a facet,
  // AND across facets.
  std::map<std::string, std::vector<std::string>> filters;
  std::size_t offset = 0;
  std::size_t limit = 10;
  bool facets = true;         // compute facet counts
  bool partial = false;       // treat the last word as a prefix (search-as-you-type)
  bool sort_by_date = false;  // newest source first instead of relevance
  // When the query finds nothing and its spelling correction does, show the correction's
  // results (auto-correct). false: search only what was typed ("search instead for").
  bool correct = true;
  bool snippets = true;   // compute snippets (batch evaluation turns them off)
  bool ids_only = false;  // hits carry only view.unit.id and score (fast; for evaluation)
  std::string highlight_start = "<mark>";
  std::string highlight_end = "</mark>";
  std::size_t snippet_length = 240;
  // When the search must be done by; none: no limit. A search that reaches it stops
  // with Error(search_timeout) instead of answering with partial hits or counts.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

// A unit with what is needed to show and cite it.
struct UnitView {
  Unit unit;
  std::string source_title;
  // What the catalog says of the source, "" where it says nothing: a reader checks a
  // citation by them.
  std::string source_publisher;
  std::string source_date;  // ISO 8601, as precise as known
  std::string source_url;
  std::string cite;  // formatted citation: source (publisher, date), section, lines
};

struct Hit {
  UnitView view;
  double score = 0;
  std::string snippet;  // HTML-escaped text with highlight markers around matches
};

struct FacetCount {
  std::string value;
  std::string label;
  std::size_t count = 0;
};

struct FacetResult {
  std::string name;
  std::vector<FacetCount> values;  // by count, descending; then by label
};

// On zero results, a change that finds something: drop a filter or a word.
struct NoMatchSuggestion {
  std::string action;  // "drop_filter" or "drop_word"
  std::string facet;   // the facet of a dropped filter; "" for a word
  std::string value;   // the filter's values (comma-separated) or the dropped word
  std::string query;   // the query text to search with
  std::size_t total = 0;
};

struct SearchResult {
  std::string query;
  std::size_t total = 0;
  // Whether `total` and the facet counts are exact. A match of more units than the
  // index counts exactly (kb::exact_count_limit) is not visited whole: its total is then
  // estimated, and its facet counts are those of a sample of about that many of its
  // units spread evenly over the corpus, scaled up (values too rare to be sampled are
  // missing).
  bool total_exact = true;
  bool facets_exact = true;
  std::vector<Hit> hits;
  std::vector<FacetResult> facets;
  // A spelling suggestion for the query (only unknown words are corrected); when the
  // query found nothing and the suggestion does, the hits, total and facets are those
  // of the suggestion and `auto_corrected` is set (`query` stays what was typed).
  std::optional<std::string> corrected_query;
  bool auto_corrected = false;
  // With no results: what to try instead (empty otherwise).
  std::vector<NoMatchSuggestion> suggestions;
  // Filters as resolved to facet value ids.
  std::map<std::string, std::vector<std::string>> filters;
};

// Matches counted exactly, at most: beyond, totals and facet counts are estimated, the
// facet counts from a sample of facet_sample_size to about twice that many matches.
inline constexpr std::size_t exact_count_limit = 1000;
inline constexpr std::size_t facet_sample_size = 500;

struct MessageOutline {
  UnitView message;
  std::vector<UnitView> proof_points;
};

struct Suggestions {
  std::vector<std::string> completions;  // the text with its last word completed
  std::vector<UnitView> units;           // units whose words start like the text (titles to show)
};

// Where the shards of a sharded generation (kb-index --shards) are searched: in the
// generation's folder unless named in `remote`, whose shard is then searched on the
// xapian-tcpsrv given (a copy of that shard's folder). The generation's metadata
// database (meta/: facets, glossary, spelling, source texts) is always read locally.
struct RemoteShard {
  std::string host;
  unsigned port = 0;
};
struct ShardOptions {
  std::map<std::string, RemoteShard> remote;  // shard name ("shard-1") -> its server
  unsigned timeout_ms = 5000;                 // connecting, and every remote operation
};

// A shard of the generation being served, as Index::shards() finds it.
struct ShardStatus {
  std::string name;   // "shard-0"
  std::string where;  // its folder, or "host:port" for a remote one
  bool remote = false;
  bool up = true;       // answers, and serves this generation's shard (its UUID)
  std::string problem;  // why not, when !up
};

// The shards of the sharded generation in `generation_dir` (empty for one database),
// each opened afresh: whether it answers and serves this generation's shard. For a
// server to say which shard is down when the generation cannot be opened at all.
std::vector<ShardStatus> probe_shards(const std::string& generation_dir,
                                      const ShardOptions& options = {});

// The index read back for a search that runs without it (kb-export's offline bundle):
// every unit, its terms with their within-unit frequencies, which stems a word as written
// has, the stopwords and the glossary's synonyms. The browser stems nothing itself: a query
// word is looked up in `words`, so it is stemmed exactly as the index was.
struct TermTable {
  std::vector<UnitView> units;    // every unit, in source order; postings index into it
  std::vector<unsigned> lengths;  // per unit: the sum of its word terms' frequencies
  // per unit: facet name -> the values it is filtered and counted under (its boolean terms)
  std::vector<std::map<std::string, std::vector<std::string>>> facet_values;
  using Postings = std::vector<std::pair<unsigned, unsigned>>;  // (unit index, wdf), by unit
  std::map<std::string, Postings> stems;  // stem (the index's Z term without the Z)
  std::map<std::string, Postings> words;  // word as indexed (lower case, NFC), unstemmed
  // word -> the stems it has in the units that hold it (one, or one per language);
  // absent for a word never stemmed (stopwords, words only ever capitalised)
  std::map<std::string, std::vector<std::string>> word_stems;
  std::vector<std::string> stopwords;  // of the index's languages, dropped from queries
  // the glossary's groups of equivalent words and phrases (lower case)
  std::vector<std::vector<std::string>> synonym_groups;
};

class Index {
 public:
  // Opens the generation published in `index_dir`. Throws Error(index_not_found) or
  // Error(index_error).
  explicit Index(const std::string& index_dir);
  // Opens one generation folder (`<index_dir>/gen-…`), whatever `current` names: a
  // server keeps serving the last good generation when a newly published one cannot
  // be opened. Throws Error(index_error).
  // A sharded generation's remote shards are connected to here: Error(shard_unavailable)
  // when one does not answer or serves another generation.
  static Index open_generation(const std::string& generation_dir, const ShardOptions& shards = {});
  ~Index();
  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;

  // Throws Error(invalid_query) or Error(query_too_complex) for a query it will not
  // run, Error(search_timeout) when request.deadline passes.
  SearchResult search(const SearchRequest& request) const;

  std::optional<UnitView> unit(const std::string& id) const;
  // The text of unit `id` as a search for request.query marks it, for a unit's page
  // reached from results: the whole text (the title when it has none), HTML-escaped like
  // a snippet, with request.highlight_start/end around the words of the query it
  // matches. The query is read as search() and the search page read it, the first
  // reading that matches the unit winning: request.partial, then whole words (half-typed
  // syntax leniently), then its spelling correction (when request.correct), then its last
  // word as a prefix; without search's feedback words. Unmarked
  // when the query does not match the unit or cannot be read; nullopt for an unknown id.
  std::optional<std::string> marked_text(const std::string& id, const SearchRequest& request) const;
  // Proof points of a message, in source order.
  std::vector<UnitView> proof_points(const std::string& message_id) const;
  // Every message, in source order, each with its proof points.
  std::vector<MessageOutline> messages() const;
  // The units of other documents most related to unit `id`, best first: its most
  // distinctive words (Xapian's relevance-feedback term selection, an ESet with the unit
  // as the relevant document) searched over the other documents' content (names and
  // glossary entries left out). Empty for an unknown id. Throws Error(index_error).
  std::vector<UnitView> related(const std::string& id, std::size_t limit = 5) const;
  // How many words of the unit related() searches with.
  static constexpr unsigned related_terms = 20;

  // Every unit's words, for a search without the index (kb/search.h TermTable).
  TermTable term_table() const;

  // Audience guidance units, in source order.
  std::vector<UnitView> audience_guidance() const;

  // The shards of a sharded generation (empty for one database), each remote one asked
  // afresh over a new connection whether it answers and serves this generation.
  std::vector<ShardStatus> shards() const;

  // Search-as-you-type: completions of the last (partial) word, most frequent first,
  // and the best units for the text with its last word as a prefix. `deadline` as in
  // SearchRequest.
  Suggestions suggest(
      const std::string& text, std::size_t limit,
      std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt) const;

  // The source documents of the index, in catalog order, with their publisher, date
  // and URL where the catalog gives them.
  const std::vector<SourceDocument>& sources() const;
  // The cleaned text of source `id`, the lines the importers read (kb/text_source.h) with
  // their numbers in the original file, which citations give; the lines cleaning drops
  // (page footers, tables of contents, repeats) are left out. nullopt for an unknown
  // source or one whose text the index does not hold. Throws Error(index_error).
  std::optional<std::vector<SourceTextLine>> source_text(const std::string& id) const;
  // The source with id `id`, nullptr for none.
  const SourceDocument* source(const std::string& id) const;

  // The known values of a facet (for help texts and validation).
  std::vector<FacetValueInfo> facet_values(const std::string& facet) const;
  // Resolves a filter value (id, label or alias) to its id. Throws Error(unknown_filter).
  std::string resolve_filter(const std::string& facet, const std::string& value) const;

  const std::string& generation() const;
  std::size_t unit_count() const;

  // The ranking this Index uses; the defaults are the measured ones (kb/ranking.h).
  const RankingParams& ranking() const;
  void set_ranking(const RankingParams& params);
  // The `lang` values of the indexed units; queries are stemmed for each of them.
  std::vector<std::string> languages() const;

  // The open index as the parts of the searcher share it (core/src/search/index_impl.h).
  struct Impl;

 private:
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kb
