// Terminal output helpers shared by the command-line tools: colour only on a terminal,
// never when NO_COLOR is set (https://no-color.org) or TERM=dumb.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace kb::term {

enum class ColorMode { automatic, always, never };

// Parses "auto", "always", "never"; throws Error(invalid_argument) otherwise.
ColorMode parse_color_mode(const std::string& text);
bool use_color(std::FILE* stream, ColorMode mode);

struct Style {
  bool enabled = false;
  std::string bold(const std::string& s) const { return wrap("1", s); }
  std::string dim(const std::string& s) const { return wrap("2", s); }
  std::string cyan(const std::string& s) const { return wrap("36", s); }
  std::string green(const std::string& s) const { return wrap("32", s); }
  std::string yellow(const std::string& s) const { return wrap("33", s); }
  std::string red(const std::string& s) const { return wrap("31", s); }
  std::string highlight_start() const { return enabled ? "\x1b[1;33m" : ""; }
  std::string highlight_end() const { return enabled ? "\x1b[0m" : ""; }

 private:
  std::string wrap(const char* code, const std::string& s) const {
    return enabled ? "\x1b[" + std::string(code) + "m" + s + "\x1b[0m" : s;
  }
};

// Undoes the HTML escaping of snippets for plain-text output.
std::string unescape_html(const std::string& s);

// Text from data made safe to print on a terminal: no control characters (escape
// sequences that retitle or clear the terminal, BEL, CR, C1 controls), no bidi
// overrides, invalid UTF-8 shown as U+FFFD. A multi-line text keeps its line breaks and
// tabs; a one-line field (title, id, citation) gets spaces for them.
std::string printable(std::string_view text, bool multiline = false);

}  // namespace kb::term
