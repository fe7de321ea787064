// Cleaning of plain-text and Markdown sources. What is removed here is what PDF
// extraction and word processors add that is not content: tables of contents, page
// footers, stray empty bullets, lines repeated verbatim, inline markup.
#include "kb/text_source.h"

#include <filesystem>
#include <fstream>
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
  // Lines seen so far, by hash, pointing into out.lines: a set of copies would double
  // the memory a large document needs.
  std::unordered_multimap<std::size_t, std::size_t> seen;
  // 0 for a line not seen before, else the number of the line it repeats.
  auto earlier_occurrence = [&](const std::string& cleaned, std::size_t index) {
    auto hash = std::hash<std::string>{}(cleaned);
    auto [begin, end] = seen.equal_range(hash);
    for (auto it = begin; it != end; ++it)
      if (out.lines[it->second].text == cleaned) return out.lines[it->second].number;
    seen.emplace(hash, index);
    return 0;
  };
  // What --explain shows of a dropped line: enough to recognise it.
  auto drop = [&](int at, const std::string& cleaned, std::string reason) {
    out.dropped.push_back({at, shorten(cleaned, 160), std::move(reason)});
  };
  int number = 0;
  std::size_t pos = 0;
  while (pos <= content.size()) {
    auto nl = content.find('\n', pos);
    std::string_view raw =
        content.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? content.size() + 1 : nl + 1;
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);

    // Terminal controls (ESC sequences, BEL, C1, bidi overrides) are not text: a
    // document must not be able to retitle or clear the terminal that prints it.
    std::string stripped;
    std::string_view visible = raw;
    if (has_control_characters(raw)) visible = stripped = strip_control_characters(raw);

    SourceLine line;
    line.number = number;
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
    if (is_toc_heading(cleaned) || (may_be_toc && is_toc_entry(tagless))) {
      drop(number, cleaned, "table of contents");
      continue;
    }
    if (is_page_footer(cleaned)) {
      drop(number, cleaned, "page number");
      continue;
    }
    if (auto b = bullet_text(cleaned); b && b->empty()) {  // stray empty bullet
      drop(number, cleaned, "empty bullet");
      continue;
    }
    if (int first = may_repeat(cleaned) ? 0 : earlier_occurrence(cleaned, out.lines.size())) {
      drop(number, cleaned, "repeated line (first on line " + std::to_string(first) + ")");
      continue;
    }

    line.text = std::move(cleaned);
    out.lines.push_back(std::move(line));
  }
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
