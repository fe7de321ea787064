#include "kb/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "kb/error.h"

namespace kb::term {

ColorMode parse_color_mode(const std::string& text) {
  if (text == "auto") return ColorMode::automatic;
  if (text == "always") return ColorMode::always;
  if (text == "never") return ColorMode::never;
  throw Error(ErrorCode::invalid_argument, "--color must be auto, always or never, not \"" + text + "\"");
}

bool use_color(std::FILE* stream, ColorMode mode) {
  if (mode != ColorMode::automatic) return mode == ColorMode::always;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(::fileno(stream)) == 1;
}

std::string unescape_html(const std::string& s) {
  static const std::pair<const char*, const char*> entities[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"}};
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool replaced = false;
    if (s[i] == '&') {
      for (const auto& [from, to] : entities) {
        std::size_t n = std::strlen(from);
        if (s.compare(i, n, from) == 0) {
          out += to;
          i += n - 1;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += s[i];
  }
  return out;
}

}  // namespace kb::term
