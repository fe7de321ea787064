// kb::parse_text_source and its helpers: what PDF-extraction artefacts are dropped, how
// inline markup is cleaned, and that the surviving lines keep their original numbers.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "kb/error.h"
#include "kb/text.h"
#include "kb/text_source.h"

namespace {

// The cleaned, non-blank texts of a source, in order.
std::vector<std::string> texts(const kb::TextSource& src) {
  std::vector<std::string> out;
  for (const auto& line : src.lines)
    if (!line.text.empty()) out.push_back(line.text);
  return out;
}

// The line holding exactly `text`, or nullptr.
const kb::SourceLine* find_line(const kb::TextSource& src, const std::string& text) {
  for (const auto& line : src.lines)
    if (line.text == text) return &line;
  return nullptr;
}

// Catches the IngestError parse_text_source must throw for `content`.
std::optional<kb::IngestError> ingest_error_of(const std::string& content,
                                               const std::string& name) {
  try {
    kb::parse_text_source(content, name);
  } catch (const kb::IngestError& e) {
    return e;
  }
  return std::nullopt;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// ---------------------------------------------------------------------------
// Tables of contents

TEST(TextSourceToc, LeaderDotsAndPageNumberLinesAreDropped) {
  auto src = kb::parse_text_source(
      "Title\n"
      "Introduction..... 3\n"
      "Why It Matters.....4\n"
      "Background ......... 12\n"
      "Body text starts here.\n",
      "toc.txt");
  EXPECT_EQ(texts(src), (std::vector<std::string>{"Title", "Body text starts here."}))
      << "lines ending in leader dots and a page number are table-of-contents entries";
}

TEST(TextSourceToc, TabAndPageNumberLinesAreDropped) {
  auto src = kb::parse_text_source(
      "1\tIntroduction.....\t3\n"
      "2\tWhy the Multistakeholder Model Matters\t3\n"
      "1 Introduction\n",
      "toc.txt");
  EXPECT_EQ(texts(src), (std::vector<std::string>{"1 Introduction"}))
      << "a tab followed by a page number ends a TOC entry; the real heading stays";
  ASSERT_EQ(src.lines.size(), 1u);
  EXPECT_EQ(src.lines[0].number, 3) << "the surviving heading keeps its original line number";
}

TEST(TextSourceToc, ItalicWrappedEntriesAreDropped) {
  // As in the seed framework: "\t<i>Message 1: Title.....</i>\t<i>4</i>".
  auto src = kb::parse_text_source(
      "\t<i>Message 1: Internet Governance Must Be Broad-Based and Practical.....</i>\t<i>4</i>\n"
      "\t<i>Twenty Years Later\xE2\x80\x94The Stakes Are Higher Than Ever.....</i>\t<i>3</i>\n"
      "Message 1: Internet Governance Must Be Broad-Based and Practical\n",
      "toc.txt");
  EXPECT_EQ(texts(src), (std::vector<std::string>{
                            "Message 1: Internet Governance Must Be Broad-Based and Practical"}))
      << "TOC entries wrapped in <i> tags are dropped; the heading itself is kept";
  ASSERT_EQ(src.lines.size(), 1u);
  EXPECT_EQ(src.lines[0].number, 3);
}

TEST(TextSourceToc, TableOfContentsHeadingIsDropped) {
  auto src =
      kb::parse_text_source("Before\nTABLE OF CONTENTS\nTable of Contents\nAfter\n", "toc.txt");
  EXPECT_EQ(texts(src), (std::vector<std::string>{"Before", "After"}))
      << "the \"Table of contents\" heading is dropped in any case";
}

TEST(TextSourceToc, NumbersInOrdinaryTextAreKept) {
  auto src = kb::parse_text_source(
      "The Domain Name System has operated for over 27 years.\n"
      "Duration (minutes): 60\n"
      "28 May 2025\n",
      "text.txt");
  EXPECT_EQ(texts(src),
            (std::vector<std::string>{"The Domain Name System has operated for over 27 years.",
                                      "Duration (minutes): 60", "28 May 2025"}))
      << "a number at the end of a line without leader dots or tab is not a TOC entry";
}

// ---------------------------------------------------------------------------
// Page footers and empty bullets

TEST(TextSourceArtefacts, PageFootersAreDropped) {
  auto src = kb::parse_text_source(
      "First paragraph.\n"
      "Page 3 of 4\n"
      "page 12\n"
      "Second paragraph.\n",
      "footer.txt");
  EXPECT_EQ(texts(src), (std::vector<std::string>{"First paragraph.", "Second paragraph."}));
  const auto* second = find_line(src, "Second paragraph.");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->number, 4) << "lines after a dropped footer keep their original numbers";
}

TEST(TextSourceArtefacts, PageWordInProseIsKept) {
  auto src = kb::parse_text_source("Page 3 of the report explains it.\n", "footer.txt");
  EXPECT_EQ(texts(src), (std::vector<std::string>{"Page 3 of the report explains it."}));
}

TEST(TextSourceArtefacts, EmptyBulletsAreDropped) {
  auto src = kb::parse_text_source(
      "- first item\n"
      "-\n"
      " - \n"
      "\xE2\x80\xA2\n"
      "- second item\n",
      "bullets.txt");
  EXPECT_EQ(texts(src), (std::vector<std::string>{"- first item", "- second item"}))
      << "\"-\", \" - \" and a lone \"\xE2\x80\xA2\" are stray empty bullets";
  ASSERT_EQ(src.lines.size(), 2u) << "an empty bullet line is removed, not kept as a blank line";
  EXPECT_EQ(src.lines[0].number, 1);
  EXPECT_EQ(src.lines[1].number, 5);
}

// ---------------------------------------------------------------------------
// Verbatim duplicates

TEST(TextSourceDuplicates, VerbatimRepeatedLinesAreDropped) {
  auto src = kb::parse_text_source(
      "Speaker 2: Israel Rosas, Technical Community\n"
      "Speaker 3: Paulos Nyirenda, Technical Community\n"
      "Speaker 2: Israel Rosas, Technical Community\n"
      "   Speaker 3: Paulos Nyirenda, Technical Community   \n"
      "Format\n",
      "dup.txt");
  EXPECT_EQ(texts(src),
            (std::vector<std::string>{"Speaker 2: Israel Rosas, Technical Community",
                                      "Speaker 3: Paulos Nyirenda, Technical Community", "Format"}))
      << "a line identical to an earlier one (after trimming) is dropped";
  const auto* format = find_line(src, "Format");
  ASSERT_NE(format, nullptr);
  EXPECT_EQ(format->number, 5);
}

TEST(TextSourceDuplicates, ListIntroducersMayRepeat) {
  auto src = kb::parse_text_source(
      "Message 1: One\n"
      "Proof Points:\n"
      "- a first proof point\n"
      "Message 2: Two\n"
      "Proof Points:\n"
      "- a second proof point\n",
      "dup.txt");
  int introducers = 0;
  std::vector<int> numbers;
  for (const auto& line : src.lines) {
    if (line.text == "Proof Points:") {
      ++introducers;
      numbers.push_back(line.number);
    }
  }
  EXPECT_EQ(introducers, 2) << "each message has its own \"Proof Points:\" line";
  EXPECT_EQ(numbers, (std::vector<int>{2, 5}));
}

TEST(TextSourceDuplicates, BlankLinesAreNotDuplicates) {
  auto src =
      kb::parse_text_source("One paragraph.\n\nAnother paragraph.\n\nA third one.\n", "blank.txt");
  ASSERT_EQ(src.lines.size(), 5u) << "blank lines are kept (as \"\") so paragraphs stay apart";
  EXPECT_EQ(src.lines[1].text, "");
  EXPECT_EQ(src.lines[3].text, "");
  EXPECT_EQ(src.lines[4].text, "A third one.");
  EXPECT_EQ(src.lines[4].number, 5);
}

// ---------------------------------------------------------------------------
// Inline clean-up

TEST(CleanInline, HtmlTagsAreRemovedAndTextKept) {
  EXPECT_EQ(kb::clean_inline("<i>x</i>"), "x");
  EXPECT_EQ(kb::clean_inline("a <b>bold</b> and <i>italic</i> word"), "a bold and italic word");
}

TEST(CleanInline, MarkdownEmphasisIsRemoved) {
  EXPECT_EQ(kb::clean_inline("**bold**"), "bold");
  EXPECT_EQ(kb::clean_inline("- **Policymakers:** Highlight it"), "- Policymakers: Highlight it");
  EXPECT_EQ(kb::clean_inline("__bold__ and *italics*"), "bold and italics");
}

TEST(CleanInline, MarkdownLinksKeepTheirText) {
  EXPECT_EQ(kb::clean_inline("[text](url)"), "text");
  EXPECT_EQ(kb::clean_inline("visit the [WSIS+20 Outreach Network page](#)."),
            "visit the WSIS+20 Outreach Network page.");
  EXPECT_EQ(kb::clean_inline("see [the hub](http://example.org/x) now"), "see the hub now");
}

TEST(CleanInline, WhitespaceIsCollapsedAndTrimmed) {
  EXPECT_EQ(kb::clean_inline("  two   words\there  "), "two words here");
}

TEST(CleanInline, BulletMarkerIsKept) {
  EXPECT_EQ(kb::clean_inline("* a bullet item"), "* a bullet item")
      << "a leading \"* \" is a bullet marker, not emphasis";
}

TEST(TextSourceClean, LinesAreCleanedInTheSource) {
  auto src = kb::parse_text_source(
      "WSIS+20 Messaging Framework: **Reinforcing What Works**\n"
      "See <i>this</i> [page](#).\n",
      "clean.txt");
  EXPECT_EQ(texts(src),
            (std::vector<std::string>{"WSIS+20 Messaging Framework: Reinforcing What Works",
                                      "See this page."}));
}

// ---------------------------------------------------------------------------
// Markdown headings and line numbers

TEST(TextSourceHeadings, MarkdownHeadingLevelIsRecorded) {
  auto src = kb::parse_text_source(
      "# Title\n\n## Heading\n\n###### Deep\n\nNot # a heading\n#hashtag\n", "md.md");
  const auto* title = find_line(src, "Title");
  const auto* heading = find_line(src, "Heading");
  const auto* deep = find_line(src, "Deep");
  ASSERT_NE(title, nullptr);
  ASSERT_NE(heading, nullptr);
  ASSERT_NE(deep, nullptr);
  EXPECT_EQ(title->heading_level, 1);
  EXPECT_EQ(heading->heading_level, 2) << "\"## Heading\" is a level-2 heading without its hashes";
  EXPECT_EQ(heading->number, 3);
  EXPECT_EQ(deep->heading_level, 6);
  const auto* prose = find_line(src, "Not # a heading");
  ASSERT_NE(prose, nullptr);
  EXPECT_EQ(prose->heading_level, 0);
  const auto* hashtag = find_line(src, "#hashtag");
  ASSERT_NE(hashtag, nullptr) << "\"#hashtag\" (no space) is not a heading and is kept as written";
  EXPECT_EQ(hashtag->heading_level, 0);
}

TEST(TextSourceLines, OriginalLineNumbersSurviveRemovals) {
  auto src = kb::parse_text_source(
      "Intro line\n"          // 1
      "TABLE OF CONTENTS\n"   // 2 dropped
      "1\tIntroduction\t3\n"  // 3 dropped
      "Page 1 of 2\n"         // 4 dropped
      "-\n"                   // 5 dropped
      "Intro line\n"          // 6 dropped (duplicate)
      "\n"                    // 7 blank
      "Body line\r\n"         // 8 (CRLF)
      "## Closing\n",         // 9
      "numbers.md");
  ASSERT_EQ(src.lines.size(), 4u);
  EXPECT_EQ(src.lines[0].number, 1);
  EXPECT_EQ(src.lines[0].text, "Intro line");
  EXPECT_EQ(src.lines[1].number, 7);
  EXPECT_EQ(src.lines[1].text, "");
  EXPECT_EQ(src.lines[2].number, 8);
  EXPECT_EQ(src.lines[2].text, "Body line") << "a CRLF line ending is not part of the text";
  EXPECT_EQ(src.lines[3].number, 9);
  EXPECT_EQ(src.lines[3].text, "Closing");
  EXPECT_EQ(src.file, "numbers.md");
}

TEST(TextSourceLines, ByteOrderMarkIsIgnored) {
  auto src = kb::parse_text_source("\xEF\xBB\xBFTitle\nBody.\n", "bom.txt");
  ASSERT_FALSE(src.lines.empty());
  EXPECT_EQ(src.lines[0].text, "Title");
  EXPECT_EQ(src.lines[0].number, 1);
}

// ---------------------------------------------------------------------------
// Encoding errors

TEST(TextSourceErrors, InvalidUtf8ThrowsWithTheLine) {
  auto e = ingest_error_of("line one\nline two\nbad \xFF byte\nline four\n", "docs/bad.txt");
  ASSERT_TRUE(e.has_value()) << "a 0xFF byte is not UTF-8 and must be refused";
  EXPECT_EQ(e->line(), 3);
  EXPECT_EQ(e->file(), "docs/bad.txt");
  EXPECT_TRUE(starts_with(e->what(), "docs/bad.txt:3: ")) << "what() was: " << e->what();
  EXPECT_EQ(e->code(), kb::ErrorCode::ingest_error);
}

TEST(TextSourceErrors, TruncatedSequenceThrowsWithTheLine) {
  // "\xC3" opens a two-byte sequence that the newline does not continue.
  auto e = ingest_error_of("ok\n\nAssocia\xC3\n", "trunc.txt");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->line(), 3);
  EXPECT_TRUE(starts_with(e->what(), "trunc.txt:3: ")) << "what() was: " << e->what();
}

TEST(TextSourceErrors, NulByteThrowsWithTheLine) {
  std::string content = "first\nsecond\nthird";
  content += '\0';
  content += "rest\n";
  auto e = ingest_error_of(content, "nul.txt");
  ASSERT_TRUE(e.has_value()) << "a NUL byte marks a binary file";
  EXPECT_EQ(e->line(), 3);
  EXPECT_TRUE(starts_with(e->what(), "nul.txt:3: ")) << "what() was: " << e->what();
}

TEST(TextSourceErrors, ValidMultibyteTextIsAccepted) {
  auto src = kb::parse_text_source(
      "Associa\xC3\xA7\xC3\xA3o DNS.PT \xE2\x80\x94 \xF0\x9F\x8C\x8D\n", "ok.txt");
  ASSERT_EQ(src.lines.size(), 1u);
  EXPECT_EQ(src.lines[0].text, "Associa\xC3\xA7\xC3\xA3o DNS.PT \xE2\x80\x94 \xF0\x9F\x8C\x8D");
}

TEST(FindInvalidUtf8, ReportsTheOffsetOfTheFirstBadByte) {
  EXPECT_EQ(kb::find_invalid_utf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(kb::find_invalid_utf8("caf\xC3\xA9 \xE2\x80\x94 ok"), std::string_view::npos);
  EXPECT_EQ(kb::find_invalid_utf8("ab\xFF"), 2u);
  EXPECT_EQ(kb::find_invalid_utf8("abc\xC3"), 3u) << "truncated two-byte sequence at the end";
  EXPECT_EQ(kb::find_invalid_utf8("a\xC0\xAF"), 1u) << "overlong encoding of '/'";
  EXPECT_EQ(kb::find_invalid_utf8("x\xED\xA0\x80"), 1u) << "UTF-16 surrogate U+D800";
  EXPECT_EQ(kb::find_invalid_utf8("\x80"), 0u) << "a lone continuation byte";
}

// ---------------------------------------------------------------------------
// Bullets

TEST(BulletText, RecognisedMarkers) {
  EXPECT_EQ(kb::bullet_text("- dash item"), std::optional<std::string>("dash item"));
  EXPECT_EQ(kb::bullet_text("* star item"), std::optional<std::string>("star item"));
  EXPECT_EQ(kb::bullet_text("\xE2\x80\xA2 bullet item"), std::optional<std::string>("bullet item"));
  EXPECT_EQ(kb::bullet_text("\xE2\x80\x93 en dash item"),
            std::optional<std::string>("en dash item"));
  EXPECT_EQ(kb::bullet_text("1. numbered item"), std::optional<std::string>("numbered item"));
  EXPECT_EQ(kb::bullet_text("12) numbered item"), std::optional<std::string>("numbered item"));
  EXPECT_EQ(kb::bullet_text("   - indented item  "), std::optional<std::string>("indented item"));
}

TEST(BulletText, EmptyBulletYieldsEmptyText) {
  EXPECT_EQ(kb::bullet_text("-"), std::optional<std::string>(""));
  EXPECT_EQ(kb::bullet_text("\xE2\x80\xA2"), std::optional<std::string>(""));
  EXPECT_EQ(kb::bullet_text(" - "), std::optional<std::string>(""));
}

TEST(BulletText, NonBullets) {
  EXPECT_EQ(kb::bullet_text("5 How This Messaging Connects Across Audiences"), std::nullopt)
      << "a section number without '.' or ')' is not a bullet";
  EXPECT_EQ(kb::bullet_text("-dash without space"), std::nullopt);
  EXPECT_EQ(kb::bullet_text("2024. A year"), std::nullopt)
      << "four digits is a year, not a list number";
  EXPECT_EQ(kb::bullet_text("Plain sentence."), std::nullopt);
  EXPECT_EQ(kb::bullet_text(""), std::nullopt);
}

}  // namespace

// TextSource::dropped: what the cleaning left out, with the line and the reason
// (kb-index --explain lists them).
TEST(TextSourceDropped, RecordsEachDroppedLineWithItsReason) {
  auto src = kb::parse_text_source(
      "Title\n"                           // 1
      "Contents\n"                        // 2
      "Introduction..... 3\n"             // 3
      "A paragraph that repeats here.\n"  // 4
      "-\n"                               // 5
      "Page 2 of 9\n"                     // 6
      "A paragraph that repeats here.\n"  // 7
      "- 4 -\n",                          // 8
      "t.txt");
  std::vector<std::pair<int, std::string>> got;
  for (const auto& d : src.dropped) got.emplace_back(d.number, d.reason);
  std::vector<std::pair<int, std::string>> expected{{2, "table of contents"},
                                                    {3, "table of contents"},
                                                    {5, "empty bullet"},
                                                    {6, "page number"},
                                                    {7, "repeated line (first on line 4)"},
                                                    {8, "page number"}};
  EXPECT_EQ(got, expected);
  ASSERT_EQ(src.dropped.size(), 6u);
  EXPECT_EQ(src.dropped[3].text, "Page 2 of 9");
  EXPECT_EQ(texts(src), (std::vector<std::string>{"Title", "A paragraph that repeats here."}));
}

TEST(TextSourceDropped, CleanTextDropsNothing) {
  auto src = kb::parse_text_source("# Heading\n\nA paragraph.\n\n- an item\n", "t.txt");
  EXPECT_TRUE(src.dropped.empty());
}
