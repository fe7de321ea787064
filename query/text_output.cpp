#include "text_output.h"

#include <utility>

namespace kb::cli {

std::string indented(const std::string& text, const std::string& pad) {
  std::string out = pad;
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

std::string terminal_snippet(std::string s, const term::Style& style) {
  for (auto [marker, replacement] :
       {std::pair<std::string, std::string>{"<mark>", style.highlight_start()},
        std::pair<std::string, std::string>{"</mark>", style.highlight_end()}})
    for (auto pos = s.find(marker); pos != std::string::npos;
         pos = s.find(marker, pos + replacement.size()))
      s.replace(pos, marker.size(), replacement);
  return term::unescape_html(s);
}

}  // namespace kb::cli
