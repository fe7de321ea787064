#include "kb/index_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "kb/error.h"
#include "kb/schema.h"
#include "language.h"
#include "text_util.h"
#include "unit_codec.h"

namespace fs = std::filesystem;

namespace kb {
namespace {

constexpr const char* current_link = "current";
constexpr const char* tmp_prefix = ".tmp-";

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

// Holds an exclusive lock on <index_dir>/.lock so two builds never interleave.
class BuildLock {
 public:
  explicit BuildLock(const fs::path& dir) {
    auto path = (dir / ".lock").string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(ErrorCode::io_error, "cannot create " + path + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw Error(ErrorCode::io_error, "another kb-index is already building into " + dir.string());
    }
  }
  ~BuildLock() { ::close(fd_); }
  BuildLock(const BuildLock&) = delete;
  BuildLock& operator=(const BuildLock&) = delete;

 private:
  int fd_ = -1;
};

void fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string new_generation_name() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "gen-%04d%02d%02dT%02d%02d%02d.%06lldZ-%d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros), ::getpid());
  return buf;
}

std::string iso_now() {
  auto secs = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct KindNames {
  const char* label;
  const char* plural;  // accepted as a filter alias ("--kind messages")
};

KindNames kind_names(const std::string& kind) {
  static const std::map<std::string, KindNames> names = {
      {kind::message, {"Message", "Messages"}},
      {kind::proof_point, {"Proof point", "Proof points"}},
      {kind::audience_guidance, {"Audience guidance", "Guidance"}},
      {kind::answer, {"Consultation answer", "Answers"}},
      {kind::passage, {"Passage", "Passages"}},
      {kind::signatory, {"Signatory", "Signatories"}},
      {kind::speaker, {"Speaker", "Speakers"}},
      {kind::organiser, {"Organiser", "Organisers"}},
      {kind::policy_question, {"Policy question", "Policy questions"}},
      {kind::glossary, {"Glossary entry", "Glossary"}}};
  auto it = names.find(kind);
  return it == names.end() ? KindNames{kind.c_str(), kind.c_str()} : it->second;
}

// What readers need to label, resolve and describe facet values.
nlohmann::json facet_values_json(const Corpus& corpus) {
  auto entries = [](const std::vector<TaxonomyEntry>& list) {
    auto arr = nlohmann::json::array();
    for (const auto& e : list)
      arr.push_back({{"value", e.id}, {"label", e.label}, {"aliases", e.aliases}, {"description", e.description}});
    return arr;
  };
  nlohmann::json j;
  j["audience"] = entries(corpus.taxonomy.audiences);
  j["theme"] = entries(corpus.taxonomy.themes);
  // Audiences named in documents but not in the taxonomy still need a label.
  std::set<std::string> known;
  for (const auto& a : corpus.taxonomy.audiences) known.insert(a.id);
  std::set<std::string> known_themes;
  for (const auto& t : corpus.taxonomy.themes) known_themes.insert(t.id);
  for (const auto& u : corpus.units) {
    for (const auto& a : u.audiences)
      if (known.insert(a.id).second)
        j["audience"].push_back({{"value", a.id}, {"label", u.kind == kind::audience_guidance ? u.title : a.id},
                                 {"aliases", nlohmann::json::array()}});
    for (const auto& t : u.themes)
      if (known_themes.insert(t.id).second)
        j["theme"].push_back({{"value", t.id}, {"label", t.id}, {"aliases", nlohmann::json::array()}});
  }
  j["kind"] = nlohmann::json::array();
  for (const auto& k : all_unit_kinds())
    j["kind"].push_back({{"value", k}, {"label", kind_names(k).label}, {"aliases", {kind_names(k).plural}}});
  j["source"] = nlohmann::json::array();
  for (const auto& s : corpus.sources)
    j["source"].push_back({{"value", s.id}, {"label", s.title}, {"aliases", {s.file}}});
  j["message"] = nlohmann::json::array();
  for (const auto& u : corpus.units) {
    if (u.kind != kind::message) continue;
    auto local = u.id.substr(u.source_id.size() + 1);
    auto label_prefix = u.cite.section.substr(u.cite.section.rfind("\xE2\x80\xBA") == std::string::npos
                                                  ? 0
                                                  : u.cite.section.rfind("\xE2\x80\xBA") + 4);
    j["message"].push_back({{"value", u.id}, {"label", u.title}, {"aliases", {local, label_prefix}}});
  }
  return j;
}

nlohmann::json sources_json(const Corpus& corpus) {
  auto arr = nlohmann::json::array();
  for (const auto& s : corpus.sources)
    arr.push_back({{"id", s.id},
                   {"file", s.file},
                   {"title", s.title},
                   {"publisher", s.publisher},
                   {"date", s.date},
                   {"kind", s.kind},
                   {"lang", s.lang},
                   {"url", s.url},
                   {"description", s.description}});
  return arr;
}

void add_synonyms(Xapian::WritableDatabase& db, const Glossary& glossary) {
  for (const auto& entry : glossary) {
    auto forms = entry.forms();
    for (const auto& from : forms) {
      auto key = text::lower_ascii(from);
      for (const auto& to : forms) {
        if (&to == &from) continue;
        auto value = text::lower_ascii(to);
        // Xapian expands a synonym into single terms; multi-word expansions are
        // handled by the query builder.
        if (value.find(' ') != std::string::npos || value == key) continue;
        db.add_synonym(key, value);
      }
    }
  }
}

nlohmann::json glossary_json(const Glossary& glossary) {
  auto arr = nlohmann::json::array();
  for (const auto& e : glossary) arr.push_back(e.forms());
  return arr;
}

void write_generation(const Corpus& corpus, const std::string& path,
                      const std::function<void(std::size_t, std::size_t)>& progress, const BuildOptions& options) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  Xapian::TermGenerator generator;
  generator.set_database(db);
  generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  // Stemmed terms keep positions too, so phrases match inflections and variant spellings.
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME_FULL_POS);
  generator.set_stopper_strategy(Xapian::TermGenerator::STOP_STEMMED);

  std::map<std::string, std::string> source_dates;
  for (const auto& s : corpus.sources) source_dates[s.id] = s.date;
  std::map<std::pair<std::string, std::string>, int> titles;  // (source, title) -> units
  for (const auto& u : corpus.units) ++titles[{u.source_id, u.title}];
  std::map<std::string, Xapian::Stem> stemmers;  // per unit language
  std::set<std::string> langs;
  unsigned ordinal = 0;
  // Xapian holds every posting, position and spelling fragment of the build in memory
  // until a commit, several hundred bytes per distinct word: one commit at the end
  // made a 4 MB document of distinct words cost 800 MB. Committing after each slice of
  // text bounds that buffer; nothing is published before the generation is complete.
  std::size_t text_since_commit = 0;
  constexpr std::size_t commit_every_text_bytes = 256 << 10;
  // Spelling data (for "Did you mean") comes from the first part of each document: its
  // vocabulary is there, and every commit rewrites the whole spelling table, so a huge
  // document of distinct tokens (a dump, base64) would make the build quadratic.
  std::map<std::string, std::size_t> spelling_text;  // per source, bytes given to spelling
  constexpr std::size_t spelling_text_bytes_per_source = 1 << 20;
  for (const auto& u : corpus.units) {
    auto stem = stemmers.find(u.lang);
    if (stem == stemmers.end())
      stem = stemmers.emplace(u.lang, detail::stemmer_for(u.lang, options.english_stemmer)).first;
    generator.set_stemmer(stem->second);
    generator.set_stopper(detail::stopper_for(u.lang, options.english_stopwords));
    langs.insert(u.lang);
    auto& spelled = spelling_text[u.source_id];
    generator.set_flags(spelled < spelling_text_bytes_per_source ? Xapian::TermGenerator::FLAG_SPELLING
                                                                 : Xapian::TermGenerator::flags(0));
    spelled += u.title.size() + u.text.size();
    bool shared_title = titles[{u.source_id, u.title}] > 1;
    db.add_document(detail::unit_document(u, source_dates[u.source_id], ++ordinal, generator, options, shared_title));
    text_since_commit += u.title.size() + u.text.size();
    if (text_since_commit >= commit_every_text_bytes) {
      db.commit();
      text_since_commit = 0;
    }
    if (progress && (ordinal % 500 == 0 || ordinal == corpus.units.size())) progress(ordinal, corpus.units.size());
  }
  add_synonyms(db, corpus.glossary);
  db.set_metadata(std::string(schema::meta_schema_version), std::to_string(schema::version));
  db.set_metadata(std::string(schema::meta_facet_values), facet_values_json(corpus).dump());
  db.set_metadata(std::string(schema::meta_sources), sources_json(corpus).dump());
  db.set_metadata(std::string(schema::meta_glossary), glossary_json(corpus.glossary).dump());
  db.set_metadata(std::string(schema::meta_built_at), iso_now());
  db.set_metadata(std::string(schema::meta_langs), nlohmann::json(langs).dump());
  db.set_metadata(std::string(schema::meta_build), nlohmann::json{{"title_weight", options.title_weight},
                                                                   {"inherited_title_weight", options.inherited_title_weight},
                                                                   {"english_stemmer", options.english_stemmer},
                                                                   {"english_stopwords", options.english_stopwords}}
                                                        .dump());
  db.commit();
  db.close();
}

// Removes generations that are neither published nor the one just replaced (readers
// that opened it a moment ago keep working on it), and leftovers of killed builds.
void collect_garbage(const fs::path& dir, const std::set<std::string>& keep) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto name = entry.path().filename().string();
    bool generation = name.rfind("gen-", 0) == 0;
    bool leftover = name.rfind(tmp_prefix, 0) == 0;
    if ((generation && !keep.count(name)) || leftover) fs::remove_all(entry.path(), ec);
  }
}

}  // namespace

std::string default_index_dir() {
  if (auto v = env_or_empty("KB_INDEX"); !v.empty()) return v;
  if (auto xdg = env_or_empty("XDG_DATA_HOME"); !xdg.empty()) return xdg + "/kb/index";
  if (auto home = env_or_empty("HOME"); !home.empty()) return home + "/.local/share/kb/index";
  return "kb-index";
}

std::string resolve_published_generation(const std::string& index_dir) {
  fs::path link = fs::path(index_dir) / current_link;
  std::error_code ec;
  auto target = fs::read_symlink(link, ec);
  if (ec) {
    if (!fs::exists(index_dir))
      throw Error(ErrorCode::index_not_found,
                  "no index at " + index_dir + "; build one with: kb-index --out " + index_dir);
    throw Error(ErrorCode::index_not_found,
                "nothing published in " + index_dir + " (no 'current' link); build one with: kb-index --out " +
                    index_dir);
  }
  auto generation = target.is_absolute() ? target : fs::path(index_dir) / target;
  if (!fs::is_directory(generation))
    throw Error(ErrorCode::index_error, "the published index " + generation.string() + " is missing");
  return generation.string();
}

PublishReport publish_index(const Corpus& corpus, const std::string& index_dir,
                            const std::function<void(std::size_t, std::size_t)>& progress,
                            const BuildOptions& options) {
  if (options.english_stemmer != detail::porter2 && options.english_stemmer != detail::porter)
    throw Error(ErrorCode::invalid_argument, "unknown English stemmer \"" + options.english_stemmer +
                                                 "\"; use \"english\" (Porter2) or \"porter\"");
  if (detail::stopwords("en", options.english_stopwords).empty() ||
      (options.english_stopwords != detail::stop_basic && options.english_stopwords != detail::stop_lucene &&
       options.english_stopwords != detail::stop_extended))
    throw Error(ErrorCode::invalid_argument, "unknown English stopword list \"" + options.english_stopwords +
                                                 "\"; use basic, lucene or extended");
  fs::path dir(index_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(ErrorCode::io_error, "cannot create index folder " + index_dir + ": " + ec.message());
  BuildLock lock(dir);

  std::string previous;
  if (auto target = fs::read_symlink(dir / current_link, ec); !ec) previous = target.filename().string();
  collect_garbage(dir, {previous});

  auto name = new_generation_name();
  auto tmp = dir / (std::string(tmp_prefix) + name);
  try {
    write_generation(corpus, tmp.string(), progress, options);
  } catch (const Xapian::Error& e) {
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::io_error, "writing the index in " + tmp.string() + " failed: " + e.get_description() +
                                         "; the published index is unchanged");
  }
  auto final_path = dir / name;
  fs::rename(tmp, final_path, ec);
  if (ec) {
    auto reason = ec.message();
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::io_error, "cannot move the new index into place: " + reason);
  }
  fsync_dir(dir);

  // Publish: a new symlink renamed over the old one, atomically.
  auto staged = dir / (std::string(tmp_prefix) + "link-" + std::to_string(::getpid()));
  fs::remove(staged, ec);
  fs::create_symlink(name, staged, ec);
  if (!ec) fs::rename(staged, dir / current_link, ec);
  if (ec) {
    auto reason = ec.message();
    fs::remove(staged, ec);
    throw Error(ErrorCode::io_error, "cannot publish the new index in " + index_dir + ": " + reason);
  }
  fsync_dir(dir);
  collect_garbage(dir, {name, previous});
  return {final_path.string(), corpus.units.size()};
}

}  // namespace kb
