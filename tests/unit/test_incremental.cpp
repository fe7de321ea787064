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

#include "../support/index_snapshot.h"
#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_writer.h"
#include "kb/schema.h"
#include "kb/search.h"
#include "text/hash.h"

namespace fs = std::filesystem;
using kb::testing::expect_equal;
using kb::testing::expect_same_searches;
using kb::testing::snapshot;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

const std::string kCorpus = std::string(KB_SOURCE_DIR) + "/corpus";

void append(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::app);
  out << text;
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
