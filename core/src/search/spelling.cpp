#include "search/spelling.h"

#include <algorithm>
#include <vector>

#include "kb/schema.h"
#include "text/text_util.h"

namespace kb::detail {
namespace {

std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it)
    out.push_back(*it);
  return out;
}

bool is_operator(const std::string& w) {
  return w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ";
}

}  // namespace

std::size_t edit_distance(std::string_view a_text, std::string_view b_text) {
  auto a = code_points(a_text), b = code_points(b_text);
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::size_t allowed_edits(std::size_t length) {
  return length <= 3 ? 0 : length <= 7 ? 1 : 2;
}

std::string correct_spelling(const Xapian::Database& db, const std::string& text,
                             const std::function<bool(const std::string&)>& known) {
  std::string out;
  bool changed = false, quoted = false;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '"') quoted = !quoted;
    if (!text::word_byte(text, i)) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && text::word_byte(text, end)) ++end;
    auto word = text.substr(i, end - i);
    bool field = end < text.size() && text[end] == ':';  // "title:", "kind:"
    bool value = false;                                  // the value after a facet prefix
    if (i > 0 && text[i - 1] == ':') {
      std::size_t start = i - 1;
      while (start > 0 && text::word_byte(text, start - 1)) --start;
      value = schema::find_facet(text.substr(start, i - 1 - start)) != nullptr;
    }
    bool digits = std::any_of(word.begin(), word.end(),
                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    auto lower = text::lower_ascii(word);
    auto length = code_points(lower).size();
    std::string replacement = word;
    if (!quoted && !field && !value && !digits && !is_operator(word) && allowed_edits(length) > 0 &&
        !known(lower)) {
      auto limit = allowed_edits(length);
      auto suggestion = db.get_spelling_suggestion(lower, static_cast<unsigned>(limit));
      if (!suggestion.empty() && suggestion != lower && edit_distance(lower, suggestion) <= limit) {
        replacement = suggestion;
        changed = true;
      }
    }
    out += replacement;
    i = end;
  }
  return changed ? out : std::string();
}

}  // namespace kb::detail
