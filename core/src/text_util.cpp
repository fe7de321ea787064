#include "text_util.h"

#include <cctype>

namespace kb::text {

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool icontains(std::string_view haystack, std::string_view needle) {
  return lower_ascii(haystack).find(lower_ascii(needle)) != std::string::npos;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    parts.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

int count_words(std::string_view s) {
  int n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t leading_number(std::string_view s, int& value) {
  std::size_t i = 0;
  value = 0;
  while (i < s.size() && i < 6 && is_digit(s[i])) value = value * 10 + (s[i++] - '0');
  return i;
}

bool ends_sentence(std::string_view s) {
  s = trim(s);
  if (s.empty()) return false;
  for (std::string_view end : {".", "!", "?", ":", ";", "\"", "\xE2\x80\x9D", "\xE2\x80\x99"})
    if (s.size() >= end.size() && s.substr(s.size() - end.size()) == end) return true;
  return false;
}

bool starts_lower(std::string_view s) {
  for (char c : s) {
    if (std::isalpha(static_cast<unsigned char>(c))) return std::islower(static_cast<unsigned char>(c));
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return false;
}

bool word_byte(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return std::isalnum(c);
  std::size_t lead = i;
  while (lead > 0 && (static_cast<unsigned char>(s[lead]) & 0xC0) == 0x80) --lead;
  auto b0 = static_cast<unsigned char>(s[lead]);
  auto b1 = lead + 1 < s.size() ? static_cast<unsigned char>(s[lead + 1]) : 0;
  if (b0 == 0xC2 && b1 < 0xC0) return false;                  // U+0080..U+00BF
  if (b0 == 0xE2 && (b1 == 0x80 || b1 == 0x81)) return false;  // U+2000..U+207F
  return true;
}

std::string_view strip_trailing(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

}  // namespace kb::text
