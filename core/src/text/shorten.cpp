#include "kb/text.h"

namespace kb {

std::size_t utf8_prefix_length(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  std::size_t end = max_bytes;
  // Back over continuation bytes (10xxxxxx) to the start of the sequence the limit cuts.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return end;
}

std::string shorten(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  auto cut = text.rfind(' ', limit);
  if (cut == std::string_view::npos || cut < limit / 2) cut = utf8_prefix_length(text, limit);
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
}

}  // namespace kb
