#include "search/query_syntax.h"

#include <set>
#include <vector>

namespace kb::detail {
namespace {

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Offsets of the quote that is never closed and of brackets without a partner.
struct Unmatched {
  std::vector<std::size_t> positions;
  bool quote = false, open = false, close = false;
};

Unmatched unmatched(const std::string& text) {
  Unmatched u;
  std::vector<std::size_t> open;
  std::size_t quote = std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      quote = quote == std::string::npos ? i : std::string::npos;
    } else if (quote != std::string::npos) {
      continue;
    } else if (c == '(') {
      open.push_back(i);
    } else if (c == ')') {
      if (open.empty()) {
        u.positions.push_back(i);
        u.close = true;
      } else {
        open.pop_back();
      }
    }
  }
  if (quote != std::string::npos) {
    u.positions.push_back(quote);
    u.quote = true;
  }
  u.open = !open.empty();
  u.positions.insert(u.positions.end(), open.begin(), open.end());
  return u;
}

}  // namespace

bool is_query_operator(std::string_view token) {
  static const std::set<std::string_view> operators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
  return operators.count(token) || token.starts_with("NEAR/") || token.starts_with("ADJ/");
}

std::string lenient_syntax(const std::string& text) {
  auto u = unmatched(text);
  std::set<std::size_t> drop(u.positions.begin(), u.positions.end());
  std::string s;
  for (std::size_t i = 0; i < text.size(); ++i) s += drop.count(i) ? ' ' : text[i];
  // Tokens; an operator is an operator only between two operands.
  std::vector<std::pair<std::size_t, std::size_t>> tokens;
  for (std::size_t i = 0; i < s.size();) {
    if (blank(s[i])) {
      ++i;
      continue;
    }
    std::size_t b = i;
    while (i < s.size() && !blank(s[i])) ++i;
    tokens.emplace_back(b, i);
  }
  auto token = [&](std::size_t k) {
    return s.substr(tokens[k].first, tokens[k].second - tokens[k].first);
  };
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    if (!is_query_operator(token(k))) continue;
    bool before = k > 0 && !is_query_operator(token(k - 1)) && token(k - 1) != "(";
    bool after = k + 1 < tokens.size() && !is_query_operator(token(k + 1)) && token(k + 1) != ")";
    bool not_first = token(k) == "NOT" && after;  // "NOT x" alone is a valid filter
    if ((!before || !after) && !not_first) {
      auto w = lower(token(k));
      s.replace(tokens[k].first, w.size(), w);
    }
  }
  return s;
}

std::string syntax_problem(const std::string& text) {
  auto u = unmatched(text);
  std::string q = "the query \"" + text + "\" ";
  if (u.quote) return q + "has an unclosed quote: close the phrase with \" or remove the quote";
  if (u.open) return q + "has an unclosed bracket: close it with ) or remove the (";
  if (u.close) return q + "has a ) without a (: remove it or add the (";
  return q + "is not well formed: put a word on each side of AND, OR, NOT and NEAR (or " +
         "write them in lower case to search for them as words)";
}

}  // namespace kb::detail
