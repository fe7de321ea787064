// Building and publishing indexes from small corpora written by the tests.
#include <gtest/gtest.h>

#include <filesystem>

#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_folder.h"
#include "kb/index_writer.h"
#include "kb/search.h"

namespace fs = std::filesystem;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

kb::SearchResult search(const std::string& index_dir, const std::string& query) {
  kb::Index index(index_dir);
  kb::SearchRequest r;
  r.query = query;
  r.limit = 50;
  return index.search(r);
}

void publish(const std::string& corpus_dir, const std::string& index_dir) {
  kb::publish_index(kb::load_corpus(corpus_dir), index_dir);
}

TEST(IndexBuild, HyphenatedAndJoinedSpellingsFindEachOther) {
  TempDir corpus, index;
  write_file(corpus.path() / "documents/a.txt",
             "Hyphenated\n\nWe support multi-stakeholder processes everywhere.\n");
  write_file(corpus.path() / "documents/b.txt",
             "Joined\n\nThe multistakeholder model works in practice.\n");
  publish(corpus.str(), index.str());
  EXPECT_EQ(search(index.str(), "multistakeholder").total, 2u);
  EXPECT_EQ(search(index.str(), "multi-stakeholder").total, 2u);
}

TEST(IndexBuild, DocumentWithoutCatalogEntryGetsDerivedMetadata) {
  TempDir corpus, index;
  write_file(corpus.path() / "documents/Field Notes.md",
             "# Notes from the regional meeting\n\nThe registry briefed ministers on DNSSEC.\n");
  auto c = kb::load_corpus(corpus.str());
  ASSERT_EQ(c.sources.size(), 1u);
  EXPECT_EQ(c.sources[0].id, "field-notes");
  EXPECT_EQ(c.sources[0].title, "Notes from the regional meeting");
  EXPECT_EQ(c.sources[0].kind, "document");
  EXPECT_FALSE(c.sources[0].from_catalog);
  kb::publish_index(c, index.str());
  auto r = search(index.str(), "DNSSEC");
  ASSERT_EQ(r.total, 1u);
  EXPECT_EQ(r.hits[0].view.source_title, "Notes from the regional meeting");
}

TEST(IndexBuild, HostileTextIsEscapedInSnippets) {
  TempDir corpus, index;
  write_file(
      corpus.path() / "documents/hostile.xml",
      "<framework id=\"hostile\"><title>Hostile</title><message id=\"m1\"><title>Payload</title>"
      "<text>Registry &lt;img src=x onerror=alert(1)&gt; resilience &amp; "
      "trust</text></message></framework>");
  publish(corpus.str(), index.str());
  auto r = search(index.str(), "resilience");
  ASSERT_EQ(r.total, 1u);
  const auto& snippet = r.hits[0].snippet;
  EXPECT_EQ(snippet.find("<img"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>resilience</mark>"), std::string::npos) << snippet;
  // The stored text stays as written: escaping is the job of whoever renders it.
  EXPECT_NE(r.hits[0].view.unit.text.find("<img src=x onerror=alert(1)>"), std::string::npos);
  // Browsing (no query) escapes too.
  kb::Index idx(index.str());
  auto browse = idx.search(kb::SearchRequest{});
  EXPECT_EQ(browse.hits[0].snippet.find("<img"), std::string::npos) << browse.hits[0].snippet;
}

TEST(IndexBuild, RepublishingReplacesTheIndexAndKeepsAtMostTwoGenerations) {
  TempDir corpus, index;
  write_file(corpus.path() / "documents/a.txt", "First\n\nThe first version mentions zebras.\n");
  publish(corpus.str(), index.str());
  auto first_generation = kb::resolve_published_generation(index.str());
  write_file(corpus.path() / "documents/a.txt",
             "Second\n\nThe second version mentions giraffes.\n");
  publish(corpus.str(), index.str());
  publish(corpus.str(), index.str());
  EXPECT_NE(kb::resolve_published_generation(index.str()), first_generation);
  EXPECT_EQ(search(index.str(), "zebras").total, 0u);
  EXPECT_EQ(search(index.str(), "giraffes").total, 1u);
  int generations = 0;
  for (const auto& e : fs::directory_iterator(index.path()))
    if (e.path().filename().string().rfind("gen-", 0) == 0) ++generations;
  EXPECT_EQ(generations, 2);
}

TEST(IndexBuild, ReaderKeepsItsGenerationWhileANewOneIsPublished) {
  TempDir corpus, index;
  write_file(corpus.path() / "documents/a.txt", "First\n\nThe first version mentions zebras.\n");
  publish(corpus.str(), index.str());
  kb::Index reader(index.str());
  write_file(corpus.path() / "documents/a.txt",
             "Second\n\nThe second version mentions giraffes.\n");
  publish(corpus.str(), index.str());
  kb::SearchRequest r;
  r.query = "zebras";
  EXPECT_EQ(reader.search(r).total, 1u);  // still the generation it opened
  EXPECT_EQ(search(index.str(), "zebras").total, 0u);
}

TEST(IndexBuild, MalformedCorpusFailsWithFileAndLineAndPublishesNothing) {
  TempDir corpus, index;
  write_file(corpus.path() / "documents/a.txt", "Good\n\nA good document about registries.\n");
  publish(corpus.str(), index.str());
  auto before = kb::resolve_published_generation(index.str());

  write_file(corpus.path() / "catalog.xml",
             "<catalog>\n  <document id=\"a\" file=\"documents/a.txt\">\n</catalog>\n");
  try {
    publish(corpus.str(), index.str());
    FAIL() << "expected an IngestError";
  } catch (const kb::IngestError& e) {
    EXPECT_NE(e.file().find("catalog.xml"), std::string::npos);
    EXPECT_EQ(e.line(), 3);
    EXPECT_NE(std::string(e.what()).find("catalog.xml:3: "), std::string::npos) << e.what();
  }
  EXPECT_EQ(kb::resolve_published_generation(index.str()), before);
  EXPECT_EQ(search(index.str(), "registries").total, 1u);
}

TEST(IndexBuild, EmptyAndNonUtf8DocumentsAreRefusedByName) {
  TempDir corpus;
  write_file(corpus.path() / "documents/empty.txt", "");
  try {
    kb::load_corpus(corpus.str());
    FAIL() << "expected an IngestError";
  } catch (const kb::IngestError& e) {
    EXPECT_NE(std::string(e.what()).find("empty.txt"), std::string::npos) << e.what();
  }
  fs::remove(corpus.path() / "documents/empty.txt");
  write_file(corpus.path() / "documents/latin1.txt", "Line one\nCaf\xE9 au lait\n");
  try {
    kb::load_corpus(corpus.str());
    FAIL() << "expected an IngestError";
  } catch (const kb::IngestError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_NE(std::string(e.what()).find("latin1.txt:2: "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("UTF-8"), std::string::npos) << e.what();
  }
}

TEST(IndexBuild, IndexFolderThatCannotBeCreatedIsAnIoError) {
  // A path below a regular file cannot be created, even by root (permissions would not
  // stop root).
  TempDir tmp, corpus;
  write_file(tmp.path() / "file", "x");
  write_file(corpus.path() / "documents/a.txt", "Doc\n\nSome text about registries.\n");
  try {
    publish(corpus.str(), (tmp.path() / "file" / "index").string());
    FAIL() << "expected kb::Error";
  } catch (const kb::Error& e) {
    EXPECT_EQ(e.code(), kb::ErrorCode::io_error);
    EXPECT_NE(std::string(e.what()).find("file/index"), std::string::npos) << e.what();
  }
}

TEST(IndexBuild, OpeningAFolderWithNothingPublishedSaysHowToBuildOne) {
  TempDir empty;
  try {
    kb::Index index(empty.str());
    FAIL() << "expected kb::Error";
  } catch (const kb::Error& e) {
    EXPECT_EQ(e.code(), kb::ErrorCode::index_not_found);
    EXPECT_NE(std::string(e.what()).find("kb-index"), std::string::npos) << e.what();
  }
}

}  // namespace
