#include "search/snippets.h"

#include "kb/text.h"

namespace kb::detail {
namespace {

constexpr const char* ellipsis = "\xE2\x80\xA6";

// The first `length` bytes of text, cut at a word boundary and never inside a UTF-8
// sequence.
std::string leading_text(const std::string& text, std::size_t length) {
  if (text.size() <= length) return text;
  auto cut = text.rfind(' ', length);
  if (cut == std::string::npos || cut < length / 2) {
    cut = length;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  return text.substr(0, cut) + ellipsis;
}

}  // namespace

std::string snippet_of(const std::string& text, const SearchRequest& request, bool browsing,
                       const Xapian::MSet& mset, const Xapian::Stem& stem) {
  if (browsing) return escape_html(leading_text(text, request.snippet_length));
  return mset.snippet(text, request.snippet_length, stem,
                      Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                      request.highlight_start, request.highlight_end, ellipsis);
}

}  // namespace kb::detail
