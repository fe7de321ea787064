#include "text/text_util.h"

#include <utf8proc.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <vector>

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

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

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
    if (std::isalpha(static_cast<unsigned char>(c)))
      return std::islower(static_cast<unsigned char>(c));
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
  if (b0 == 0xC2 && b1 < 0xC0) return false;                   // U+0080..U+00BF
  if (b0 == 0xE2 && (b1 == 0x80 || b1 == 0x81)) return false;  // U+2000..U+207F
  return true;
}

std::string_view strip_trailing(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

namespace {

bool ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

std::string nfc(std::string_view s) {
  if (ascii(s)) return std::string(s);  // ASCII is its own NFC
  utf8proc_uint8_t* mapped = nullptr;
  auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                             static_cast<utf8proc_ssize_t>(s.size()), &mapped,
                             static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (length < 0) return std::string(s);  // not UTF-8: left for the caller's own checks
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

std::string fold_accents(std::string_view s) {
  if (ascii(s)) return std::string(s);
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  auto size = static_cast<utf8proc_ssize_t>(s.size());
  auto decompose = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE);
  auto count = utf8proc_decompose(bytes, size, nullptr, 0, decompose);
  if (count < 0) return std::string(s);
  // Decomposed (NFD) code points, the marks dropped, then composed again (NFC).
  // utf8proc_reencode writes the UTF-8 result over the code points (at most 4 bytes each).
  std::vector<utf8proc_int32_t> points(static_cast<std::size_t>(count) + 1);
  count = utf8proc_decompose(bytes, size, points.data(), count, decompose);
  if (count < 0) return std::string(s);
  std::size_t kept = 0;
  for (utf8proc_ssize_t i = 0; i < count; ++i)
    if (points[i] < 0x300 || points[i] > 0x36F) points[kept++] = points[i];
  auto length =
      utf8proc_reencode(points.data(), static_cast<utf8proc_ssize_t>(kept),
                        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (length < 0) return std::string(s);
  return std::string(reinterpret_cast<const char*>(points.data()),
                     static_cast<std::size_t>(length));
}

// Latin letters with diacritics (U+00C0..U+00FF) folded to ASCII, for slugs and ids.
const char* fold_latin1(unsigned cp) {
  static const char* table[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  return cp >= 0xC0 && cp <= 0xFF ? table[cp - 0xC0] : nullptr;
}

}  // namespace kb::text
