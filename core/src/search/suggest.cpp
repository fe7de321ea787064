#include <xapian.h>

#include <algorithm>

#include "kb/search.h"
#include "search/deadline.h"
#include "search/index_impl.h"
#include "text/text_util.h"

namespace kb {

Suggestions Index::suggest(const std::string& text, std::size_t limit,
                           std::optional<std::chrono::steady_clock::time_point> deadline_at) const {
  return detail::reading("suggest failed", [&]() -> Suggestions {
    detail::Deadline deadline(deadline_at);
    Suggestions out;
    if (limit == 0) return out;
    std::string trimmed = text::nfc(text);  // the index's words are NFC
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
    auto space = trimmed.find_last_of(' ');
    std::string head = space == std::string::npos ? "" : trimmed.substr(0, space + 1);
    std::string word = space == std::string::npos ? trimmed : trimmed.substr(space + 1);
    std::string prefix;
    for (Xapian::Utf8Iterator it(word); it != Xapian::Utf8Iterator(); ++it)
      Xapian::Unicode::append_utf8(prefix, Xapian::Unicode::tolower(*it));
    if (!prefix.empty() && text::word_byte(prefix, 0)) {
      // Unprefixed terms are the unstemmed lower-case words of the text.
      std::vector<std::pair<Xapian::doccount, std::string>> terms;
      std::size_t seen = 0;
      for (auto it = impl_->db.allterms_begin(prefix); it != impl_->db.allterms_end(prefix); ++it) {
        if (++seen % 256 == 0) deadline.check();  // a short prefix of a large index has many
        if ((*it).size() > prefix.size()) terms.emplace_back(it.get_termfreq(), *it);
      }
      std::stable_sort(terms.begin(), terms.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      for (std::size_t i = 0; i < terms.size() && out.completions.size() < limit; ++i)
        out.completions.push_back(head + terms[i].second);
    }
    if (!trimmed.empty()) {
      SearchRequest r;
      r.query = trimmed;
      r.partial = true;
      r.limit = limit;
      r.facets = false;
      r.deadline = deadline_at;
      for (auto& h : search(r).hits) out.units.push_back(std::move(h.view));
    }
    return out;
  });
}

}  // namespace kb
