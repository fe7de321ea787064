// Small string helpers shared by the core's parsers. Internal to kb_core.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kb::text {

std::string_view trim(std::string_view s);
std::string lower_ascii(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool icontains(std::string_view haystack, std::string_view needle);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
int count_words(std::string_view s);
bool is_digit(char c);
// Parses a run of ASCII digits at the start of s; returns its length (0 if none).
std::size_t leading_number(std::string_view s, int& value);
// True when the last character is sentence-ending punctuation (. ! ? : ; or a closing quote).
bool ends_sentence(std::string_view s);
// True when the first letter of s is lower case (ASCII).
bool starts_lower(std::string_view s);
// True when byte i of s is part of a word: an ASCII letter or digit, or a byte of a
// non-ASCII UTF-8 character other than Latin-1 punctuation (U+0080-U+00BF: no-break
// space, guillemets) and general punctuation (U+2000-U+206F: dashes, quotes).
bool word_byte(std::string_view s, std::size_t i);
// Removes trailing punctuation such as ':' and spaces.
std::string_view strip_trailing(std::string_view s, std::string_view chars);

// Unicode normalisation form C (composed: "e" + U+0301 -> "é"), the form the index holds
// and queries are matched in. Text that is not valid UTF-8 is returned unchanged.
std::string nfc(std::string_view s);
// NFC without the accents and other diacritics of Latin, Greek and Cyrillic letters
// (the combining marks U+0300-U+036F): "café" -> "cafe", "Ångström" -> "Angstrom".
// Marks of other scripts (Indic vowel signs, Hebrew points) are kept: they tell words
// apart. Only ever compared, never shown.
std::string fold_accents(std::string_view s);

// The ASCII letters for a Latin-1 letter with a diacritic (U+00C0-U+00FF): "e" for
// U+00E9, "ss" for U+00DF; "" for the signs among them, nullptr outside the range.
const char* fold_latin1(unsigned cp);

}  // namespace kb::text
