#include "kb/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "kb/error.h"
#include "kb/text.h"

namespace kb::term {

ColorMode parse_color_mode(const std::string& text) {
  if (text == "auto") return ColorMode::automatic;
  if (text == "always") return ColorMode::always;
  if (text == "never") return ColorMode::never;
  throw Error(ErrorCode::invalid_argument,
              "--color must be auto, always or never, not \"" + text + "\"");
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
  return decode_html_entities(s);
}

std::string printable(std::string_view text, bool multiline) {
  std::string clean = strip_control_characters(text);
  if (!multiline)
    for (auto& c : clean)
      if (c == '\n' || c == '\t') c = ' ';
  // Stray bytes (a server is not bound to send UTF-8) would be C1 controls to a
  // terminal in an 8-bit locale: each invalid byte becomes U+FFFD.
  std::string out;
  std::string_view rest = clean;
  for (auto bad = find_invalid_utf8(rest); bad != std::string_view::npos;
       bad = find_invalid_utf8(rest)) {
    out.append(rest.substr(0, bad));
    out += "\xEF\xBF\xBD";
    rest.remove_prefix(bad + 1);
  }
  out.append(rest);
  return out;
}

}  // namespace kb::term
