// The cleaned source text an index keeps for the source view (Index::source_text) is
// stored compressed and read back line for line.
#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "index/index_metadata.h"
#include "kb/error.h"
#include "kb/schema.h"
#include "kb/text_source.h"

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
  kb::detail::write_source_text(db, "doc", lines_of(given));
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
  kb::detail::write_source_text(db, "empty", {});
  EXPECT_FALSE(kb::detail::read_source_text(db, "empty").has_value());
}

TEST(SourceTextRecord, ADamagedRecordIsAnIndexErrorNotGarbage) {
  kb::testing::TempDir dir;
  Xapian::WritableDatabase db(dir.str() + "/db", Xapian::DB_CREATE);
  kb::detail::write_source_text(db, "doc", lines_of({{1, "one"}, {2, "two"}, {3, "three"}}));
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
