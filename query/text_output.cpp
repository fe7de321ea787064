#include "text_output.h"

#include <utility>

#include "kb/review.h"

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

namespace {

// "[stale]" coloured as the status asks, "" for a fresh unit.
std::string review_badge(const Unit& unit, const term::Style& style) {
  auto status = review_state(unit.review, review_today()).status;
  if (status == ReviewStatus::fresh) return "";
  auto badge = "[" + std::string(to_string(status)) + "]";
  return status == ReviewStatus::stale ? style.red(badge) : style.yellow(badge);
}

}  // namespace

std::string review_flag(const Unit& unit, const term::Style& style) {
  auto badge = review_badge(unit, style);
  return badge.empty() ? "" : badge + " ";
}

std::string review_suffix(const Unit& unit, const term::Style& style) {
  auto badge = review_badge(unit, style);
  return badge.empty() ? "" : " " + badge;
}

std::string review_summary(const Unit& unit) {
  auto s = review_state(unit.review, review_today());
  if (s.status == ReviewStatus::unreviewed)
    return "unreviewed (to be reviewed every " + s.every + ")";
  return std::string(to_string(s.status)) + ": reviewed " + s.reviewed +
         (s.by.empty() ? "" : " by " + s.by) + ", due " + s.due + " (every " + s.every + ")";
}

}  // namespace kb::cli
