#include "kb/text.h"
#include "text/text_util.h"

namespace kb {

std::string slugify(const std::string& text) {
  std::string out;
  bool dash = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    std::string piece;
    if (std::isalnum(c)) {
      piece = static_cast<char>(std::tolower(c));
    } else if (c == 0xC3 && i + 1 < text.size()) {
      const char* folded =
          text::fold_latin1(0xC0 + (static_cast<unsigned char>(text[i + 1]) & 0x3F));
      if (folded) piece = folded;
      ++i;
    } else if (c >= 0x80) {
      while (i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) ++i;
    }
    if (piece.empty()) {
      dash = !out.empty();
      continue;
    }
    if (dash) out += '-';
    dash = false;
    out += piece;
  }
  return out;
}

}  // namespace kb
