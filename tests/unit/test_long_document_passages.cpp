// A long document is cut into fewer, longer passages than a short one: its paragraphs join
// the passage before them under the same heading while that passage is short.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "import/import_util.h"
#include "kb/importers.h"
#include "kb/model.h"
#include "kb/text_source.h"

namespace {

// `paragraphs` numbered paragraphs of about 300 bytes under one heading, each a blank line
// apart; paragraph k holds the word "marker<k>".
std::string document(int paragraphs) {
  std::string text = "Operational Considerations\n\n";
  for (int k = 1; k <= paragraphs; ++k) {
    // Every line differs, or the importer would take repeated lines for page headers.
    auto n = std::to_string(k);
    text += "Paragraph marker" + n + " says how a registry operator keeps zone " + n +
            " consistent while\nthe primary server " + n +
            " is renewed, which secondary servers are told first,\nand what operator " + n +
            " checks before the old keys are retired for good.\nIt ends with sentence " + n +
            ".\n\n";
  }
  return text;
}

std::vector<kb::Unit> passages_of(const std::string& text) {
  kb::SourceDocument source;
  source.id = "doc";
  source.title = "A document";
  return kb::import_passages(kb::parse_text_source(text, "doc.txt"), source);
}

// Every paragraph's marker is in exactly one passage, and passages cite increasing lines.
void expect_every_paragraph_once(const std::vector<kb::Unit>& units, int paragraphs) {
  std::multiset<int> found;
  int last_line = 0;
  for (const auto& u : units) {
    EXPECT_GT(u.cite.first_line, last_line) << u.id;
    EXPECT_GE(u.cite.last_line, u.cite.first_line) << u.id;
    last_line = u.cite.last_line;
    for (int k = 1; k <= paragraphs; ++k) {
      auto word = "marker" + std::to_string(k) + " ";
      if (u.text.find(word) != std::string::npos) found.insert(k);
    }
  }
  for (int k = 1; k <= paragraphs; ++k) EXPECT_EQ(found.count(k), 1u) << "paragraph " << k;
}

}  // namespace

TEST(LongDocumentPassages, AShortDocumentKeepsAPassagePerParagraph) {
  const int paragraphs = 20;
  auto text = document(paragraphs);
  ASSERT_LT(text.size(), kb::detail::long_document_bytes);
  auto units = passages_of(text);
  EXPECT_EQ(units.size(), static_cast<std::size_t>(paragraphs));
  expect_every_paragraph_once(units, paragraphs);
}

TEST(LongDocumentPassages, ALongDocumentJoinsParagraphsUpToThePassageSize) {
  const int paragraphs = 200;
  auto text = document(paragraphs);
  ASSERT_GE(text.size(), kb::detail::long_document_bytes);
  auto units = passages_of(text);
  expect_every_paragraph_once(units, paragraphs);
  // About five paragraphs a passage: fewer than a third of the paragraphs' count.
  EXPECT_LT(units.size(), static_cast<std::size_t>(paragraphs / 3));
  for (std::size_t i = 0; i + 1 < units.size(); ++i) {
    EXPECT_GE(units[i].text.size(), kb::detail::long_document_passage_bytes) << units[i].id;
    EXPECT_LE(units[i].text.size(), kb::detail::max_unit_text_bytes) << units[i].id;
    EXPECT_EQ(units[i].title, "Operational Considerations") << units[i].id;
  }
}

TEST(LongDocumentPassages, APassageNeverCrossesAHeading) {
  // Two long sections: no passage holds words of both.
  auto first = document(120);
  std::string second = "Security Considerations\n\n";
  for (int k = 1; k <= 120; ++k) {
    auto n = std::to_string(k);
    second += "Signal" + n + " is what a resolver " + n + " checks when answers arrive late,\n" +
              "before it trusts them for " + n + " seconds or drops them again.\n\n";
  }
  auto units = passages_of(first + second);
  ASSERT_GT(units.size(), 2u);
  for (const auto& u : units) {
    bool in_first = u.text.find("marker") != std::string::npos;
    bool in_second = u.text.find("Signal") != std::string::npos;
    EXPECT_NE(in_first, in_second) << u.id;
    EXPECT_EQ(u.title, in_first ? "Operational Considerations" : "Security Considerations");
  }
}
