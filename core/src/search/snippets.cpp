#include "search/snippets.h"

#include "kb/text.h"

namespace kb::detail {
namespace {

constexpr const char* ellipsis = "\xE2\x80\xA6";

}  // namespace

std::string snippet_of(const std::string& text, const SearchRequest& request, bool browsing,
                       const Xapian::MSet& mset, const Xapian::Stem& stem, bool background_model) {
  if (browsing) return escape_html(shorten(text, request.snippet_length));
  return mset.snippet(text, request.snippet_length, stem,
                      (background_model ? Xapian::MSet::SNIPPET_BACKGROUND_MODEL : 0) |
                          Xapian::MSet::SNIPPET_EXHAUSTIVE,
                      request.highlight_start, request.highlight_end, ellipsis);
}

std::string whole_text_marked(const std::string& text, const SearchRequest& request,
                              const Xapian::MSet& mset, const Xapian::Stem& stem,
                              bool background_model) {
  if (request.highlight_start.empty() && request.highlight_end.empty()) return escape_html(text);
  SearchRequest whole = request;
  whole.snippet_length = 2 * text.size() + 64;
  auto marked = snippet_of(text, whole, false, mset, stem, background_model);
  // Xapian's snippet starts at the first word and may end in an ellipsis where the text
  // ends in punctuation; find the marked part in the text and put back what it left out.
  auto plain_of = [&](std::string_view html) {
    std::string s(html);
    for (const auto& tag : {request.highlight_start, request.highlight_end})
      for (auto at = s.find(tag); !tag.empty() && at != std::string::npos; at = s.find(tag, at))
        s.erase(at, tag.size());
    return decode_html_entities(s);
  };
  std::string_view e = ellipsis;
  std::string_view m = marked;
  bool leading = m.starts_with(e), trailing = m.ends_with(e) && m.size() > e.size();
  for (int cut = 0; cut < 4; ++cut) {
    if (((cut & 1) && !trailing) || ((cut & 2) && !leading)) continue;
    auto part = m;
    if (cut & 1) part.remove_suffix(e.size());
    if (cut & 2) part.remove_prefix(e.size());
    auto plain = plain_of(part);
    if (plain.empty()) continue;
    if (auto at = text.find(plain); at != std::string::npos)
      return escape_html(std::string_view(text).substr(0, at)) + std::string(part) +
             escape_html(std::string_view(text).substr(at + plain.size()));
  }
  return escape_html(text);
}

}  // namespace kb::detail
