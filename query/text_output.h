// Pieces of kb-query's terminal output shared by its views (search results, briefs).
#pragma once

#include <string>

#include "kb/terminal.h"

namespace kb::cli {

// Indents every line of a multi-line text.
std::string indented(const std::string& text, const std::string& pad);
// Snippets are HTML with <mark> around matches: make them terminal text.
std::string terminal_snippet(std::string s, const term::Style& style);

}  // namespace kb::cli
