#include "kb/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "kb/error.h"
#include "kb/text_source.h"

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

std::string unescape_html(const std::string& s) { return decode_html_entities(s); }

}  // namespace kb::term
