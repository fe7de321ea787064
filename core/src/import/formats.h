// PDF, DOCX and HTML documents turned into the TextSource the text importers read
// (headings with levels, "- " list items, paragraphs between blank lines, PDF pages).
// Internal to kb_core; load_corpus dispatches here by extension.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kb/text_source.h"

namespace kb::detail {

// An HTML file is parsed into a tree several times its size: larger ones are refused
// before they are read (a 50 MB page is a dump, not a document).
inline constexpr std::uintmax_t max_html_bytes = 16ull << 20;

// How deep an HTML page may nest elements (estimated before parsing: the HTML5 tree
// construction scans the open elements for each tag, quadratic on absurd nesting).
inline constexpr std::size_t max_html_depth = 1024;

// What the XML parts of one .docx may inflate to, all entries together; an entry whose
// declared size is over what is left is refused before it is inflated (zip bombs).
inline constexpr std::uintmax_t max_docx_inflated_bytes = 64ull << 20;

// The most pages and extracted text one PDF may give.
inline constexpr int max_pdf_pages = 5000;
inline constexpr std::size_t max_pdf_text_bytes = 64ull << 20;

// The file formats load_corpus reads besides .txt/.md and .xml: "pdf", "docx", "html", or
// "" for another extension (ext: lower-case, with the dot).
std::string_view document_format(std::string_view ext);

// The TextSource of a corpus document whose content is `content` and whose extension is
// `ext` (lower-case, with the dot): PDF, DOCX and HTML by their readers below, anything
// else (.txt, .md, .xml) by parse_text_source.
TextSource document_text_source(std::string_view content, std::string_view ext,
                                const std::string& display);

// The whole content of a corpus document, read with read_corpus_file under the cap of its
// format (max_html_bytes for HTML, checked before a byte is read).
std::string read_document_content(const std::string& path, std::string_view ext,
                                  const std::string& display);

// Each throws IngestError(display, 0, what) for a file it cannot read: a malformed or
// encrypted PDF, a PDF without a text layer, a .docx that is not a zip or whose
// document would inflate past max_docx_inflated_bytes, malformed DOCX XML.
TextSource pdf_text_source(std::string_view content, const std::string& display);
TextSource docx_text_source(std::string_view content, const std::string& display);
TextSource html_text_source(std::string_view content, const std::string& display);

// PDF-extraction clean-up, on the lines of one document in page order, exposed for tests:
// drops running page numbers ("3", "Page 3 of 10", "- 3 -", "3/10") on the first and
// last line of each page (added to `dropped` when given, numbered as in the text
// returned), and joins words hyphenated at a line end ("multi-" /
// "stakeholder") when the joined word is the more plausible one.
struct PdfPage {
  std::vector<std::string> lines;
};
std::string join_pdf_pages(std::vector<PdfPage> pages, std::vector<int>& page_first_line,
                           std::vector<DroppedLine>* dropped = nullptr);

}  // namespace kb::detail
