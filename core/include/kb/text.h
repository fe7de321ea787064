// General text helpers: UTF-8 checks, HTML entities and escaping, whitespace, terminal
// controls, slugs. Used by the importers, the corpus readers, the searcher and the
// programs (terminal output, HTTP parameter checks).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// Byte offset of the first invalid UTF-8 sequence, or npos when valid.
std::size_t find_invalid_utf8(std::string_view text);

// HTML character references used in practice (&amp; &lt; &gt; &quot; &#39; &#x27; &apos;
// &nbsp;) replaced by their characters; anything else is left as written.
std::string decode_html_entities(std::string_view text);

// & < > " as HTML character references.
std::string escape_html(std::string_view text);

// The largest length <= max_bytes that does not cut `text` inside a UTF-8 sequence.
std::size_t utf8_prefix_length(std::string_view text, std::size_t max_bytes);

// `text` itself when it has at most `limit` bytes; else its start cut at a space (or, when
// no space falls in the second half, at a character boundary) followed by "…".
std::string shorten(std::string_view text, std::size_t limit);

// Runs of whitespace (spaces, tabs, line breaks, no-break spaces) as one space, trimmed.
std::string collapse_whitespace(std::string_view text);

// The text without terminal controls: C0 control characters other than tab and line
// feed, DEL, C1 controls (U+0080-U+009F) and the bidirectional embeddings, overrides
// and isolates (U+202A-U+202E, U+2066-U+2069). An escape sequence (ESC [ ... 2J,
// ESC ] 0;title BEL) goes whole; CR, form feed and vertical tab become spaces.
std::string strip_control_characters(std::string_view text);

// True when the text holds a character strip_control_characters removes or replaces.
bool has_control_characters(std::string_view text);

// Normalises a facet value or name for comparison: lower case, runs of anything that
// is not a letter or digit become one '-' ("Business and Industry" -> "business-and-industry").
std::string slugify(const std::string& text);

// The English dictionaries the spelling corrector consults so that real words are never
// "corrected" (Debian's hunspell-en-us and hunspell-en-gb): looked for in
// $KB_DICTIONARY_DIR, else /usr/share/hunspell, loaded on first use. Without them only
// the index's and the glossary's words count as real.
struct DictionaryStatus {
  bool available = false;              // at least one dictionary loaded
  std::string directory;               // where they were looked for
  std::vector<std::string> languages;  // loaded ones: "en_US", "en_GB"
};
DictionaryStatus dictionary_status();

}  // namespace kb
