// English dictionaries (Debian's hunspell-en-us and hunspell-en-gb, read with
// libhunspell): is a word a real English word? Used by the spelling corrector so that
// real words are never "corrected". One process-wide instance, loaded on first use and
// safe to call from any thread. Internal to kb_core.
#pragma once

#include <string>
#include <vector>

namespace kb::detail {

struct DictionaryStatus {
  bool available = false;              // at least one dictionary loaded
  std::string directory;               // where they were looked for
  std::vector<std::string> languages;  // loaded ones: "en_US", "en_GB"
};

// The directory is $KB_DICTIONARY_DIR, else /usr/share/hunspell. Without dictionaries
// every call answers false (spelling then knows only the index's and glossary's words).
bool dictionary_knows(const std::string& word);
DictionaryStatus dictionary_status();

}  // namespace kb::detail
