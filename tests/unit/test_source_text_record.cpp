// The cleaned source text an index keeps for the source view (Index::source_text) is
// stored compressed and read back line for line.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "index/index_metadata.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_writer.h"
#include "kb/schema.h"
#include "kb/search.h"
#include "kb/text_source.h"
#include "text/source_text_record.h"

namespace {

std::vector<kb::SourceLine> lines_of(const std::vector<std::pair<int, std::string>>& given) {
  std::vector<kb::SourceLine> lines;
  for (const auto& [number, text] : given) {
    kb::SourceLine line;
    line.number = number;
    line.text = text;
    lines.push_back(line);
  }
  return lines;
}

std::string key(const std::string& source) {
  return std::string(kb::schema::meta_source_text_prefix) + source;
}

}  // namespace

TEST(SourceTextRecord, ReadsBackEveryLineAsWritten) {
  kb::testing::TempDir dir;
  Xapian::WritableDatabase db(dir.str() + "/db", Xapian::DB_CREATE);
  std::vector<std::pair<int, std::string>> given = {
      {1, "Title line"}, {2, ""}, {4, "A tab\there, accents: café, naïve"}, {9, "Last line"}};
  std::string long_line;
  for (int k = 0; k < 5000; ++k) long_line += "the zone is signed again ";
  given.emplace_back(10, long_line);
  kb::detail::write_source_text(db, "doc", kb::text::source_text_record(lines_of(given)));
  db.commit();

  auto lines = kb::detail::read_source_text(db, "doc");
  ASSERT_TRUE(lines.has_value());
  ASSERT_EQ(lines->size(), given.size());
  for (std::size_t i = 0; i < given.size(); ++i) {
    EXPECT_EQ((*lines)[i].number, given[i].first) << i;
    EXPECT_EQ((*lines)[i].text, given[i].second) << i;
  }
  // Stored compressed: a repetitive text takes a small part of its plain size.
  EXPECT_LT(db.get_metadata(key("doc")).size(), long_line.size() / 10);
  EXPECT_FALSE(kb::detail::read_source_text(db, "other").has_value());
  // A source without lines has no text, as before records were compressed.
  kb::detail::write_source_text(db, "empty", kb::text::source_text_record({}));
  EXPECT_FALSE(kb::detail::read_source_text(db, "empty").has_value());
}

TEST(SourceTextRecord, ADamagedRecordIsAnIndexErrorNotGarbage) {
  kb::testing::TempDir dir;
  Xapian::WritableDatabase db(dir.str() + "/db", Xapian::DB_CREATE);
  kb::detail::write_source_text(
      db, "doc", kb::text::source_text_record(lines_of({{1, "one"}, {2, "two"}, {3, "three"}})));
  auto stored = db.get_metadata(key("doc"));
  const std::vector<std::string> damages = {stored.substr(0, stored.size() - 3),  // cut short
                                            "1\tone\n2\ttwo\n",  // plain, as schema 3 stored it
                                            "99" + stored,       // a size that is not the text's
                                            stored.substr(0, stored.find('\n') + 1) + "not zlib"};
  for (const auto& damaged : damages) {
    db.set_metadata(key("doc"), damaged);
    try {
      kb::detail::read_source_text(db, "doc");
      ADD_FAILURE() << "read a damaged record: " << damaged.size() << " bytes";
    } catch (const kb::Error& e) {
      EXPECT_EQ(e.code(), kb::ErrorCode::index_error);
      EXPECT_NE(std::string(e.what()).find("rebuild"), std::string::npos) << e.what();
    }
  }
}

// The text an index shows for a source is the one its units were cut from, made by the
// import: a document edited while the build runs (after it was read) cannot give the
// source view lines that the citations do not point at. Every way of writing a
// generation (one writer, parallel shards compacted, kept shards) records the same.
TEST(SourceTextRecord, TheIndexShowsTheTextTheUnitsWereCutFrom) {
  kb::testing::TempDir work;
  auto corpus_dir = work.path() / "corpus";
  kb::testing::copy_bundled_corpus(corpus_dir);
  auto corpus = kb::load_corpus(corpus_dir.string(), {}, 2);

  // As read by the import, before the files change: every source with a file.
  std::map<std::string, std::vector<kb::SourceTextLine>> as_imported;
  for (const auto& s : corpus.sources) {
    if (s.file.empty()) continue;
    auto path = (corpus_dir / s.file).string();
    for (const auto& l : kb::read_document(path, path).lines)
      as_imported[s.id].push_back({l.number, l.text});
    kb::testing::write_file(corpus_dir / s.file, "Changed\n\nEdited after the import.\n");
  }
  ASSERT_GT(as_imported.size(), 3u);
  ASSERT_TRUE(as_imported.count("glossary"));

  for (unsigned jobs : {1u, 2u}) {
    for (unsigned shards : {0u, 2u}) {
      kb::BuildOptions options;
      options.jobs = jobs;
      options.shards = shards;
      auto dir = work / ("index-" + std::to_string(jobs) + "-" + std::to_string(shards));
      kb::publish_index(corpus, dir, {}, options);
      kb::Index index(dir);
      SCOPED_TRACE(dir);
      for (const auto& [id, lines] : as_imported) {
        auto shown = index.source_text(id);
        ASSERT_TRUE(shown.has_value()) << id;
        EXPECT_EQ(*shown, lines) << id;
      }
      // And a citation's first line is a line of that text.
      for (const auto& u : corpus.units) {
        if (u.cite.first_line == 0 || !as_imported.count(u.source_id)) continue;
        const auto& lines = as_imported[u.source_id];
        EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [&](const auto& l) {
          return l.number == u.cite.first_line;
        })) << u.id;
      }
    }
  }
}
