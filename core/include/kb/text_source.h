// A document as the importers see it: cleaned lines that keep their original line numbers
// (for citations), with PDF-extraction artefacts removed. Plain text and Markdown are
// read here; PDF, DOCX and HTML are turned into the same lines (core/src/import/formats.h).
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
  int page = 0;           // 1-based page of a PDF the line is on; 0 = the format has no pages
};

// A line the cleaning left out as not being content (a running footer, a table of
// contents entry), kept so that kb-index --explain can show what was dropped and why.
struct DroppedLine {
  int number = 0;      // 1-based line number in the original file (0: not known)
  std::string text;    // the line as cleaned
  std::string reason;  // "page number", "table of contents", "running header", ...
};

struct TextSource {
  std::string file;  // as shown in messages (path relative to the corpus folder)
  std::vector<SourceLine> lines;
  std::vector<DroppedLine> dropped;
};

// Reads and cleans a file. Throws IngestError naming file and line when the file is
// unreadable, is not UTF-8, or holds NUL bytes.
TextSource read_text_source(const std::string& path, const std::string& display_name);

// Reads a corpus document of any accepted format (chosen by extension: .pdf, .docx,
// .html/.htm, else text) with the corpus size caps. Throws IngestError("file: what").
TextSource read_document(const std::string& path, const std::string& display_name);

// Cleans text already in memory (same checks as read_text_source).
TextSource parse_text_source(std::string_view content, const std::string& display_name);

// Inline clean-up of one line: HTML tags, Markdown bold/italic/links and code ticks
// removed (link text kept), whitespace collapsed, trimmed.
std::string clean_inline(std::string_view line);

// The text of a bullet item ("- x", "* x", "• x", "– x", "1. x", "1) x"), or nullopt
// when the line is not a bullet. An empty bullet yields "".
std::optional<std::string> bullet_text(std::string_view line);

}  // namespace kb
