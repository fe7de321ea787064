// Pieces of kb-query's terminal output shared by its views (search results, briefs).
#pragma once

#include <string>

#include "kb/model.h"
#include "kb/terminal.h"

namespace kb::cli {

// Indents every line of a multi-line text.
std::string indented(const std::string& text, const std::string& pad);
// Snippets are HTML with <mark> around matches: make them terminal text.
std::string terminal_snippet(std::string s, const term::Style& style);

// "[stale] ", "[due] " or "[unreviewed] " (coloured) before a unit that is not fresh;
// "" for a fresh one. The review is read as of kb::review_today().
std::string review_flag(const Unit& unit, const term::Style& style);
// The same after a title: " [stale]", "" for a fresh unit.
std::string review_suffix(const Unit& unit, const term::Style& style);
// "stale: reviewed 2025-05-28 by Policy team, due 2025-11-28 (every 6m)", or
// "unreviewed (to be reviewed every 12m)".
std::string review_summary(const Unit& unit);

}  // namespace kb::cli
