#include <cstdint>

#include "kb/text.h"

namespace kb {
namespace {

// Length of the UTF-8 sequence that starts with byte c (1 for ASCII and stray bytes).
std::size_t utf8_length(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

// The code point of the (valid) UTF-8 sequence at s[i], and its length.
std::uint32_t code_point_at(std::string_view s, std::size_t i, std::size_t& length) {
  auto c = static_cast<unsigned char>(s[i]);
  length = utf8_length(c);
  if (length == 1 || i + length > s.size()) {
    length = 1;
    return c;
  }
  std::uint32_t cp = length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < length; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      length = 1;
      return c;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  return cp;
}

bool is_c0_or_del(std::uint32_t cp) {
  return cp < 0x20 || cp == 0x7F;
}
bool is_c1(std::uint32_t cp) {
  return cp >= 0x80 && cp <= 0x9F;
}
// Explicit directional embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
bool is_bidi_control(std::uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// End (one past) of the string terminator (BEL, ESC \ or U+009C) of an OSC/DCS/APC/PM/SOS
// string starting at `from`, or npos when the string is not terminated on this text.
std::size_t string_sequence_end(std::string_view s, std::size_t from) {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == '\x07') return i + 1;
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '\\') return i + 2;
    if (static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0x9C)
      return i + 2;
    if (s[i] == '\n') return std::string_view::npos;
  }
  return std::string_view::npos;
}

// End of a CSI sequence whose parameters start at `from` (parameter bytes 0x30-0x3F,
// intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E); a malformed sequence ends
// where it stops conforming, so only what looked like the sequence goes.
std::size_t csi_end(std::string_view s, std::size_t from) {
  std::size_t i = from;
  while (i < s.size() && s[i] >= 0x30 && s[i] <= 0x3F) ++i;
  while (i < s.size() && s[i] >= 0x20 && s[i] <= 0x2F) ++i;
  if (i < s.size() && s[i] >= 0x40 && s[i] <= 0x7E) ++i;
  return i;
}

// Where the escape or control sequence introduced at s[i] (length `length`, code point
// cp) ends: a whole CSI/OSC/DCS sequence goes with its introducer, since its parameters
// (a window title, "2J") are instructions for a terminal, not text.
std::size_t control_sequence_end(std::string_view s, std::size_t i, std::size_t length,
                                 std::uint32_t cp) {
  std::size_t next = i + length;
  auto string_type = [&](std::size_t body) {
    auto end = string_sequence_end(s, body);
    return end == std::string_view::npos ? body : end;
  };
  if (cp == 0x1B) {
    if (next >= s.size()) return next;
    char c = s[next];
    if (c == '[') return csi_end(s, next + 1);
    if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') return string_type(next + 1);
    std::size_t j = next;
    while (j < s.size() && s[j] >= 0x20 && s[j] <= 0x2F) ++j;  // nF escapes: ESC ( B
    if (j < s.size() && s[j] >= 0x30 && s[j] <= 0x7E) return j + 1;
    return next;
  }
  if (cp == 0x9B) return csi_end(s, next);
  if (cp == 0x9D || cp == 0x90 || cp == 0x98 || cp == 0x9E || cp == 0x9F) return string_type(next);
  return next;
}

}  // namespace

bool has_control_characters(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
    if (c == 0xE2 && i + 2 < s.size()) {
      std::size_t length;
      if (is_bidi_control(code_point_at(s, i, length))) return true;
    }
  }
  return false;
}

std::string strip_control_characters(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t length = 1;
    auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c < 0x80 ? c : code_point_at(s, i, length);
    if (c == '\t' || c == '\n') {
      out += static_cast<char>(c);
    } else if (c == '\r' || c == '\f' || c == '\v') {
      out += ' ';  // line and page breaks inside a line still separate words
    } else if (is_c0_or_del(cp) || is_c1(cp)) {
      i = control_sequence_end(s, i, length, cp);
      continue;
    } else if (!is_bidi_control(cp)) {
      out.append(s.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace kb
