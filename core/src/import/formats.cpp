// PDF, DOCX and HTML into TextSource. Each reader writes the document as the light
// Markdown the text importers already understand ("## Heading", "- item", paragraphs
// between blank lines) and hands it to parse_text_source, so every format gets the same
// cleaning (terminal controls, UTF-8 checks, tables of contents, page footers, repeated
// lines) and the framework, Q&A, statement and proposal importers work unchanged.
//
// PDF: libpoppler-cpp in process rather than pdftotext as a subprocess. Both are the same
// Poppler text extraction (page::text with physical_layout is pdftotext -layout), but the
// library needs no program on PATH at run time, no pipes, temporary files or exit-status
// parsing, reports an encrypted document as such (is_locked) instead of as an exit code,
// and gives the pages one by one so page boundaries are exact. A subprocess would isolate
// a Poppler crash from kb-index; kb-index builds into a staging folder and publishes
// atomically, so a crash publishes nothing either way.
// DOCX: libzip reads the archive from memory (declared sizes are checked before anything
// is inflated), pugixml the WordprocessingML. HTML: gumbo, the HTML5 parser (entities,
// unclosed tags and error recovery as a browser does them).
#include "import/formats.h"

#include <gumbo.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <unordered_set>

#include "corpus/xml_file.h"
#include "kb/error.h"
#include "kb/text.h"
#include "text/text_util.h"

namespace kb::detail {
namespace {

std::string mib(std::uintmax_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

// Assigns each line the page it came from: page_first_line[k] is the first line of page
// k + 1 in the text handed to parse_text_source.
void assign_pages(TextSource& source, const std::vector<int>& page_first_line) {
  for (auto& line : source.lines) {
    auto it = std::upper_bound(page_first_line.begin(), page_first_line.end(), line.number);
    line.page = static_cast<int>(it - page_first_line.begin());  // 0 only before page 1
    if (line.page == 0) line.page = 1;
  }
}

// ---------------------------------------------------------------------------- PDF

// "3", "Page 3", "Page 3 of 10", "- 3 -", "3/10", "3 of 10": a running page number.
bool is_page_number_line(std::string_view line) {
  auto t = text::trim(line);
  if (t.empty() || t.size() > 24) return false;
  auto lower = text::lower_ascii(t);
  std::string_view s = lower;
  if (s.substr(0, 5) == "page ") s = text::trim(s.substr(5));
  if (s.size() >= 3 && s.front() == '-' && s.back() == '-')
    s = text::trim(s.substr(1, s.size() - 2));
  int n;
  auto len = text::leading_number(s, n);
  if (len == 0 || len > 4) return false;
  s = text::trim(s.substr(len));
  if (s.empty()) return true;
  if (s.front() == '/')
    s = text::trim(s.substr(1));
  else if (s.substr(0, 3) == "of ")
    s = text::trim(s.substr(3));
  else
    return false;
  len = text::leading_number(s, n);
  return len > 0 && len <= 4 && len == s.size();
}

bool is_ascii_letter(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

// A word as looked up for dehyphenation: lower-case, without surrounding punctuation.
std::string word_key(std::string_view w) {
  while (!w.empty() && !std::isalnum(static_cast<unsigned char>(w.front())) &&
         static_cast<unsigned char>(w.front()) < 0x80)
    w.remove_prefix(1);
  while (!w.empty() && !std::isalnum(static_cast<unsigned char>(w.back())) &&
         static_cast<unsigned char>(w.back()) < 0x80)
    w.remove_suffix(1);
  return text::lower_ascii(w);
}

void collect_words(std::string_view line, std::unordered_set<std::string>& words) {
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    auto end = line.find(' ', i);
    if (end == std::string_view::npos) end = line.size();
    if (end > i) words.insert(word_key(line.substr(i, end - i)));
    i = end;
  }
}

// Joins "multi-" at the end of `line` with the first word of `next` when that word starts
// lower-case, unless the document writes the hyphenated form elsewhere and never the
// joined one ("self-" / "governance" stays "self-governance"). Returns whether it joined.
bool dehyphenate(std::string& line, std::string& next,
                 const std::unordered_set<std::string>& words) {
  // "ICP-3—" / "illustrate": a line broken after a dash written without spaces joins
  // without a space too, the dash kept.
  for (std::string_view dash : {"\xE2\x80\x94", "\xE2\x80\x93"}) {
    if (line.size() > dash.size() &&
        std::string_view(line).substr(line.size() - dash.size()) == dash &&
        line[line.size() - dash.size() - 1] != ' ' && !next.empty() &&
        std::isalnum(static_cast<unsigned char>(next[0]))) {
      auto word_end = next.find(' ');
      line += next.substr(0, word_end);
      next = word_end == std::string::npos ? std::string()
                                           : std::string(text::trim(next.substr(word_end)));
      return true;
    }
  }
  if (line.size() < 3 || line.back() != '-' || !is_ascii_letter(line[line.size() - 2]))
    return false;
  if (next.empty() || !std::islower(static_cast<unsigned char>(next[0]))) return false;
  auto space = line.rfind(' ');
  std::string prefix = line.substr(space == std::string::npos ? 0 : space + 1);
  prefix.pop_back();  // the hyphen
  if (prefix.size() < 2) return false;
  auto word_end = next.find(' ');
  std::string second = next.substr(0, word_end);
  auto joined = word_key(prefix + second);
  auto hyphenated = word_key(prefix + "-" + second);
  bool keep_hyphen = words.count(hyphenated) && !words.count(joined);
  line.pop_back();
  if (keep_hyphen) line += '-';
  line += second;
  next = word_end == std::string::npos ? std::string()
                                       : std::string(text::trim(next.substr(word_end)));
  return true;
}

// Poppler reports every damaged object on stderr; kb reports the file itself instead.
void quiet_poppler(const std::string&, void*) {}

}  // namespace

std::string join_pdf_pages(std::vector<PdfPage> pages, std::vector<int>& page_first_line,
                           std::vector<DroppedLine>* dropped) {
  // Trim, and drop the running page number at the top or bottom of each page.
  struct Cleared {
    std::size_t page, index;
    std::string text;
  };
  std::vector<Cleared> cleared;
  auto clear = [&](std::size_t p, std::string& line) {
    if (dropped)
      cleared.push_back({p, static_cast<std::size_t>(&line - pages[p].lines.data()), line});
    line.clear();
  };
  for (std::size_t p = 0; p < pages.size(); ++p) {
    auto& page = pages[p];
    for (auto& l : page.lines) l = std::string(text::trim(l));
    auto first = std::find_if(page.lines.begin(), page.lines.end(),
                              [](const std::string& l) { return !l.empty(); });
    if (first != page.lines.end() && is_page_number_line(*first)) clear(p, *first);
    auto last = std::find_if(page.lines.rbegin(), page.lines.rend(),
                             [](const std::string& l) { return !l.empty(); });
    if (last != page.lines.rend() && is_page_number_line(*last)) clear(p, *last);
  }
  std::unordered_set<std::string> words;
  for (const auto& page : pages)
    for (const auto& l : page.lines) collect_words(l, words);
  // Dehyphenate with the next line, or across a page boundary with the first line of the
  // next page (the blank lines between are the pages' margins).
  std::vector<std::pair<std::string*, std::size_t>> flat;  // line, page index
  for (std::size_t p = 0; p < pages.size(); ++p)
    for (auto& l : pages[p].lines) flat.emplace_back(&l, p);
  for (std::size_t i = 0; i + 1 < flat.size(); ++i) {
    if (flat[i].first->empty()) continue;
    std::size_t j = i + 1;
    while (j < flat.size() && flat[j].first->empty()) ++j;
    if (j < flat.size() && (j == i + 1 || flat[j].second != flat[i].second))
      dehyphenate(*flat[i].first, *flat[j].first, words);
  }
  std::string out;
  int line = 0;
  page_first_line.clear();
  for (std::size_t p = 0; p < pages.size(); ++p) {
    if (p > 0) {      // a page boundary is a paragraph break unless the text says otherwise;
      out += "\f\n";  // the form feed tells parse_text_source where pages start
      ++line;
    }
    page_first_line.push_back(line + 1);
    for (const auto& l : pages[p].lines) {
      out += l;
      out += '\n';
      ++line;
    }
  }
  for (auto& c : cleared)
    dropped->push_back(
        {page_first_line[c.page] + static_cast<int>(c.index), std::move(c.text), "page number"});
  return out;
}

TextSource pdf_text_source(std::string_view content, const std::string& display) {
  static const bool quiet = (poppler::set_debug_error_function(quiet_poppler, nullptr), true);
  (void)quiet;
  if (content.substr(0, 5) != "%PDF-" && content.find("%PDF-") > 1024)
    throw IngestError(display, 0, "is not a PDF (no %PDF- header)");
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(content.data(), static_cast<int>(content.size())));
  if (!doc) throw IngestError(display, 0, "is a malformed PDF: Poppler cannot open it");
  if (doc->is_locked())
    throw IngestError(display, 0,
                      "is an encrypted PDF (it needs a password); save an unprotected copy");
  int pages = doc->pages();
  if (pages <= 0) throw IngestError(display, 0, "is a PDF without pages");
  if (pages > max_pdf_pages)
    throw IngestError(display, 0,
                      "has " + std::to_string(pages) + " pages; PDFs over " +
                          std::to_string(max_pdf_pages) + " pages are refused");
  std::vector<PdfPage> text_pages;
  std::size_t total = 0;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    PdfPage out;
    if (page) {
      auto bytes = page->text(page->page_rect(), poppler::page::physical_layout).to_utf8();
      total += bytes.size();
      if (total > max_pdf_text_bytes)
        throw IngestError(display, 0,
                          "gives over " + mib(max_pdf_text_bytes) + " of text; refused");
      std::string_view t(bytes.data(), bytes.size());
      std::size_t pos = 0;
      while (pos < t.size()) {
        auto nl = t.find('\n', pos);
        auto l = t.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        std::string s(l);
        std::replace(s.begin(), s.end(), '\f', ' ');
        out.lines.push_back(std::move(s));
        pos = nl == std::string_view::npos ? t.size() : nl + 1;
      }
    }
    text_pages.push_back(std::move(out));
  }
  std::vector<int> first_lines;
  std::vector<DroppedLine> page_numbers;
  auto joined = join_pdf_pages(std::move(text_pages), first_lines, &page_numbers);
  bool any_text = std::any_of(joined.begin(), joined.end(),
                              [](char c) { return !std::isspace(static_cast<unsigned char>(c)); });
  if (!any_text)
    throw IngestError(display, 0,
                      "is a PDF without a text layer (a scan?); run it through OCR first");
  auto source = parse_text_source(joined, display);
  assign_pages(source, first_lines);
  if (!page_numbers.empty()) {
    source.dropped.insert(source.dropped.end(), page_numbers.begin(), page_numbers.end());
    std::stable_sort(
        source.dropped.begin(), source.dropped.end(),
        [](const DroppedLine& a, const DroppedLine& b) { return a.number < b.number; });
  }
  return source;
}

// ---------------------------------------------------------------------------- DOCX

namespace {

// The part of an element name after its namespace prefix ("w:p" -> "p").
std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child_local(const pugi::xml_node& n, std::string_view name) {
  for (auto c : n.children())
    if (local_name(c) == name) return c;
  return {};
}

std::string attr_local(const pugi::xml_node& n, std::string_view name) {
  for (auto a : n.attributes()) {
    std::string_view an = a.name();
    auto colon = an.find(':');
    if ((colon == std::string_view::npos ? an : an.substr(colon + 1)) == name) return a.value();
  }
  return {};
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

class DocxArchive {
 public:
  DocxArchive(std::string_view content, const std::string& display) : display_(display) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(content.data(), content.size(), 0, &error);
    if (!source) fail("cannot be opened: " + std::string(zip_error_strerror(&error)));
    zip_.reset(zip_open_from_source(source, ZIP_RDONLY, &error));
    if (!zip_) {
      zip_source_free(source);
      int code = zip_error_code_zip(&error);
      std::string why = zip_error_strerror(&error);
      zip_error_fini(&error);
      if (code == ZIP_ER_NOZIP)
        fail("is not a zip archive, so not a Word .docx file (save it from Word as .docx)");
      fail("is a damaged .docx (zip: " + why + ")");
    }
    zip_error_fini(&error);
  }

  // The inflated entry, or nullopt when the archive has no such entry. The declared size
  // is checked against what is left of the budget before a byte is inflated, and the
  // bytes actually inflated are counted too (a header may lie).
  std::optional<std::string> read(const char* name) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(zip_.get(), name, 0, &st) != 0) return std::nullopt;
    if (!(st.valid & ZIP_STAT_SIZE)) fail(std::string(name) + " has no declared size");
    if (st.size > max_docx_inflated_bytes - used_)
      fail(std::string(name) + " would inflate to " + mib(st.size) + "; a .docx over " +
           mib(max_docx_inflated_bytes) + " uncompressed is refused (a zip bomb?)");
    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen(zip_.get(), name, 0));
    if (!file) fail(std::string(name) + " cannot be read: " + zip_strerror(zip_.get()));
    std::string out;
    out.reserve(static_cast<std::size_t>(st.size));
    char buf[1 << 16];
    for (;;) {
      auto n = zip_fread(file.get(), buf, sizeof buf);
      if (n < 0) fail(std::string(name) + " cannot be inflated: " + zip_file_strerror(file.get()));
      if (n == 0) break;
      out.append(buf, static_cast<std::size_t>(n));
      if (out.size() > st.size)
        fail(std::string(name) + " inflates past its declared size; refused (a zip bomb?)");
    }
    used_ += out.size();
    return out;
  }

  [[noreturn]] void fail(const std::string& what) const { throw IngestError(display_, 0, what); }

 private:
  std::string display_;
  std::unique_ptr<zip_t, ZipCloser> zip_;
  std::uintmax_t used_ = 0;
};

// Heading level of a paragraph style: "Heading1".."Heading6", "Title", or a style whose
// name is "heading N" / "Title" (ids are localized: "berschrift1", "Titre1"), or one with
// an outline level.
std::map<std::string, int> heading_styles(const std::optional<std::string>& styles_xml) {
  std::map<std::string, int> out;
  if (!styles_xml) return out;
  pugi::xml_document doc;
  if (!doc.load_buffer(styles_xml->data(), styles_xml->size())) return out;
  for (auto style : doc.document_element().children()) {
    if (local_name(style) != "style" || attr_local(style, "type") != "paragraph") continue;
    auto id = attr_local(style, "styleId");
    auto name = text::lower_ascii(attr_local(child_local(style, "name"), "val"));
    int level = 0;
    if (name == "title") level = 1;
    if (name.size() == 9 && name.substr(0, 8) == "heading " && name[8] >= '1' && name[8] <= '6')
      level = name[8] - '0';
    if (level == 0)
      if (auto outline = child_local(child_local(style, "pPr"), "outlineLvl")) {
        int v = std::atoi(attr_local(outline, "val").c_str());
        if (v >= 0 && v < 6) level = v + 1;
      }
    if (level > 0) out[id] = level;
  }
  return out;
}

int heading_level_of(const std::string& style, const std::map<std::string, int>& styles) {
  if (auto it = styles.find(style); it != styles.end()) return it->second;
  auto lower = text::lower_ascii(style);
  if (lower == "title") return 1;
  if (lower.size() == 8 && lower.substr(0, 7) == "heading" && lower[7] >= '1' && lower[7] <= '6')
    return lower[7] - '0';
  return 0;
}

// The text of one paragraph, its w:br breaks as '\n', without nested paragraphs (text
// boxes are paragraphs of their own) and without deleted text or field codes.
void paragraph_text(const pugi::xml_node& p, std::string& out) {
  std::vector<pugi::xml_node> stack;
  for (auto c = p.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
  while (!stack.empty()) {
    auto n = stack.back();
    stack.pop_back();
    auto name = local_name(n);
    if (name == "t") {
      out += n.text().get();
    } else if (name == "tab") {
      out += '\t';
    } else if (name == "br" || name == "cr") {
      out += '\n';
    } else if (name != "p" && name != "pPr" && name != "rPr" && name != "del" &&
               name != "instrText" && name != "delText") {
      for (auto c = n.last_child(); c; c = c.previous_sibling())
        if (c.type() == pugi::node_element) stack.push_back(c);
    }
  }
}

// Word's list numbering (word/numbering.xml): which lists count ("decimal") and from
// where. A paragraph of a decimal list becomes "N. text", of any other list "- text".
class DocxNumbering {
 public:
  explicit DocxNumbering(const std::optional<std::string>& xml) {
    if (!xml) return;
    pugi::xml_document doc;
    if (!doc.load_buffer(xml->data(), xml->size())) return;
    std::map<std::string, std::map<int, Level>> abstracts;
    for (auto n : doc.document_element().children()) {
      if (local_name(n) == "abstractNum") {
        auto& levels = abstracts[attr_local(n, "abstractNumId")];
        for (auto lvl : n.children()) {
          if (local_name(lvl) != "lvl") continue;
          Level l;
          l.decimal = attr_local(child_local(lvl, "numFmt"), "val") == "decimal";
          if (auto start = child_local(lvl, "start"))
            l.start = std::atoi(attr_local(start, "val").c_str());
          levels[std::atoi(attr_local(lvl, "ilvl").c_str())] = l;
        }
      }
    }
    for (auto n : doc.document_element().children()) {
      if (local_name(n) != "num") continue;
      auto& levels = nums_[attr_local(n, "numId")];
      levels = abstracts[attr_local(child_local(n, "abstractNumId"), "val")];
      for (auto o : n.children())
        if (local_name(o) == "lvlOverride")
          if (auto start = child_local(o, "startOverride"))
            levels[std::atoi(attr_local(o, "ilvl").c_str())].start =
                std::atoi(attr_local(start, "val").c_str());
    }
  }

  // The marker of the next item of list `num_id` at level `ilvl`.
  std::string marker(const std::string& num_id, int ilvl) {
    auto it = nums_.find(num_id);
    if (it == nums_.end()) return "- ";
    auto level = it->second.find(ilvl);
    if (level == it->second.end() || !level->second.decimal) return "- ";
    auto& counters = counters_[num_id];
    for (auto c = counters.upper_bound(ilvl); c != counters.end();) c = counters.erase(c);
    auto [c, fresh] = counters.emplace(ilvl, level->second.start);
    if (!fresh) ++c->second;
    return std::to_string(c->second) + ". ";
  }

 private:
  struct Level {
    bool decimal = false;
    int start = 1;
  };
  std::map<std::string, std::map<int, Level>> nums_;
  std::map<std::string, std::map<int, int>> counters_;  // numId -> level -> current number
};

}  // namespace

TextSource docx_text_source(std::string_view content, const std::string& display) {
  DocxArchive zip(content, display);
  auto document_xml = zip.read("word/document.xml");
  if (!document_xml) zip.fail("is a zip without word/document.xml, so not a Word .docx file");
  auto styles = heading_styles(zip.read("word/styles.xml"));
  DocxNumbering numbering(zip.read("word/numbering.xml"));
  pugi::xml_document doc;
  auto parsed = doc.load_buffer_inplace(document_xml->data(), document_xml->size());
  if (!parsed)
    zip.fail("has a malformed word/document.xml (" + std::string(parsed.description()) + ")");
  auto body = child_local(doc.document_element(), "body");
  if (!body) zip.fail("has no document body in word/document.xml");

  std::string out;
  // Paragraphs in document order, tables' cell paragraphs included (each a line).
  std::vector<pugi::xml_node> stack;
  for (auto c = body.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
  bool in_list = false;
  while (!stack.empty()) {
    auto n = stack.back();
    stack.pop_back();
    if (n.type() != pugi::node_element) continue;
    auto name = local_name(n);
    if (name == "p") {
      auto ppr = child_local(n, "pPr");
      int level = heading_level_of(attr_local(child_local(ppr, "pStyle"), "val"), styles);
      auto num_pr = child_local(ppr, "numPr");
      bool item = level == 0 && num_pr;
      std::string num_id = attr_local(child_local(num_pr, "numId"), "val");
      if (item && num_id == "0") item = false;  // numId 0: numbering switched off
      std::string text;
      paragraph_text(n, text);
      // Nested paragraphs (text boxes) follow this one.
      std::vector<pugi::xml_node> nested;
      for (auto d : n.select_nodes(".//*")) {
        if (local_name(d.node()) == "p") nested.push_back(d.node());
      }
      if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
            return std::isspace(static_cast<unsigned char>(c));
          }))
        text.clear();
      if (!text.empty()) {
        if (in_list && !item) out += '\n';  // a list ends with a blank line
        auto lines = text::split(text, '\n');
        for (std::size_t k = 0; k < lines.size(); ++k) {
          if (k == 0 && level > 0) out += std::string(static_cast<std::size_t>(level), '#') + " ";
          if (k == 0 && item)
            out += numbering.marker(
                num_id, std::atoi(attr_local(child_local(num_pr, "ilvl"), "val").c_str()));
          out += lines[k];
          out += '\n';
        }
        if (!item) out += '\n';  // paragraphs and headings stand between blank lines
        in_list = item;
      }
      for (auto it = nested.rbegin(); it != nested.rend(); ++it) {
        // only the outermost nested paragraphs; deeper ones are reached from them
        bool outermost = true;
        for (auto up = it->parent(); up && up != n; up = up.parent())
          if (local_name(up) == "p") outermost = false;
        if (outermost) stack.push_back(*it);
      }
    } else {
      for (auto c = n.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
    }
  }
  return parse_text_source(out, display);
}

// ---------------------------------------------------------------------------- HTML

namespace {

bool is_dropped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
      return true;
    default:
      return false;
  }
}

int html_heading_level(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1:
      return 1;
    case GUMBO_TAG_H2:
      return 2;
    case GUMBO_TAG_H3:
      return 3;
    case GUMBO_TAG_H4:
      return 4;
    case GUMBO_TAG_H5:
      return 5;
    case GUMBO_TAG_H6:
      return 6;
    default:
      return 0;
  }
}

// Elements that end the line before them and after them.
bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      return true;
    default:
      return false;
  }
}

// Builds the light Markdown: a line is written when a block ends; paragraphs and
// headings are followed by a blank line, list items are not.
class HtmlWriter {
 public:
  void text(std::string_view s) {
    for (char c : s) {
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (space) {
        if (!line_.empty() && line_.back() != ' ') line_ += ' ';
      } else {
        line_ += c;
      }
    }
  }
  void preformatted(std::string_view s) {
    for (char c : s) {
      if (c == '\n')
        end_line(false);
      else
        line_ += c;
    }
  }
  void start_line(std::string prefix) {
    end_line(false);
    prefix_ = std::move(prefix);
  }
  // Ends the current line; `paragraph`: a blank line follows.
  void end_line(bool paragraph) {
    auto t = text::trim(line_);
    if (t.empty() && !prefix_.empty()) return;  // "<li><p>text": the item's text is to come
    if (!t.empty()) {
      out_ += prefix_;
      out_ += t;
      out_ += '\n';
      blank_ = false;
    }
    line_.clear();
    prefix_.clear();
    if (paragraph && !blank_ && !out_.empty()) {
      out_ += '\n';
      blank_ = true;
    }
  }
  std::string take() {
    end_line(true);
    return std::move(out_);
  }

 private:
  std::string out_, line_, prefix_;
  bool blank_ = true;
};

bool is_name_byte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// How deep the page nests elements, estimated on the bytes before parsing: start tags
// open, end tags close; void elements, "/>", and elements that close themselves on their
// next sibling (p, li, td, ...) do not count; comments and script/style contents are
// skipped. HTML5 tree construction scans the open elements for every tag, so a page
// of 100000 unclosed <div>s would take minutes: such a page is refused instead.
std::size_t html_depth_estimate(std::string_view s) {
  static const std::unordered_set<std::string> flat{
      "area",    "base",   "br",    "col",    "embed",    "hr",     "img",   "input",    "link",
      "meta",    "source", "track", "wbr",    "param",    "p",      "li",    "dt",       "dd",
      "tr",      "td",     "th",    "option", "optgroup", "tbody",  "thead", "tfoot",    "colgroup",
      "caption", "rb",     "rt",    "rp",     "rtc",      "keygen", "frame", "basefont", "bgsound"};
  std::size_t depth = 0, deepest = 0;
  std::size_t i = 0;
  while ((i = s.find('<', i)) != std::string_view::npos) {
    if (s.compare(i, 4, "<!--") == 0) {
      auto end = s.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    bool closing = i + 1 < s.size() && s[i + 1] == '/';
    std::size_t n = i + (closing ? 2 : 1);
    std::size_t name_end = n;
    while (name_end < s.size() && is_name_byte(s[name_end]) && name_end - n < 16) ++name_end;
    if (name_end == n || !std::isalpha(static_cast<unsigned char>(s[n]))) {
      ++i;
      continue;
    }
    auto name = text::lower_ascii(s.substr(n, name_end - n));
    auto gt = s.find('>', name_end);
    if (gt == std::string_view::npos) break;
    if (closing) {
      if (!flat.count(name) && depth > 0) --depth;
    } else if (s[gt - 1] != '/' && !flat.count(name)) {
      deepest = std::max(deepest, ++depth);
      if (name == "script" || name == "style" || name == "textarea" || name == "title") {
        // Raw text up to the matching end tag.
        auto j = gt;
        while ((j = s.find("</", j)) != std::string_view::npos &&
               !text::istarts_with(s.substr(j + 2), name))
          j += 2;
        if (j == std::string_view::npos) break;
        gt = j - 1;
      }
    }
    i = gt + 1;
  }
  return deepest;
}

}  // namespace

TextSource html_text_source(std::string_view content, const std::string& display) {
  if (content.size() > max_html_bytes)
    throw IngestError(
        display, 0,
        "is " + mib(content.size()) + "; HTML files over " + mib(max_html_bytes) + " are refused");
  if (auto bad = find_invalid_utf8(content); bad != std::string_view::npos)
    throw IngestError(display, 0,
                      "is not valid UTF-8; convert the page to UTF-8 (e.g. with iconv)");
  if (auto depth = html_depth_estimate(content); depth > max_html_depth)
    throw IngestError(display, 0,
                      "nests elements about " + std::to_string(depth) + " deep; HTML nested over " +
                          std::to_string(max_html_depth) +
                          " elements deep is refused (real pages nest a few dozen)");
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 100;  // the parse-error list would otherwise grow with the input
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
      gumbo_parse_with_options(&options, content.data(), content.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!output) throw IngestError(display, 0, "cannot be parsed as HTML");

  HtmlWriter w;
  struct Frame {
    const GumboNode* node;
    unsigned next = 0;   // next child to visit
    int ol_counter = 0;  // for <ol>: the number of the next item
    bool pre = false;
  };
  std::vector<Frame> stack{{output->root}};
  std::map<std::string, int> left_out;  // elements that are not content, by tag
  while (!stack.empty()) {
    auto& f = stack.back();
    const GumboNode* node = f.node;
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) {
      stack.pop_back();
      continue;
    }
    const GumboVector& children =
        node->type == GUMBO_NODE_ELEMENT ? node->v.element.children : node->v.document.children;
    GumboTag tag = node->type == GUMBO_NODE_ELEMENT ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
    if (f.next >= children.length) {  // leaving the element
      bool item = tag == GUMBO_TAG_LI;
      if (is_block(tag)) w.end_line(!item && tag != GUMBO_TAG_TD && tag != GUMBO_TAG_TH);
      stack.pop_back();
      continue;
    }
    const GumboNode* child = static_cast<const GumboNode*>(children.data[f.next++]);
    bool pre = f.pre;
    switch (child->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        if (pre)
          w.preformatted(child->v.text.text);
        else
          w.text(child->v.text.text);
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        GumboTag ctag = child->v.element.tag;
        if (child->type == GUMBO_NODE_TEMPLATE || is_dropped(ctag)) {
          if (ctag != GUMBO_TAG_HEAD) ++left_out[gumbo_normalized_tagname(ctag)];
          break;
        }
        if (ctag == GUMBO_TAG_BR) {
          w.end_line(false);
          break;
        }
        if (int level = html_heading_level(ctag)) {
          w.end_line(true);
          w.start_line(std::string(static_cast<std::size_t>(level), '#') + " ");
        } else if (ctag == GUMBO_TAG_LI) {
          std::string marker = "- ";
          if (tag == GUMBO_TAG_OL) marker = std::to_string(f.ol_counter++) + ". ";
          w.start_line(marker);
        } else if (is_block(ctag)) {
          w.end_line(ctag != GUMBO_TAG_TD && ctag != GUMBO_TAG_TH && ctag != GUMBO_TAG_TR);
        }
        Frame next{child};
        next.pre = pre || ctag == GUMBO_TAG_PRE;
        if (ctag == GUMBO_TAG_OL) {
          next.ol_counter = 1;
          if (auto* start = gumbo_get_attribute(&child->v.element.attributes, "start"))
            next.ol_counter = std::atoi(start->value);
        }
        stack.push_back(next);  // invalidates f
        break;
      }
      default:
        break;
    }
  }
  auto source = parse_text_source(w.take(), display);
  if (!left_out.empty()) {  // one summary: the elements have no lines in the text
    std::string what;
    for (const auto& [tag, n] : left_out)
      what += (what.empty() ? "" : ", ") + ("<" + tag + ">") +
              (n > 1 ? " \xC3\x97" + std::to_string(n) : "");
    source.dropped.insert(source.dropped.begin(),
                          {0, what, "script/navigation elements (not content)"});
  }
  return source;
}

TextSource document_text_source(std::string_view content, std::string_view ext,
                                const std::string& display) {
  auto format = document_format(ext);
  if (format == "pdf") return pdf_text_source(content, display);
  if (format == "docx") return docx_text_source(content, display);
  if (format == "html") return html_text_source(content, display);
  return parse_text_source(content, display);
}

std::string read_document_content(const std::string& path, std::string_view ext,
                                  const std::string& display) {
  if (document_format(ext) != "html") return read_corpus_file(path, display);
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::is_regular_file(status)) {
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_html_bytes)
      throw IngestError(
          display, 0,
          "is " + mib(size) + "; HTML files over " + mib(max_html_bytes) + " are refused");
  }
  return read_corpus_file(path, display, max_html_bytes);  // checks again on the open file
}

std::string_view document_format(std::string_view ext) {
  if (ext == ".pdf") return "pdf";
  if (ext == ".docx") return "docx";
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return "html";
  return "";
}

}  // namespace kb::detail

namespace kb {

TextSource read_document(const std::string& path, const std::string& display_name) {
  auto ext = text::lower_ascii(std::filesystem::path(path).extension().string());
  auto content = detail::read_document_content(path, ext, display_name);
  return detail::document_text_source(content, ext, display_name);
}

}  // namespace kb
