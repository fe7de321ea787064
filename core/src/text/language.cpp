#include "text/language.h"

#include <array>
#include <cctype>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "text/text_util.h"

namespace kb::detail {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool ascii_letters(std::string_view s) {
  for (char c : s)
    if (c < 'a' || c > 'z') return false;
  return !s.empty();
}

// A word that ends in one of `suffixes` (longest first) with at least `min_stem`
// letters before it. Returns the suffix index, or -1.
template <std::size_t N>
int match_suffix(std::string_view w, const std::array<std::string_view, N>& suffixes,
                 std::size_t min_stem) {
  for (std::size_t i = 0; i < N; ++i)
    if (ends_with(w, suffixes[i]) && w.size() >= suffixes[i].size() + min_stem)
      return static_cast<int>(i);
  return -1;
}

std::string replace_suffix(std::string_view w, std::size_t old_len, std::string_view replacement) {
  return std::string(w.substr(0, w.size() - old_len)) + std::string(replacement);
}

// -ise/-isation -> -ize/-ization: "organise", "organisation", "realised", "utilising".
// At least four letters before "is", the last a consonant: "rise", "raise", "noise",
// "advise" and "prise" (not "prize") stay as they are.
std::string ise_to_ize(std::string_view w) {
  static constexpr std::array<std::string_view, 10> suffixes = {
      "isational", "isations", "isation", "isable", "isers",
      "ising",     "iser",     "ised",    "ises",   "ise"};
  int i = match_suffix(w, suffixes, 4);
  if (i < 0) return {};
  auto stem = w.substr(0, w.size() - suffixes[i].size());
  if (is_vowel(stem.back())) return {};
  std::string replacement(suffixes[i]);
  replacement[1] = 'z';
  return replace_suffix(w, suffixes[i].size(), replacement);
}

// -yse -> -yze: "analyse", "paralysed", "catalysing".
std::string yse_to_yze(std::string_view w) {
  static constexpr std::array<std::string_view, 6> suffixes = {"ysers", "ysing", "yser",
                                                               "ysed",  "yses",  "yse"};
  int i = match_suffix(w, suffixes, 3);
  if (i < 0) return {};
  std::string replacement(suffixes[i]);
  replacement[1] = 'z';
  return replace_suffix(w, suffixes[i].size(), replacement);
}

// -our -> -or: "behaviour", "favourite", "honourable", "labourers", "neighbourhood".
// At least two letters before "our" ("hour", "your", "four", "tour" stay); "scour"
// would become "scor(ed)" and is left alone.
std::string our_to_or(std::string_view w) {
  static constexpr std::array<std::string_view, 18> endings = {
      "ourhoods", "ourhood", "ourably", "ourable", "ourites", "ourite",
      "ourless",  "ourers",  "ourer",   "ouring",  "ourful",  "ourism",
      "ourist",   "oured",   "ourly",   "oural",   "ours",    "our"};
  int i = match_suffix(w, endings, 2);
  if (i < 0) return {};
  auto stem = w.substr(0, w.size() - endings[i].size());
  if (stem == "sc" || stem == "fl") return {};
  return std::string(stem) + "o" + std::string(endings[i].substr(2));
}

// -tre -> -ter: "centre", "theatres", "metre", "centred". Not "-string".
std::string tre_to_ter(std::string_view w) {
  static constexpr std::array<std::string_view, 4> suffixes = {"tring", "tres", "tred", "tre"};
  int i = match_suffix(w, suffixes, 2);
  if (i < 0) return {};
  auto stem = w.substr(0, w.size() - suffixes[i].size());
  if (stem.back() == 's' && suffixes[i] == "tring") return {};  // hamstring, shoestring
  static constexpr std::array<std::string_view, 4> replacements = {"tering", "ters", "tered",
                                                                   "ter"};
  return replace_suffix(w, suffixes[i].size(), replacements[i]);
}

// -ogue -> -og: "dialogue", "catalogues", "catalogued". Not "rogue", "vogue", "brogue".
std::string ogue_to_og(std::string_view w) {
  static constexpr std::array<std::string_view, 4> suffixes = {"oguing", "ogued", "ogues", "ogue"};
  int i = match_suffix(w, suffixes, 3);
  if (i < 0) return {};
  static constexpr std::array<std::string_view, 4> replacements = {"oging", "oged", "ogs", "og"};
  return replace_suffix(w, suffixes[i].size(), replacements[i]);
}

// -ence -> -ense only where both spellings are the same word.
std::string ence_to_ense(std::string_view w) {
  for (std::string_view stem : {"defenc", "offenc", "licenc", "pretenc"})
    if (starts_with(w, stem))
      return std::string(w.substr(0, stem.size() - 1)) + "s" + std::string(w.substr(stem.size()));
  return {};
}

// Stems are accent-folded after stemming: the language's rules see the word as written
// ("développée" -> "développ"), and "café", "cafe" and "cafe\u0301" share the stem "cafe".
class EnglishVariantsStem : public Xapian::StemImplementation {
 public:
  explicit EnglishVariantsStem(const std::string& algorithm)
      : base_(algorithm), algorithm_(algorithm) {}
  std::string operator()(const std::string& word) override {
    return text::fold_accents(base_(american_spelling(word)));
  }
  std::string get_description() const override {
    return "kb::EnglishVariantsStem(" + algorithm_ + ")";
  }

 private:
  Xapian::Stem base_;
  std::string algorithm_;
};

class AccentFoldingStem : public Xapian::StemImplementation {
 public:
  explicit AccentFoldingStem(const std::string& language) : base_(language) {}
  std::string operator()(const std::string& word) override {
    return text::fold_accents(base_(word));
  }
  std::string get_description() const override {
    return "kb::AccentFoldingStem(" + base_.get_description() + ")";
  }

 private:
  Xapian::Stem base_;
};

class MemoisedStem : public Xapian::StemImplementation {
 public:
  MemoisedStem(const Xapian::Stem& base, std::size_t capacity) : base_(base), capacity_(capacity) {}
  std::string operator()(const std::string& word) override {
    if (auto it = stems_.find(word); it != stems_.end()) return it->second;
    auto stem = base_(word);
    if (stems_.size() >= capacity_) stems_.clear();
    stems_.emplace(word, stem);
    return stem;
  }
  std::string get_description() const override {
    return "kb::MemoisedStem(" + base_.get_description() + ")";
  }

 private:
  Xapian::Stem base_;
  std::size_t capacity_;
  std::unordered_map<std::string, std::string> stems_;
};

const std::map<std::string, std::vector<std::string>>& lists() {
  static const std::map<std::string, std::vector<std::string>> all = [] {
    std::map<std::string, std::vector<std::string>> m;
    m[stop_basic] = {"a",    "an",  "and",  "are", "as",  "at",   "be",   "by",  "for",
                     "from", "has", "in",   "is",  "it",  "its",  "of",   "on",  "or",
                     "that", "the", "this", "to",  "was", "were", "will", "with"};
    m[stop_lucene] = {"a",    "an",   "and",  "are",  "as",   "at",    "be",   "but",   "by",
                      "for",  "if",   "in",   "into", "is",   "it",    "no",   "not",   "of",
                      "on",   "or",   "such", "that", "the",  "their", "then", "there", "these",
                      "they", "this", "to",   "was",  "will", "with"};
    m[stop_extended] = m[stop_lucene];
    for (const char* w :
         {"about", "am",    "been", "being", "can",  "could", "did",    "do",    "does",
          "from",  "had",   "has",  "have",  "he",   "her",   "his",    "how",   "i",
          "its",   "me",    "my",   "our",   "ours", "she",   "should", "so",    "than",
          "them",  "those", "us",   "we",    "were", "what",  "when",   "where", "which",
          "who",   "whom",  "why",  "would", "you",  "your"})
      m[stop_extended].push_back(w);
    m["fr"] = {"à",    "au",  "aux",  "avec", "ce",    "ces",   "cet",  "cette", "d",    "dans",
               "de",   "des", "du",   "elle", "elles", "en",    "est",  "et",    "il",   "ils",
               "l",    "la",  "le",   "les",  "leur",  "leurs", "mais", "ne",    "nous", "ou",
               "par",  "pas", "pour", "qu",   "que",   "qui",   "sa",   "se",    "ses",  "son",
               "sont", "sur", "un",   "une",  "vous",  "y"};
    m["es"] = {"a",    "al",    "como", "con",   "de",   "del",  "e",   "el",  "en",  "es",
               "esta", "estas", "este", "estos", "la",   "las",  "le",  "les", "lo",  "los",
               "más",  "no",    "o",    "para",  "pero", "por",  "que", "se",  "son", "su",
               "sus",  "u",     "un",   "una",   "unas", "unos", "y",   "ya"};
    return m;
  }();
  return all;
}

}  // namespace

std::string primary_language(const std::string& lang) {
  std::string out;
  for (char c : lang) {
    if (c == '-' || c == '_') break;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out.empty() ? "en" : out;
}

std::string american_spelling(const std::string& word) {
  if (word.size() < 5 || !ascii_letters(word)) return word;
  if (word == "programme" || word == "programmes")
    return word.substr(0, 7) + (word.size() == 10 ? "s" : "");
  for (auto rule : {ise_to_ize, yse_to_yze, our_to_or, tre_to_ter, ogue_to_og, ence_to_ense}) {
    auto out = rule(word);
    if (!out.empty()) return out;
  }
  return word;
}

Xapian::Stem stemmer_for(const std::string& lang, const std::string& english_algorithm) {
  auto primary = primary_language(lang);
  try {
    if (primary == "en") return Xapian::Stem(new EnglishVariantsStem(english_algorithm));
    return Xapian::Stem(new AccentFoldingStem(primary));
  } catch (const Xapian::InvalidArgumentError&) {
    // No stemmer for the language: words are matched as written, accents folded.
    return Xapian::Stem(new AccentFoldingStem("none"));
  }
}

Xapian::Stem memoised(const Xapian::Stem& stem, std::size_t capacity) {
  return Xapian::Stem(new MemoisedStem(stem, capacity));
}

std::vector<std::string> stopwords(const std::string& lang, const std::string& english_list) {
  auto primary = primary_language(lang);
  const auto& all = lists();
  auto it = all.find(primary == "en" ? english_list : primary);
  if (it == all.end() && primary == "en") it = all.find(stop_extended);
  return it == all.end() ? std::vector<std::string>{} : it->second;
}

const Xapian::Stopper* stopper_for(const std::string& lang, const std::string& english_list) {
  // Built once per list; SimpleStopper is only read after construction, so sharing it
  // between threads is safe (QueryParser and TermGenerator take a plain pointer).
  static const std::map<std::string, std::unique_ptr<Xapian::SimpleStopper>> stoppers = [] {
    std::map<std::string, std::unique_ptr<Xapian::SimpleStopper>> m;
    for (const auto& [name, words] : lists()) {
      auto s = std::make_unique<Xapian::SimpleStopper>();
      for (const auto& w : words) s->add(w);
      m.emplace(name, std::move(s));
    }
    return m;
  }();
  auto primary = primary_language(lang);
  auto it = stoppers.find(primary == "en" ? english_list : primary);
  if (it == stoppers.end() && primary == "en") it = stoppers.find(stop_extended);
  return it == stoppers.end() ? nullptr : it->second.get();
}

}  // namespace kb::detail
