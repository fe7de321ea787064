// A plain-text or Markdown document as the importers see it: cleaned lines that keep
// their original line numbers (for citations), with PDF-extraction artefacts removed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

struct SourceLine {
  int number = 0;         // 1-based line number in the original file
  std::string text;       // cleaned: no markup, trimmed, single spaces; "" for a blank line
  int heading_level = 0;  // 1..6 for a Markdown "#" heading, else 0
};

struct TextSource {
  std::string file;  // as shown in messages (path relative to the corpus folder)
  std::vector<SourceLine> lines;
};

// Reads and cleans a file. Throws IngestError naming file and line when the file is
// unreadable, is not UTF-8, or holds NUL bytes.
TextSource read_text_source(const std::string& path, const std::string& display_name);

// Cleans text already in memory (same checks as read_text_source).
TextSource parse_text_source(std::string_view content, const std::string& display_name);

// Inline clean-up of one line: HTML tags, Markdown bold/italic/links and code ticks
// removed (link text kept), whitespace collapsed, trimmed.
std::string clean_inline(std::string_view line);

// HTML character references used in practice (&amp; &lt; &gt; &quot; &#39; &#x27; &apos;
// &nbsp;) replaced by their characters; anything else is left as written.
std::string decode_html_entities(std::string_view text);

// Runs of whitespace (spaces, tabs, line breaks, no-break spaces) as one space, trimmed.
std::string collapse_whitespace(std::string_view text);

// The text of a bullet item ("- x", "* x", "• x", "– x", "1. x", "1) x"), or nullopt
// when the line is not a bullet. An empty bullet yields "".
std::optional<std::string> bullet_text(std::string_view line);

// The text without terminal controls: C0 control characters other than tab and line
// feed, DEL, C1 controls (U+0080-U+009F) and the bidirectional embeddings, overrides
// and isolates (U+202A-U+202E, U+2066-U+2069). An escape sequence (ESC [ ... 2J,
// ESC ] 0;title BEL) goes whole; CR, form feed and vertical tab become spaces.
std::string strip_control_characters(std::string_view text);

// Byte offset of the first invalid UTF-8 sequence, or npos when valid.
std::size_t find_invalid_utf8(std::string_view text);

}  // namespace kb
