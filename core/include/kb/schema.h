// The index schema, defined once: term prefixes, value slots, facet names and metadata
// keys. Prefixes follow Omega's conventions where one exists (Q unique id, S title);
// ours start with X.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace kb::schema {

// 2: Z (stemmed) terms carry positions, English stems fold British/American spellings,
// stopwords and stemmers per language, slot_kind_rank, kb.langs and kb.build metadata.
// 3: stored and indexed text is NFC; Z (stemmed) terms are accent-folded ("Zcafe" for
// "café").
// 4: source texts are stored compressed.
// 5: positions for stemmed (Z) terms only, stopwords' included; words as written without
// positions, stopwords left out (index/unit_codec.h).
inline constexpr int version = 5;

// Term prefixes.
inline constexpr std::string_view prefix_id = "Q";
inline constexpr std::string_view prefix_title = "S";
inline constexpr std::string_view prefix_kind = "XK";
inline constexpr std::string_view prefix_audience = "XA";
inline constexpr std::string_view prefix_theme = "XT";
inline constexpr std::string_view prefix_message = "XM";
inline constexpr std::string_view prefix_source = "XS";
inline constexpr std::string_view prefix_lang = "XL";
// Sample terms (estimated facet counts): a unit whose id hashes to a number ending in k zero
// bits carries prefix_sample + "1" up to + "k" (k at most max_sample_level), so the term of
// level j is a sample of one unit in 2^j: the same units whatever the shards, a plain term
// that Xapian's remote servers filter by, and cheap to intersect (no value reads).
inline constexpr std::string_view prefix_sample = "XZ";
inline constexpr unsigned max_sample_level = 16;

// Single-valued slots.
inline constexpr unsigned slot_kind = 0;
inline constexpr unsigned slot_source = 1;
inline constexpr unsigned slot_message = 2;
inline constexpr unsigned slot_date = 3;      // source date, ISO text: sorts as a string
inline constexpr unsigned slot_position = 4;  // order in the source (sortable-serialised)
inline constexpr unsigned slot_kind_rank =
    5;                                  // kind_rank() of the unit's kind, one digit: browse order
inline constexpr unsigned slot_id = 6;  // the unit id, for id-only results (evaluation)

// Multi-valued facets: value i of a unit goes in slot base+i. Xapian 1.4 counts one
// slot per ValueCountMatchSpy, so counting sums one spy per slot.
inline constexpr unsigned slot_audience_base = 10;
inline constexpr unsigned max_audiences = 8;
inline constexpr unsigned slot_theme_base = 20;
inline constexpr unsigned max_themes = 16;

// Where a facet's values, their labels and aliases come from when an index is written.
enum class FacetValues {
  taxonomy,    // the taxonomy's entries for the facet, then values units carry that it lacks
  messages,    // the message units
  unit_kinds,  // kb::unit_kinds
  sources,     // the catalog's sources
};

// Which units a taxonomy facet's rules tag (schema::FacetValues::taxonomy).
enum class InferOn {
  all_units,
  arguments,  // not signatories, speakers and organisers: their text is a name
};

struct Facet {
  std::string_view name;    // as used in filters, the API and JSON output
  std::string_view label;   // as shown to people (CLI help, the search page, the widget)
  std::string_view prefix;  // boolean filter term prefix
  unsigned slot_base;
  unsigned slot_count;
  // How many values the search page and the widget show before "Show all"; 0 keeps the
  // facet out of the widget. The UI reads these from /api/v1/facets.
  unsigned page_preview;
  unsigned widget_preview;
  FacetValues values_from;
  // What a filter value may be, after the label in kb-query --help ("Filter by
  // message: id, short id (m4) or title").
  std::string_view filter_hint = "";
  InferOn infer_on = InferOn::all_units;
};

// In the order facets are shown.
inline constexpr std::array<Facet, 5> facets{{
    {"audience", "Audience", prefix_audience, slot_audience_base, max_audiences, 8, 4,
     FacetValues::taxonomy},
    {"theme", "Theme", prefix_theme, slot_theme_base, max_themes, 6, 3, FacetValues::taxonomy, "",
     InferOn::arguments},
    {"message", "Message", prefix_message, slot_message, 1, 8, 3, FacetValues::messages,
     ": id, short id (m4) or title"},
    {"kind", "Kind", prefix_kind, slot_kind, 1, 6, 0, FacetValues::unit_kinds,
     ", e.g. message, proof-point, audience-guidance"},
    {"source", "Source", prefix_source, slot_source, 1, 6, 0, FacetValues::sources,
     " document id or title"},
}};

// nullptr when `name` is not a facet.
constexpr const Facet* find_facet(std::string_view name) {
  for (const auto& f : facets)
    if (f.name == name) return &f;
  return nullptr;
}

// Whether `name` is a facet whose values come from the taxonomy (units carry them as tags).
constexpr bool is_taxonomy_facet(std::string_view name) {
  const Facet* f = find_facet(name);
  return f && f->values_from == FacetValues::taxonomy;
}

// Where a unit's tags for a taxonomy facet are kept in JSON (the stored unit and the API):
// the facet's name plus "s", "audiences" for "audience".
inline std::string tags_key(const Facet& facet) {
  return std::string(facet.name) + "s";
}

// Database metadata keys. The index carries what a reader needs to label and resolve
// facet values, so kb-query and kb-searchd never read the corpus folder.
inline constexpr std::string_view meta_schema_version = "kb.schema_version";
inline constexpr std::string_view meta_facet_values = "kb.facet_values";  // JSON
inline constexpr std::string_view meta_sources = "kb.sources";            // JSON
inline constexpr std::string_view meta_glossary = "kb.glossary";          // JSON
inline constexpr std::string_view meta_built_at = "kb.built_at";
inline constexpr std::string_view meta_langs = "kb.langs";  // JSON array of the units' lang values
inline constexpr std::string_view meta_build =
    "kb.build";  // JSON: the BuildOptions the index was written with
// Followed by a source id: that source's cleaned text (kb/text_source.h), one kept line
// per text line as "<line number>\t<text>\n". Absent for a source whose file was not
// read at build time (an index written before, or a corpus built in memory).
inline constexpr std::string_view meta_source_text_prefix = "kb.source_text:";
// A sharded generation (kb-index --shards): JSON [{"name", "uuid", "units"}], one per
// shard database in the stub's order, recorded in its metadata database.
inline constexpr std::string_view meta_shards = "kb.shards";
// Incremental republishing (kb::update_index). The corpus key: a hash of catalog.xml,
// taxonomy.xml and glossary.xml, the build options, the schema and kb versions and
// Xapian's; a generation is only ever updated by a build with the same key.
inline constexpr std::string_view meta_corpus_key = "kb.corpus_key";
// Followed by a file inside the corpus ("documents/x.txt", "glossary.xml"): that source's
// state as JSON: its id, size, mtime_ns, the time those were taken (stat_ns), its content
// hash, and what it contributes to the metadata above and to kb-index's summary (unit
// counts per kind and theme, reviews, import warnings, languages, facet values).
inline constexpr std::string_view meta_source_state_prefix = "kb.source_state:";

// Weight of title words relative to body words (wdf increment); chosen with kb-eval,
// docs/relevance.md. kb::BuildOptions::title_weight defaults to it.
inline constexpr unsigned title_weight = 5;

}  // namespace kb::schema
