// Incremental republishing (kb::update_index): an update re-indexes only what changed and
// the result equals a full build of the same folder; the published generation it starts
// from is never written to.
#include <gtest/gtest.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_writer.h"
#include "kb/schema.h"
#include "kb/search.h"
#include "text/hash.h"

namespace fs = std::filesystem;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

const std::string kCorpus = std::string(KB_SOURCE_DIR) + "/corpus";

void append(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::app);
  out << text;
}

// Everything a generation holds that a reader can see, position values aside (an
// update places units between their neighbours'; their order is compared instead).
struct Snapshot {
  std::map<std::string, std::string> data;                                // unit id -> stored
  std::map<std::string, std::map<std::string, Xapian::termcount>> terms;  // unit id -> wdf
  std::map<std::string, std::map<unsigned, std::string>> values;          // unit id -> values
  std::vector<std::string> browse;                                        // ids, source order
  std::map<std::string, Xapian::doccount> spelling;
  std::map<std::string, std::set<std::string>> synonyms;
  std::map<std::string, std::string> metadata;  // built_at and stat times left out
  Xapian::totallength total_length = 0;
};

Snapshot snapshot(const std::string& index_dir) {
  Snapshot s;
  Xapian::Database db((fs::path(index_dir) / "current").string());
  s.total_length = db.get_total_length();
  std::vector<std::pair<double, std::string>> order;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    auto doc = db.get_document(*it);
    auto id = doc.get_value(kb::schema::slot_id);
    s.data[id] = doc.get_data();
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) s.terms[id][*t] = t.get_wdf();
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
      if (v.get_valueno() != kb::schema::slot_position) s.values[id][v.get_valueno()] = *v;
    order.emplace_back(Xapian::sortable_unserialise(doc.get_value(kb::schema::slot_position)), id);
  }
  std::sort(order.begin(), order.end());
  for (const auto& [p, id] : order) s.browse.push_back(id);
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
    s.spelling[*it] = it.get_termfreq();
  for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k)
    for (auto v = db.synonyms_begin(*k); v != db.synonyms_end(*k); ++v) s.synonyms[*k].insert(*v);
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    std::string key = *k, value = db.get_metadata(key);
    if (key == kb::schema::meta_built_at) continue;
    if (key.rfind(kb::schema::meta_source_state_prefix, 0) == 0) {
      auto j = nlohmann::json::parse(value);
      j.erase("stat_ns");
      value = j.dump();
    }
    s.metadata[key] = value;
  }
  return s;
}

// Hits as (score, id), sorted: the order of exactly tied scores may differ.
std::vector<std::pair<long long, std::string>> scored(const kb::SearchResult& r) {
  std::vector<std::pair<long long, std::string>> out;
  for (const auto& h : r.hits) out.emplace_back(std::llround(h.score * 1e6), h.view.unit.id);
  std::sort(out.begin(), out.end());
  return out;
}

void expect_same_searches(const std::string& a, const std::string& b,
                          const std::vector<std::string>& queries) {
  kb::Index ia(a), ib(b);
  for (const auto& q : queries) {
    kb::SearchRequest r;
    r.query = q;
    r.limit = 1000;  // every hit: among exactly tied scores a top-k cut may differ
    auto ra = ia.search(r), rb = ib.search(r);
    EXPECT_EQ(ra.total, rb.total) << q;
    EXPECT_EQ(scored(ra), scored(rb)) << q;
    ASSERT_EQ(ra.facets.size(), rb.facets.size()) << q;
    for (std::size_t f = 0; f < ra.facets.size(); ++f) {
      ASSERT_EQ(ra.facets[f].values.size(), rb.facets[f].values.size()) << q;
      for (std::size_t v = 0; v < ra.facets[f].values.size(); ++v) {
        EXPECT_EQ(ra.facets[f].values[v].value, rb.facets[f].values[v].value) << q;
        EXPECT_EQ(ra.facets[f].values[v].count, rb.facets[f].values[v].count) << q;
      }
    }
    EXPECT_EQ(ra.corrected_query, rb.corrected_query) << q;
  }
}

void expect_equal(const Snapshot& a, const Snapshot& b) {
  EXPECT_EQ(a.data, b.data);
  EXPECT_EQ(a.terms, b.terms);
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.browse, b.browse);
  EXPECT_EQ(a.spelling, b.spelling);
  EXPECT_EQ(a.synonyms, b.synonyms);
  EXPECT_EQ(a.total_length, b.total_length);
  ASSERT_EQ(a.metadata.size(), b.metadata.size());
  for (const auto& [k, v] : a.metadata) {
    auto it = b.metadata.find(k);
    ASSERT_NE(it, b.metadata.end()) << k;
    EXPECT_EQ(v, it->second) << k;
  }
}

// The hash of every file of the generation `current` names.
std::map<std::string, std::string> file_hashes(const fs::path& index) {
  std::map<std::string, std::string> out;
  auto gen = fs::canonical(index / "current");
  for (const auto& e : fs::directory_iterator(gen))
    out[e.path().filename().string()] = kb::text::file_hash(e.path().string());
  return out;
}

kb::UpdateReport update(const fs::path& corpus, const fs::path& index, bool full = false) {
  kb::UpdateOptions o;
  o.full = full;
  return kb::update_index(corpus.string(), index.string(), o);
}

// A small corpus of generated documents, each with words of its own.
void generate(const fs::path& corpus, int documents) {
  for (int i = 0; i < documents; ++i) {
    std::ostringstream text;
    text << "Document " << i << "\n\n";
    for (int s = 0; s < 3; ++s)
      text << "Section " << s << "\n\nParagraph about topic" << i << " and shared words: "
           << "internet governance, multistakeholder cooperation, word" << i * 10 + s << ".\n\n";
    write_file(corpus / "documents" / ("doc-" + std::to_string(100 + i) + ".md"), text.str());
  }
}

// Files old enough that their size and mtime are trusted (not "racily clean").
void age(const fs::path& corpus) {
  auto past = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& e : fs::recursive_directory_iterator(corpus))
    if (e.is_regular_file()) fs::last_write_time(e.path(), past);
}

std::size_t hits(const fs::path& index, const std::string& query) {
  kb::Index i(index.string());
  kb::SearchRequest r;
  r.query = query;
  r.correct = false;
  return i.search(r).total;
}

const std::vector<std::string> kQueries = {
    "DNS abuse", "internet governance", "multistakeholder", "fragmentation", "funding", "topic7",
    "proof"};

}  // namespace

TEST(Incremental, BundledCorpusChangeOneDocumentEqualsFullBuild) {
  TempDir work;
  fs::copy(kCorpus, work.path() / "corpus", fs::copy_options::recursive);
  auto first = update(work.path() / "corpus", work.path() / "index");
  EXPECT_FALSE(first.incremental);
  auto doc = work.path() / "corpus/documents/tccm-statement-2024.txt";
  ASSERT_TRUE(fs::exists(doc));
  append(doc, "\n\nA new paragraph about zebrafinch registries and DNS abuse reports.\n");
  auto before = file_hashes(work.path() / "index");
  auto previous = fs::canonical(work.path() / "index/current");
  auto r = update(work.path() / "corpus", work.path() / "index");
  EXPECT_TRUE(r.incremental) << r.full_reason;
  EXPECT_EQ(r.updated, 1u);
  EXPECT_EQ(r.added, 0u);
  EXPECT_EQ(r.removed, 0u);
  EXPECT_EQ(r.reused, 4u);
  EXPECT_GT(r.units_written, 0u);
  EXPECT_EQ(r.corpus.units.size(), r.units_written);  // only the changed document imported
  // The generation it started from is byte for byte what it was.
  ASSERT_TRUE(fs::exists(previous));
  std::map<std::string, std::string> after;
  for (const auto& e : fs::directory_iterator(previous))
    after[e.path().filename().string()] = kb::text::file_hash(e.path().string());
  EXPECT_EQ(before, after);
  EXPECT_EQ(hits(work.path() / "index", "zebrafinch"), 1u);

  update(work.path() / "corpus", work.path() / "full", true);
  expect_equal(snapshot((work.path() / "index").string()),
               snapshot((work.path() / "full").string()));
  expect_same_searches((work.path() / "index").string(), (work.path() / "full").string(), kQueries);
  auto fresh =
      kb::update_index((work.path() / "corpus").string(), (work.path() / "full2").string());
  EXPECT_EQ(r.counts.per_kind, fresh.counts.per_kind);
  EXPECT_EQ(r.counts.per_source, fresh.counts.per_source);
  EXPECT_EQ(r.counts.per_theme, fresh.counts.per_theme);
  EXPECT_EQ(r.counts.units, fresh.counts.units);
  EXPECT_EQ(r.counts.reviews, fresh.counts.reviews);
}

TEST(Incremental, GeneratedCorpusChangeAddDeleteEqualsFullBuild) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  generate(corpus, 12);
  age(corpus);
  update(corpus, work.path() / "index");
  // Unchanged: nothing re-imported, every document reused from its stat.
  auto same = update(corpus, work.path() / "index");
  EXPECT_TRUE(same.incremental) << same.full_reason;
  EXPECT_EQ(same.reused, 12u);
  EXPECT_EQ(same.units_written, 0u);
  EXPECT_EQ(hits(work.path() / "index", "word31"), 1u);

  append(corpus / "documents/doc-105.md", "\n\nAppendix\n\nNow also about quagmirefoo.\n");
  fs::remove(corpus / "documents/doc-103.md");  // had word30..word32
  write_file(corpus / "documents/doc-107a.md",
             "Inserted\n\nA document between two others about wombatology.\n");
  write_file(corpus / "documents/doc-999.md", "Last\n\nThe last document, about yakshaving.\n");
  auto r = update(corpus, work.path() / "index");
  EXPECT_TRUE(r.incremental) << r.full_reason;
  EXPECT_EQ(r.updated, 1u);
  EXPECT_EQ(r.added, 2u);
  EXPECT_EQ(r.removed, 1u);
  EXPECT_EQ(r.reused, 10u);
  EXPECT_GT(r.units_removed, 0u);
  EXPECT_EQ(hits(work.path() / "index", "word31"), 0u);  // the deleted document's units are gone
  EXPECT_EQ(hits(work.path() / "index", "topic3"), 0u);
  EXPECT_EQ(hits(work.path() / "index", "quagmirefoo"), 1u);
  EXPECT_EQ(hits(work.path() / "index", "wombatology"), 1u);
  EXPECT_EQ(hits(work.path() / "index", "yakshaving"), 1u);
  {
    Xapian::Database db((work.path() / "index/current").string());
    EXPECT_TRUE(
        db.get_metadata(std::string(kb::schema::meta_source_text_prefix) + "doc-103").empty());
  }

  update(corpus, work.path() / "full", true);
  expect_equal(snapshot((work.path() / "index").string()),
               snapshot((work.path() / "full").string()));
  expect_same_searches((work.path() / "index").string(), (work.path() / "full").string(),
                       {"topic5", "shared words", "internet governance", "wombatology", "section"});
}

TEST(Incremental, UnchangedContentWithNewMtimeIsReusedAndRestamped) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  generate(corpus, 6);
  age(corpus);
  update(corpus, work.path() / "index");
  fs::last_write_time(corpus / "documents/doc-102.md",
                      fs::file_time_type::clock::now() - std::chrono::minutes(30));
  auto r = update(corpus, work.path() / "index");
  EXPECT_TRUE(r.incremental);
  EXPECT_EQ(r.updated, 0u);
  EXPECT_EQ(r.reused, 6u);
  update(corpus, work.path() / "full", true);
  expect_equal(snapshot((work.path() / "index").string()),
               snapshot((work.path() / "full").string()));
}

TEST(Incremental, ChangedTaxonomyOrCatalogFallsBackToAFullBuild) {
  TempDir work;
  fs::copy(kCorpus, work.path() / "corpus", fs::copy_options::recursive);
  update(work.path() / "corpus", work.path() / "index");
  append(work.path() / "corpus/taxonomy.xml", "\n<!-- edited -->\n");
  auto r = update(work.path() / "corpus", work.path() / "index");
  EXPECT_FALSE(r.incremental);
  EXPECT_NE(r.full_reason.find("taxonomy.xml"), std::string::npos);
  auto again = update(work.path() / "corpus", work.path() / "index");
  EXPECT_TRUE(again.incremental) << again.full_reason;
  append(work.path() / "corpus/catalog.xml", "\n<!-- edited -->\n");
  EXPECT_FALSE(update(work.path() / "corpus", work.path() / "index").incremental);
  auto forced = update(work.path() / "corpus", work.path() / "index", true);
  EXPECT_FALSE(forced.incremental);
  EXPECT_EQ(forced.full_reason, "--full");
}

TEST(Incremental, DifferentBuildOptionsFallBackToAFullBuild) {
  TempDir work;
  generate(work.path() / "corpus", 4);
  update(work.path() / "corpus", work.path() / "index");
  kb::UpdateOptions o;
  o.build.english_stopwords = "basic";
  auto r = kb::update_index((work.path() / "corpus").string(), (work.path() / "index").string(), o);
  EXPECT_FALSE(r.incremental);
}

TEST(Incremental, MoreThanAThirdChangedIsAFullBuild) {
  TempDir work;
  generate(work.path() / "corpus", 6);
  update(work.path() / "corpus", work.path() / "index");
  for (int i : {0, 1, 2})
    append(work.path() / "corpus/documents" / ("doc-10" + std::to_string(i) + ".md"),
           "\n\nMore.\n");
  auto r = update(work.path() / "corpus", work.path() / "index");
  EXPECT_FALSE(r.incremental);
  EXPECT_NE(r.full_reason.find("more than a third"), std::string::npos);
}

TEST(Incremental, AMalformedChangedDocumentPublishesNothing) {
  TempDir work;
  generate(work.path() / "corpus", 6);
  update(work.path() / "corpus", work.path() / "index");
  auto published = fs::canonical(work.path() / "index/current");
  write_file(work.path() / "corpus/documents/doc-101.md", "");  // emptied
  try {
    update(work.path() / "corpus", work.path() / "index");
    ADD_FAILURE() << "an empty document was published";
  } catch (const kb::IngestError& e) {
    EXPECT_NE(std::string(e.what()).find("doc-101.md"), std::string::npos) << e.what();
  }
  EXPECT_EQ(fs::canonical(work.path() / "index/current"), published);
  EXPECT_EQ(hits(work.path() / "index", "topic1"), 3u);
}

TEST(Incremental, ADocumentIdUsedTwiceIsReportedAsByAFullBuild) {
  TempDir work;
  generate(work.path() / "corpus", 6);
  update(work.path() / "corpus", work.path() / "index");
  // "doc-101.txt" slugs to the id of doc-101.md.
  write_file(work.path() / "corpus/documents/doc-101.txt", "Again\n\nSame id.\n");
  EXPECT_THROW(update(work.path() / "corpus", work.path() / "index"), kb::IngestError);
}
