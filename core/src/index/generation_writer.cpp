#include "index/generation_writer.h"

#include <xapian.h>

#include <map>
#include <string>
#include <utility>

#include "corpus/xml_file.h"
#include "index/corpus_metadata.h"
#include "index/index_metadata.h"
#include "index/source_state.h"
#include "index/unit_codec.h"
#include "kb/text_source.h"
#include "text/language.h"
#include "text/text_util.h"

namespace kb::detail {
namespace {

void add_synonyms(Xapian::WritableDatabase& db, const Glossary& glossary) {
  for (const auto& entry : glossary) {
    auto forms = entry.forms();
    for (const auto& from : forms) {
      auto key = text::lower_ascii(text::nfc(from));  // matched against NFC query words
      for (const auto& to : forms) {
        if (&to == &from) continue;
        auto value = text::lower_ascii(text::nfc(to));
        // Xapian expands a synonym into single terms; multi-word expansions are
        // handled by the query builder.
        if (value.find(' ') != std::string::npos || value == key) continue;
        db.add_synonym(key, value);
      }
    }
  }
}

// Records each source's cleaned text (GET /api/v1/sources/{id}), read again from the
// corpus folder one file at a time, so that a build never holds more than one document's
// text for it: the lines the importers read, whose numbers the citations give. XML
// sources go through the same cleaning (tags removed, line numbers kept). Nothing is
// recorded for a corpus built in memory (no folder).
void write_source_texts(Xapian::WritableDatabase& db, const Corpus& corpus) {
  if (corpus.dir.empty()) return;
  std::filesystem::path root(corpus.dir);
  std::size_t since_commit = 0;
  constexpr std::size_t commit_every_bytes = 4 << 20;
  for (const auto& source : corpus.sources) {
    if (source.file.empty()) continue;
    auto path = (root / source.file).string();
    std::vector<SourceLine> lines;
    // Each format read as the importers read it (a PDF's text, not its bytes).
    lines = read_document(path, path).lines;
    for (const auto& l : lines) since_commit += l.text.size() + 1;
    write_source_text(db, source.id, lines);
    if (since_commit >= commit_every_bytes) {
      db.commit();
      since_commit = 0;
    }
  }
}

}  // namespace

void write_generation(const Corpus& corpus, const std::string& path, const WriteProgress& progress,
                      const BuildOptions& options) {
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
      stem = stemmers.emplace(u.lang, stemmer_for(u.lang, options.english_stemmer)).first;
    generator.set_stemmer(stem->second);
    generator.set_stopper(stopper_for(u.lang, options.english_stopwords));
    auto& spelled = spelling_text[u.source_id];
    generator.set_flags(spelled < spelling_text_bytes_per_source
                            ? Xapian::TermGenerator::FLAG_SPELLING
                            : Xapian::TermGenerator::flags(0));
    spelled += u.title.size() + u.text.size();
    bool shared_title = titles[{u.source_id, u.title}] > 1;
    db.add_document(
        unit_document(u, source_dates[u.source_id], ++ordinal, generator, options, shared_title));
    text_since_commit += u.title.size() + u.text.size();
    if (text_since_commit >= commit_every_text_bytes) {
      db.commit();
      text_since_commit = 0;
    }
    if (progress && (ordinal % 500 == 0 || ordinal == corpus.units.size()))
      progress(ordinal, corpus.units.size());
  }
  db.commit();  // the units' last buffer, before the texts take memory
  write_source_texts(db, corpus);
  add_synonyms(db, corpus.glossary);
  write_metadata(db, metadata_of(corpus, options));
  write_source_states(db, corpus, options);  // what an incremental update reuses
  db.commit();
  db.close();
}

}  // namespace kb::detail
