// Terminal controls in documents (issue 9, finding 9): stripped at import by the text
// source and the XML reader, and removed from anything kb-query prints
// (kb::term::printable / make_printable), whatever the index or server holds.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "kb/importers.h"
#include "kb/printable_result.h"
#include "kb/taxonomy.h"
#include "kb/terminal.h"
#include "kb/text.h"
#include "kb/text_source.h"

namespace {

// True when `s` holds a byte a terminal acts on: C0 other than tab and line feed, DEL,
// a C1 control (U+0080-U+009F), a bidi override, or invalid UTF-8 (a stray C1 byte).
bool has_terminal_control(const std::string& s, bool allow_newline = true) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n' && allow_newline) continue;
    if (c == '\t') continue;
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
    if (c == 0xE2 && i + 2 < s.size()) {
      auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
      if (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) return true;  // U+202A-U+202E
      if (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) return true;  // U+2066-U+2069
    }
  }
  return kb::find_invalid_utf8(s) != std::string::npos;
}

struct StripCase {
  const char* name;
  std::string input;
  std::string expected;
};

class StripControlCharacters : public ::testing::TestWithParam<StripCase> {};

TEST_P(StripControlCharacters, LeavesOnlyText) {
  const auto& c = GetParam();
  auto out = kb::strip_control_characters(c.input);
  EXPECT_EQ(out, c.expected);
  EXPECT_FALSE(has_terminal_control(out));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StripControlCharacters,
    ::testing::Values(
        StripCase{"WindowTitleAndClearScreen", "before \x1b]0;pwned\x07 middle \x1b[2J after",
                  "before  middle  after"},
        StripCase{"OscEndedByStringTerminator", "a\x1b]2;title\x1b\\b", "ab"},
        StripCase{"ColourSequence", "\x1b[1;31mred\x1b[0m", "red"},
        StripCase{"TwoByteEscape",
                  "reset\x1b"
                  "c here",
                  "reset here"},
        StripCase{"Bell", "ding\x07 dong", "ding dong"},
        StripCase{"Backspace", "abc\x08\x08xy", "abcxy"},
        StripCase{"Delete",
                  "ab\x7f"
                  "c",
                  "abc"},
        StripCase{"C1Csi",
                  "x\xC2\x9B"
                  "2Jy",
                  "xy"},
        StripCase{"C1Osc",
                  "x\xC2\x9D"
                  "0;t\x07y",
                  "xy"},
        StripCase{"OtherC1",
                  "a\xC2\x85"
                  "b",
                  "ab"},
        StripCase{"BidiOverride",
                  "abc\xE2\x80\xAE"
                  "def\xE2\x80\xAC",
                  "abcdef"},
        StripCase{"BidiIsolate",
                  "\xE2\x81\xA6"
                  "x\xE2\x81\xA9",
                  "x"},
        StripCase{"LineBreaksInsideALineSeparateWords", "one\rtwo\fthree\vfour",
                  "one two three four"},
        StripCase{"TabAndNewlineStay", "a\tb\nc", "a\tb\nc"},
        StripCase{"UnterminatedOscKeepsTheText", "x\x1b]0;not a title", "x0;not a title"},
        StripCase{
            "TextIsUntouched",
            "Associa\xC3\xA7\xC3\xA3o \xE2\x80\x94 caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D",
            "Associa\xC3\xA7\xC3\xA3o \xE2\x80\x94 caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D"}),
    [](const auto& test) { return std::string(test.param.name); });

TEST(TextSourceControls, AreStrippedAtImport) {
  auto src = kb::parse_text_source(
      "Title \x1b]0;pwned\x07here\n\nThis paragraph \x1b[2Jclears the screen\x07 and \xC2\x9B"
      "31m colours "
      "\xE2\x80\xAEit.\n",
      "escapes.txt");
  ASSERT_EQ(src.lines.size(), 3u);
  EXPECT_EQ(src.lines[0].text, "Title here");
  EXPECT_EQ(src.lines[2].text, "This paragraph clears the screen and colours it.");
  EXPECT_EQ(src.lines[2].number, 3);
  for (const auto& line : src.lines) EXPECT_FALSE(has_terminal_control(line.text)) << line.text;

  kb::SourceDocument source;
  source.id = "escapes";
  source.title = "Escapes";
  auto doc = kb::import_text(src, source, kb::Taxonomy{});
  ASSERT_FALSE(doc.units.empty());
  for (const auto& u : doc.units) {
    EXPECT_FALSE(has_terminal_control(u.text)) << u.id << ": " << u.text;
    EXPECT_FALSE(has_terminal_control(u.title)) << u.id << ": " << u.title;
  }
}

TEST(CuratedXmlControls, AreStrippedAtImport) {
  kb::testing::TempDir dir;
  auto path = dir / "curated.xml";
  // XML 1.0 forbids most C0 controls but pugixml passes them; C1 controls and bidi
  // overrides are legal XML.
  kb::testing::write_file(path,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<framework id=\"c\">\n  "
                          "<title>T\x1b[2J</title>\n"
                          "  <message id=\"m1\">\n    <title>Payload\xC2\x9B"
                          "2J here</title>\n"
                          "    <text>Bell\x07 and \xE2\x80\xAE"
                          "override</text>\n  </message>\n</framework>\n");
  kb::SourceDocument source;
  auto doc = kb::import_framework_xml(path, source, kb::Taxonomy{});
  ASSERT_EQ(doc.units.size(), 1u);
  EXPECT_EQ(doc.units[0].title, "Payload here");
  EXPECT_EQ(doc.units[0].text, "Bell and override");
  EXPECT_EQ(doc.source.title, "T");
}

TEST(TerminalPrintable, OneLineFieldsLoseLineBreaksAndBadBytes) {
  EXPECT_EQ(kb::term::printable("a\nb\tc"), "a b c");
  EXPECT_EQ(kb::term::printable("a\nb\tc", /*multiline=*/true), "a\nb\tc");
  EXPECT_EQ(kb::term::printable("x\x9B"
                                "2Jy"),
            "xy")
      << "a stray C1 byte is a control in an 8-bit locale";
  EXPECT_EQ(kb::term::printable("x\xFFy"), "x\xEF\xBF\xBDy") << "invalid UTF-8 shows as U+FFFD";
  EXPECT_EQ(kb::term::printable("\x1b]0;t\x07ok\x1b[2J"), "ok");
}

TEST(TerminalPrintable, EveryStringOfAResultIsCleaned) {
  const std::string bad = "\x1b]0;pwned\x07X\x1b[2J\xE2\x80\xAE";
  kb::SearchResult r;
  r.query = bad;
  r.corrected_query = bad;
  kb::Hit h;
  auto& u = h.view.unit;
  for (auto* f : {&u.id, &u.kind, &u.title, &u.text, &u.message_id, &u.message_title, &u.source_id,
                  &u.cite.section, &u.lang, &u.review.reviewed, &u.review.by, &h.view.source_title,
                  &h.view.cite, &h.snippet})
    *f = bad;
  u.audiences.push_back({bad, kb::Provenance::inferred});
  u.themes.push_back({bad, kb::Provenance::curated});
  r.hits.push_back(h);
  r.facets.push_back({bad, {{bad, bad, 1}}});
  r.filters["kind"] = {bad};
  kb::term::make_printable(r);

  std::vector<std::string> all{r.query,
                               *r.corrected_query,
                               r.facets[0].name,
                               r.facets[0].values[0].value,
                               r.facets[0].values[0].label,
                               r.filters["kind"][0]};
  auto& v = r.hits[0].view;
  for (const auto* f :
       {&v.unit.id, &v.unit.kind, &v.unit.title, &v.unit.text, &v.unit.message_id,
        &v.unit.message_title, &v.unit.source_id, &v.unit.cite.section, &v.unit.lang,
        &v.unit.review.reviewed, &v.unit.review.by, &v.source_title, &v.cite, &r.hits[0].snippet})
    all.push_back(*f);
  all.push_back(v.unit.audiences[0].id);
  all.push_back(v.unit.themes[0].id);
  for (const auto& s : all) EXPECT_EQ(s, "X");

  kb::MessageOutline o;
  o.message = h.view;
  o.proof_points.push_back(h.view);
  kb::term::make_printable(o);
  EXPECT_EQ(o.message.unit.title, "X");
  EXPECT_EQ(o.proof_points[0].unit.text, "X");
}

}  // namespace
