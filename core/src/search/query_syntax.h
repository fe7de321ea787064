// Query syntax while typing and when submitted. Internal to kb_core.
#pragma once

#include <string>
#include <string_view>

namespace kb::detail {

// Xapian's boolean and proximity operators (FLAG_BOOLEAN: upper case only): AND, OR,
// NOT, XOR, NEAR, ADJ, NEAR/n, ADJ/n.
bool is_query_operator(std::string_view token);

// A half-typed query read leniently (search-as-you-type): an unclosed quote, an
// unmatched bracket are dropped and an operator (AND, OR, NOT, XOR, NEAR, ADJ) with
// nothing on one side is read as a word: "DNS AND" -> "DNS and", "\"multi" -> "multi".
std::string lenient_syntax(const std::string& text);

// Why a submitted query is malformed, in words a user understands (never a parser's
// text): "the query \"(dns\" has an unclosed bracket: close it with ) or remove it".
std::string syntax_problem(const std::string& text);

}  // namespace kb::detail
