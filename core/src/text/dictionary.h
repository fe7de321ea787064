// English dictionaries (Debian's hunspell-en-us and hunspell-en-gb, read with
// libhunspell): is a word a real English word? Used by the spelling corrector so that
// real words are never "corrected". One process-wide instance, loaded on first use and
// safe to call from any thread. Internal to kb_core.
#pragma once

#include <string>
#include <vector>

#include "kb/text.h"

namespace kb::detail {

// The directory is $KB_DICTIONARY_DIR, else /usr/share/hunspell. Without dictionaries
// every call answers false (spelling then knows only the index's and glossary's words).
// kb::dictionary_status() (kb/text.h) says which are loaded.
bool dictionary_knows(const std::string& word);

}  // namespace kb::detail
