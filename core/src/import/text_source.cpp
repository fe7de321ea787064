// Cleaning of plain-text and Markdown sources. What is removed here is what PDF
// extraction and word processors add that is not content: tables of contents, page
// footers, stray empty bullets, lines repeated verbatim, inline markup.
#include "kb/text_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_map>

#include "kb/error.h"
#include "kb/text.h"
#include "text/text_util.h"

namespace kb {
namespace {

bool is_tag_start(std::string_view s, std::size_t i) {
  if (i + 1 >= s.size() || s[i] != '<') return false;
  char c = s[i + 1];
  return std::isalpha(static_cast<unsigned char>(c)) || c == '/' || c == '!';
}

std::string strip_html_tags(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_tag_start(s, i)) {
      auto close = s.find('>', i);
      auto next_open = s.find('<', i + 1);
      if (close != std::string_view::npos && close - i <= 200 &&
          (next_open == std::string_view::npos || next_open > close)) {
        i = close;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// [text](url) -> text, ![alt](url) -> alt.
std::string strip_markdown_links(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t open = i;
    if (s[i] == '!' && i + 1 < s.size() && s[i + 1] == '[') open = i + 1;
    if (s[open] == '[') {
      auto close = s.find(']', open);
      if (close != std::string_view::npos && close + 1 < s.size() && s[close + 1] == '(') {
        auto paren = s.find(')', close);
        if (paren != std::string_view::npos) {
          out += s.substr(open + 1, close - open - 1);
          i = paren;
          continue;
        }
      }
    }
    out += s[i];
  }
  return out;
}

// Removes ** and __ everywhere, backticks, and *single* emphasis pairs; a leading
// "* " bullet is kept.
std::string strip_emphasis(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '*' || s[i] == '_') && i + 1 < s.size() && s[i + 1] == s[i]) {
      ++i;
      continue;
    }
    if (s[i] == '`') continue;
    out += s[i];
  }
  // Single-asterisk emphasis: "*word*" where the opener is followed by a non-space.
  std::string result;
  result.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '*' && i + 1 < out.size() && out[i + 1] != ' ' && (i == 0 || out[i - 1] == ' ')) {
      auto close = out.find('*', i + 1);
      if (close != std::string::npos && out[close - 1] != ' ') {
        result += out.substr(i + 1, close - i - 1);
        i = close;
        continue;
      }
    }
    result += out[i];
  }
  return result;
}

// A table-of-contents entry ends with leader dots or a tab, then a page number.
bool is_toc_entry(std::string_view tagless) {
  auto t = text::trim(tagless);
  std::size_t end = t.size();
  while (end > 0 && text::is_digit(t[end - 1])) --end;
  if (end == t.size() || end == 0) return false;
  auto before = t.substr(0, end);
  auto trimmed = text::strip_trailing(before, " ");
  if (trimmed.size() != before.size() && before.back() == ' ' && trimmed.size() >= 3 &&
      trimmed.substr(trimmed.size() - 3) == "...")
    return true;
  if (before.back() == '\t') return true;
  if (before.size() >= 3 && before.substr(before.size() - 3) == "...") return true;
  // "…" (U+2026) leaders.
  if (before.size() >= 3 && before.substr(before.size() - 3) == "\xE2\x80\xA6") return true;
  return false;
}

bool is_toc_heading(std::string_view cleaned) {
  return text::iequals(cleaned, "table of contents") || text::iequals(cleaned, "contents");
}

// "Page 3 of 4", "Page 3", "- 3 -".
bool is_page_footer(std::string_view cleaned) {
  if (text::istarts_with(cleaned, "page ")) {
    auto rest = cleaned.substr(5);
    int n;
    auto len = text::leading_number(rest, n);
    if (len == 0) return false;
    rest = text::trim(rest.substr(len));
    if (rest.empty()) return true;
    if (text::istarts_with(rest, "of ")) {
      rest = rest.substr(3);
      len = text::leading_number(rest, n);
      return len > 0 && text::trim(rest.substr(len)).empty();
    }
    return false;
  }
  if (cleaned.size() >= 5 && cleaned.front() == '-' && cleaned.back() == '-') {
    auto mid = text::trim(cleaned.substr(1, cleaned.size() - 2));
    int n;
    return !mid.empty() && text::leading_number(mid, n) == mid.size();
  }
  return false;
}

// Lines that legitimately repeat: list introducers ("Proof Points:"), separators.
bool may_repeat(std::string_view cleaned) {
  if (cleaned.size() < 4) return true;
  bool has_alnum = false;
  for (char c : cleaned)
    if (std::isalnum(static_cast<unsigned char>(c))) has_alnum = true;
  if (!has_alnum) return true;
  return cleaned.back() == ':' && text::count_words(cleaned) <= 4;
}

bool is_rule_line(std::string_view t) {
  int marks = 0;
  for (char c : t) {
    if (c == '*' || c == '-' || c == '_' || c == '=')
      ++marks;
    else if (c != ' ' && c != '\t')
      return false;
  }
  return marks >= 3;
}

int line_number_at(std::string_view content, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < content.size(); ++i)
    if (content[i] == '\n') ++line;
  return line;
}

// A line as compared across pages: digit runs replaced by '#', so that "Acme | Page 3"
// and "Acme | Page 4" are the same running footer.
std::string running_key(std::string_view cleaned) {
  std::string key;
  for (std::size_t i = 0; i < cleaned.size(); ++i) {
    if (!text::is_digit(cleaned[i])) {
      key += cleaned[i];
      continue;
    }
    key += '#';
    while (i + 1 < cleaned.size() && text::is_digit(cleaned[i + 1])) ++i;
  }
  return key;
}

// Running headers and footers are short: a title, a name, a page number.
// A sentence is content, however often it comes back.
bool may_be_running(std::string_view cleaned) {
  return cleaned.size() <= 160 && text::count_words(cleaned) <= 14 && !bullet_text(cleaned) &&
         !text::ends_sentence(cleaned);
}

std::string digits_of(std::string_view cleaned) {
  std::string out;
  for (char c : cleaned)
    if (text::is_digit(c))
      out += c;
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  return out;
}

// A table of contents whose entries have no leader dots ("Introduction 2"): the entries
// after a "Contents" heading, each ending in a page number (an entry may wrap onto a
// second line), up to the first line that is not one; blank and `running` lines (marked
// non-null) do not end it. Returns how many lines from lines[begin] are the table; 0 when
// fewer than two entries.
std::size_t undotted_toc_length(const std::vector<SourceLine>& lines, std::size_t begin,
                                const std::vector<const char*>& running) {
  auto ends_in_page_number = [](std::string_view t) {
    std::size_t end = t.size();
    while (end > 0 && text::is_digit(t[end - 1])) --end;
    return end < t.size() && t.size() - end <= 4 && end > 1 && t[end - 1] == ' ' &&
           text::count_words(t) <= 16;
  };
  std::size_t i = begin, length = 0;
  int entries = 0;
  while (i < lines.size()) {
    const auto& t = lines[i].text;
    if (t.empty() || running[i]) {
      ++i;
      continue;
    }
    if (ends_in_page_number(t)) {
      ++entries;
      length = ++i - begin;
      continue;
    }
    // The first line of a wrapped entry: short, no full stop, its page number below.
    if (i + 1 < lines.size() && ends_in_page_number(lines[i + 1].text) &&
        text::count_words(t) <= 12 && !text::ends_sentence(t) && !bullet_text(t)) {
      ++entries;
      i += 2;
      length = i - begin;
      continue;
    }
    break;
  }
  return entries >= 2 ? length : 0;
}

// Finds running headers and footers: short lines (digits aside) that stand at the top or
// bottom of page after page of a text with form feeds (pdftotext's output, a PDF), or,
// in a text without pages, footers whose page number changes and the lines beside them.
// One copy of such a line would otherwise survive the removal of repeated lines and be
// read as a heading or a paragraph.
class RunningLines {
 public:
  explicit RunningLines(bool paged) : paged_(paged) {}

  // A form feed: the lines that follow are on the next page.
  void next_page() {
    for (const auto& key : tail_) mark_edge(key, false);
    tail_.clear();
    head_seen_ = 0;
    ++page_;
  }
  int page() const { return paged_ ? page_ : 0; }

  // A non-blank line, cleaned, at `position` in TextSource::lines; `footer` when it is a
  // page footer ("Page 3 of 10", not kept there).
  void line(const std::string& cleaned, std::size_t position, bool footer) {
    ++ordinal_;
    if (footer) {
      footers_.push_back(ordinal_);
      ++head_seen_;
      tail_.push_back(std::string());
      if (tail_.size() > 2) tail_.erase(tail_.begin());
      return;
    }
    bool tracked = may_be_running(cleaned) && (!may_repeat(cleaned) || is_number(cleaned));
    std::string key = tracked ? running_key(cleaned) : std::string();
    if (tracked) {
      auto& o = lines_[key];
      o.positions.push_back(position);
      o.ordinals.push_back(ordinal_);
      auto digits = digits_of(cleaned);
      if (!digits.empty()) o.numbers.insert(digits);
    }
    if (head_seen_++ < 2 && tracked) mark_edge(key, true);
    tail_.push_back(key);
    if (tail_.size() > 2) tail_.erase(tail_.begin());
  }

  // The positions in TextSource::lines of every copy of a running line, with its kind.
  std::vector<std::pair<std::size_t, const char*>> finish() {
    next_page();
    std::vector<std::pair<std::size_t, const char*>> out;
    auto take = [&](const Occurrences& o, const char* why) {
      for (auto position : o.positions) out.emplace_back(position, why);
    };
    std::vector<std::size_t> footers = footers_;
    std::vector<const std::string*> others;
    for (const auto& [key, o] : lines_) {
      if (o.positions.size() < 2) continue;
      if (int pages = page_ - 1; paged_ && pages >= 2) {
        if (o.edge_pages >= std::max(2, pages / 2))  // a header: at the top of most of them
          take(o, 2 * o.top_pages >= o.edge_pages ? "running header" : "running footer");
      } else if (is_footer_key(key) && o.positions.size() >= 3 && o.numbers.size() >= 2) {
        take(o, "running footer");
        footers.insert(footers.end(), o.ordinals.begin(), o.ordinals.end());
      } else if (o.numbers.size() <= 1) {  // the same line each time
        others.push_back(&key);
      }
    }
    // Without pages, a line repeated verbatim next to two or more page footers (the line
    // before or after each) runs with them.
    std::sort(footers.begin(), footers.end());
    for (const auto* key : others) {
      const auto& o = lines_[*key];
      std::set<std::size_t> beside;  // the footers it is next to
      for (auto p : o.ordinals) {
        auto it = std::lower_bound(footers.begin(), footers.end(), p - 1);
        if (it != footers.end() && *it <= p + 1) beside.insert(*it);
      }
      if (beside.size() >= 2) take(o, "running header");
    }
    return out;
  }

 private:
  struct Occurrences {
    std::vector<std::size_t> positions;  // of every copy in TextSource::lines
    std::vector<std::size_t> ordinals;   // and among the non-blank lines
    std::set<std::string> numbers;       // the copies' digits ("3", "4"...)
    int edge_pages = 0;                  // pages it is at the top or bottom of
    int top_pages = 0;                   // pages it is at the top of
    int last_edge_page = 0;
  };

  // "Acme | Internal | #", "# · Acme", "Acme Registry - Page #": a page number set apart
  // from the rest of the line at its start or end, as footers write it ("Question #" and
  // "Message #: Title" are headings).
  static bool is_footer_key(std::string_view key) {
    auto set_apart = [](std::string_view side) {
      side = text::trim(side);
      if (side.empty()) return true;  // the line is only the number
      for (std::string_view mark :
           {"|", "\xC2\xB7", "\xE2\x80\xA2", "-", "\xE2\x80\x93", "\xE2\x80\x94", "/"})
        if (side.size() >= mark.size() &&
            (side.substr(side.size() - mark.size()) == mark || side.substr(0, mark.size()) == mark))
          return true;
      auto lower = text::lower_ascii(side);
      return lower.size() >= 4 && lower.substr(lower.size() - 4) == "page";
    };
    if (key.size() >= 2 && key.back() == '#') return set_apart(key.substr(0, key.size() - 1));
    if (key.size() >= 2 && key.front() == '#') return set_apart(key.substr(1));
    return false;
  }

  static bool is_number(std::string_view t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return text::is_digit(c); });
  }

  void mark_edge(const std::string& key, bool top) {
    if (key.empty()) return;
    auto& o = lines_[key];
    if (o.last_edge_page == page_) return;
    o.last_edge_page = page_;
    ++o.edge_pages;
    o.top_pages += top;
  }

  bool paged_;
  int page_ = 1;
  int head_seen_ = 0;
  std::vector<std::string> tail_;     // keys of the last two non-blank lines of the page
  std::vector<std::size_t> footers_;  // ordinals of the page footers
  std::size_t ordinal_ = 0;           // non-blank lines so far
  std::unordered_map<std::string, Occurrences> lines_;
};

// Keeps the lines for which `keep(i)` holds, in order (no self-move: it empties a string).
template <class Keep>
void keep_lines(std::vector<SourceLine>& lines, Keep keep) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!keep(i)) continue;
    if (kept != i) lines[kept] = std::move(lines[i]);
    ++kept;
  }
  lines.resize(kept);
}

// Removes the running headers and footers found once the whole text was read, then the
// tables of contents without leader dots (after the `toc_headings`; a running line inside
// one does not end it), then the repeats of lines, noting each in `dropped`, which ends
// up in line order. Repeats go last so that a heading is not taken for a repeat of its
// entry in a table of contents, nor a header for a repeat of a first copy.
void drop_artefacts(TextSource& out, const std::vector<std::size_t>& toc_headings,
                    const std::vector<std::pair<std::size_t, const char*>>& running) {
  std::vector<const char*> reason(out.lines.size(), nullptr);
  for (const auto& [i, why] : running)
    if (!reason[i]) reason[i] = why;
  for (auto begin : toc_headings)
    for (std::size_t i = begin, n = undotted_toc_length(out.lines, begin, reason); i < begin + n;
         ++i)
      if (!reason[i] && !out.lines[i].text.empty()) reason[i] = "table of contents";
  for (std::size_t i = 0; i < out.lines.size(); ++i)
    if (reason[i])
      out.dropped.push_back({out.lines[i].number, shorten(out.lines[i].text, 160), reason[i]});
  keep_lines(out.lines, [&](std::size_t i) { return reason[i] == nullptr; });

  // Lines seen, by hash, pointing into out.lines: a set of copies would double the memory
  // a large document needs.
  std::unordered_multimap<std::size_t, std::size_t> seen;
  std::vector<char> repeated(out.lines.size(), 0);
  for (std::size_t i = 0; i < out.lines.size(); ++i) {
    const auto& t = out.lines[i].text;
    if (t.empty() || may_repeat(t)) continue;
    auto hash = std::hash<std::string>{}(t);
    auto [begin, end] = seen.equal_range(hash);
    auto first =
        std::find_if(begin, end, [&](const auto& e) { return out.lines[e.second].text == t; });
    if (first == end) {
      seen.emplace(hash, i);
      continue;
    }
    repeated[i] = 1;
    out.dropped.push_back(
        {out.lines[i].number, shorten(t, 160),
         "repeated line (first on line " + std::to_string(out.lines[first->second].number) + ")"});
  }
  keep_lines(out.lines, [&](std::size_t i) { return !repeated[i]; });
  std::stable_sort(out.dropped.begin(), out.dropped.end(),
                   [](const DroppedLine& a, const DroppedLine& b) { return a.number < b.number; });
}

}  // namespace

std::string clean_inline(std::string_view line) {
  // Each step runs only when its markup can be there: a multi-megabyte line must not be
  // copied five times over for nothing.
  std::string s(line);
  if (s.find('<') != std::string::npos) s = strip_html_tags(s);
  if (s.find('&') != std::string::npos) s = decode_html_entities(s);
  if (s.find('[') != std::string::npos) s = strip_markdown_links(s);
  if (s.find_first_of("*_`") != std::string::npos) s = strip_emphasis(s);
  return collapse_whitespace(s);
}

std::optional<std::string> bullet_text(std::string_view line) {
  auto t = text::trim(line);
  if (t.empty()) return std::nullopt;
  for (std::string_view marker : {"-", "*", "+", "\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\x94",
                                  "\xC2\xB7", "\xE2\x97\x8F", "\xE2\x96\xAA"}) {
    if (t.substr(0, marker.size()) == marker) {
      auto rest = t.substr(marker.size());
      if (rest.empty()) return std::string();
      if (rest.front() == ' ' || rest.front() == '\t') return std::string(text::trim(rest));
      return std::nullopt;
    }
  }
  int n;
  auto len = text::leading_number(t, n);
  if (len > 0 && len <= 3 && len < t.size() && (t[len] == '.' || t[len] == ')')) {
    auto rest = t.substr(len + 1);
    if (rest.empty()) return std::string();
    if (rest.front() == ' ' || rest.front() == '\t') return std::string(text::trim(rest));
  }
  return std::nullopt;
}

TextSource parse_text_source(std::string_view content, const std::string& display_name) {
  if (auto nul = content.find('\0'); nul != std::string_view::npos)
    throw IngestError(display_name, line_number_at(content, nul),
                      "contains a NUL byte: this looks like a binary file, not text");
  if (auto bad = find_invalid_utf8(content); bad != std::string_view::npos) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(content[bad]));
    throw IngestError(display_name, line_number_at(content, bad),
                      std::string("not valid UTF-8 (byte ") + hex +
                          "); convert the file to UTF-8, e.g. with iconv");
  }
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);

  TextSource out;
  out.file = display_name;
  // What --explain shows of a dropped line: enough to recognise it.
  auto drop = [&](int at, const std::string& cleaned, std::string reason) {
    out.dropped.push_back({at, shorten(cleaned, 160), std::move(reason)});
  };
  int number = 0;
  std::size_t pos = 0;
  RunningLines running(content.find('\f') != std::string_view::npos);
  std::vector<std::size_t> toc_headings;  // positions in out.lines after a "Contents" line
  bool any_line = false;
  while (pos <= content.size()) {
    auto nl = content.find('\n', pos);
    std::string_view raw =
        content.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? content.size() + 1 : nl + 1;
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    // A form feed starts a page (pdftotext writes one before each page after the first).
    if (any_line)
      for (char c : raw)
        if (c == '\f') running.next_page();
    any_line = true;

    // Terminal controls (ESC sequences, BEL, C1, bidi overrides) are not text: a
    // document must not be able to retitle or clear the terminal that prints it.
    std::string stripped;
    std::string_view visible = raw;
    if (has_control_characters(raw)) visible = stripped = strip_control_characters(raw);

    SourceLine line;
    line.number = number;
    line.page = running.page();
    auto body = text::trim(visible);
    if (!body.empty() && body.front() == '#') {
      std::size_t level = body.find_first_not_of('#');
      if (level != std::string_view::npos && level <= 6 && body[level] == ' ') {
        line.heading_level = static_cast<int>(level);
        body = text::trim(body.substr(level));
      }
    }
    if (is_rule_line(body)) {  // "***", "---", "* * *": a section separator, kept as "***"
      line.text = "***";
      out.lines.push_back(std::move(line));
      continue;
    }
    // A table-of-contents entry ends with a page number, in tags or not.
    bool may_be_toc = !body.empty() && (text::is_digit(body.back()) || body.back() == '>');
    std::string tagless = may_be_toc ? strip_html_tags(body) : std::string();
    std::string cleaned = clean_inline(body);

    if (cleaned.empty()) {
      out.lines.push_back(line);
      continue;
    }
    auto position = out.lines.size();
    if (is_toc_heading(cleaned)) {
      drop(number, cleaned, "table of contents");
      toc_headings.push_back(position);
      continue;
    }
    if (may_be_toc && is_toc_entry(tagless)) {
      drop(number, cleaned, "table of contents");
      continue;
    }
    if (is_page_footer(cleaned)) {
      drop(number, cleaned, "page number");
      running.line(cleaned, position, true);
      continue;
    }
    if (auto b = bullet_text(cleaned); b && b->empty()) {  // stray empty bullet
      drop(number, cleaned, "empty bullet");
      continue;
    }
    if (line.heading_level == 0) running.line(cleaned, position, false);

    line.text = std::move(cleaned);
    out.lines.push_back(std::move(line));
  }
  drop_artefacts(out, toc_headings, running.finish());
  // Drop trailing blank lines.
  while (!out.lines.empty() && out.lines.back().text.empty()) out.lines.pop_back();
  return out;
}

TextSource read_text_source(const std::string& path, const std::string& display_name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IngestError(display_name, 0, "cannot be read (missing or no permission)");
  // Read straight into one string (a stringstream would hold the file twice).
  std::string content;
  std::error_code size_error;
  if (auto size = std::filesystem::file_size(path, size_error); !size_error) content.reserve(size);
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0)
    content.append(chunk, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw IngestError(display_name, 0, "read error");
  return parse_text_source(content, display_name);
}

}  // namespace kb
