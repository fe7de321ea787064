// Language handling shared by indexing and query parsing: stemmers per document
// language (English ones fold British and American spellings first), stopword lists,
// and language tags. Internal to kb_core; docs/relevance.md describes the rules.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace kb::detail {

// "en-GB" -> "en", "FR" -> "fr", "" -> "en".
std::string primary_language(const std::string& lang);

// The spelling both British and American forms of an English word share: the
// American one where the rules know it ("internationalised" -> "internationalized",
// "behaviour" -> "behavior", "analysed" -> "analyzed", "centre" -> "center",
// "dialogue" -> "dialog", "defence" -> "defense", "programme" -> "program").
// `word` is lower case; words the rules do not cover are returned unchanged. The
// result is only compared, never shown, so it need not always be a real word.
std::string american_spelling(const std::string& word);

// English stemming algorithms kb can index with.
inline constexpr const char* porter2 = "english";  // Snowball English (Porter2)
inline constexpr const char* porter = "porter";    // the original Porter stemmer

// The stemmer for a document language. English ones apply american_spelling before
// `english_algorithm`; other languages use their Snowball stemmer; a language Xapian
// has no stemmer for gets "none" (words are matched as written). Every stem is then
// accent-folded (text::fold_accents), so "cafe" and "café" find each other.
// A Xapian::Stem is not thread-safe: make one per thread or per use.
Xapian::Stem stemmer_for(const std::string& lang, const std::string& english_algorithm = porter2);

// `stem` with a memory of the words it has stemmed, up to `capacity` of them (then it
// starts afresh): a snippet stems every word of each hit's text, and the hits of a page,
// and of the searches after it, share most of their words. The same stems as `stem`;
// like it, for one thread.
Xapian::Stem memoised(const Xapian::Stem& stem, std::size_t capacity = 1 << 16);

// English stopword lists kb can index with.
inline constexpr const char* stop_basic = "basic";    // 26 function words (kb 0.1)
inline constexpr const char* stop_lucene = "lucene";  // Lucene's 33-word English list
inline constexpr const char* stop_extended =
    "extended";  // Lucene's plus question and pronoun words

// The stopword list of a language: English (`english_list`), French or Spanish
// function words; nullptr (no stopwords) for other languages. Shared, immutable.
const Xapian::Stopper* stopper_for(const std::string& lang,
                                   const std::string& english_list = stop_extended);

// The words of a stopword list (for tests and documentation).
std::vector<std::string> stopwords(const std::string& lang,
                                   const std::string& english_list = stop_extended);

}  // namespace kb::detail
