#include "text/dictionary.h"

#include <cstdlib>
#include <filesystem>
#include <hunspell/hunspell.hxx>
#include <memory>
#include <mutex>

namespace kb::detail {
namespace {

struct Dictionaries {
  DictionaryStatus status;
  std::vector<std::unique_ptr<Hunspell>> spellers;
  std::mutex mutex;  // Hunspell objects keep state between calls

  Dictionaries() {
    const char* env = std::getenv("KB_DICTIONARY_DIR");
    status.directory = env && *env ? env : "/usr/share/hunspell";
    for (const char* lang : {"en_US", "en_GB"}) {
      auto base = std::filesystem::path(status.directory) / lang;
      auto aff = base.string() + ".aff", dic = base.string() + ".dic";
      std::error_code ec;
      if (!std::filesystem::is_regular_file(aff, ec) || !std::filesystem::is_regular_file(dic, ec))
        continue;
      spellers.push_back(std::make_unique<Hunspell>(aff.c_str(), dic.c_str()));
      status.languages.emplace_back(lang);
    }
    status.available = !spellers.empty();
  }
};

Dictionaries& dictionaries() {
  static Dictionaries d;
  return d;
}

}  // namespace

bool dictionary_knows(const std::string& word) {
  auto& d = dictionaries();
  std::lock_guard lock(d.mutex);
  for (auto& s : d.spellers)
    if (s->spell(word)) return true;
  return false;
}

}  // namespace kb::detail

namespace kb {

DictionaryStatus dictionary_status() {
  return detail::dictionaries().status;
}

}  // namespace kb
