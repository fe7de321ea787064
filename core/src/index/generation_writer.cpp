#include "index/generation_writer.h"

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "corpus/xml_file.h"
#include "index/corpus_metadata.h"
#include "index/index_metadata.h"
#include "index/shards.h"
#include "index/source_state.h"
#include "index/unit_codec.h"
#include "kb/error.h"
#include "kb/schema.h"
#include "parallel.h"
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

// Records the cleaned text of each of `sources` (GET /api/v1/sources/{id}) as the import
// recorded it, committing every few MiB so that Xapian's buffer stays small.
void write_source_texts(Xapian::WritableDatabase& db, const Corpus& corpus,
                        const std::vector<const SourceDocument*>& sources) {
  std::size_t since_commit = 0;
  constexpr std::size_t commit_every_bytes = 4 << 20;
  for (const auto* source : sources) {
    auto record = corpus.source_texts.find(source->id);
    if (record == corpus.source_texts.end() || record->second.empty()) continue;
    write_source_text(db, source->id, record->second);
    since_commit += record->second.size();
    if (since_commit >= commit_every_bytes) {
      db.commit();
      since_commit = 0;
    }
  }
}

// What every shard writer reads and nobody writes while they run.
struct WriteContext {
  const Corpus& corpus;
  const BuildOptions& options;
  std::map<std::string, std::string> source_dates;
  std::map<std::pair<std::string, std::string>, int> titles;  // (source, title) -> units
  std::atomic<std::size_t> written{0};                        // units, over all shards

  // Per unit: whether its words go to spelling. They come from the first part of each
  // document (SourceState::spelling_units): its vocabulary is there, and a huge document
  // of distinct tokens (a dump, base64) would only bloat the table. Decided in corpus
  // order, so that every split of the units into shards spells the same words.
  std::vector<bool> spelled;

  WriteContext(const Corpus& c, const BuildOptions& o) : corpus(c), options(o) {
    for (const auto& s : corpus.sources) source_dates[s.id] = s.date;
    std::map<std::string, std::size_t> spelling_text;  // per source, bytes given to spelling
    spelled.reserve(corpus.units.size());
    for (const auto& u : corpus.units) {
      ++titles[{u.source_id, u.title}];
      auto& bytes = spelling_text[u.source_id];
      spelled.push_back(bytes < spelling_bytes_of_a_source);
      bytes += u.title.size() + u.text.size();
    }
  }
};

// The units one thread writes into one database: begin, begin + step, ... below end.
struct Shard {
  std::size_t begin = 0, end = 0, step = 1;
  std::vector<const SourceDocument*> texts;  // the sources whose text it records
  SpellingCounts spelling;                   // filled by write_shard with `keep_spelling`
};

// Splits the units into at most `n` runs of about equal text, cutting only between two
// sources, so a source's units (and its spelling share) stay in one writer. Each source's
// text goes with the shard holding its first unit (the last shard when it has none).
std::vector<Shard> plan_shards(const Corpus& corpus, unsigned n) {
  const auto& units = corpus.units;
  std::size_t total = 0;
  for (const auto& u : units) total += u.title.size() + u.text.size() + 1;
  std::vector<Shard> shards(1);
  std::size_t so_far = 0;
  for (std::size_t i = 0; i < units.size(); ++i) {
    bool boundary = i > 0 && units[i].source_id != units[i - 1].source_id;
    if (boundary && shards.size() < n && so_far * n >= total * shards.size()) {
      shards.back().end = i;
      shards.push_back({i, i, 1, {}, {}});
    }
    so_far += units[i].title.size() + units[i].text.size() + 1;
  }
  shards.back().end = units.size();
  std::map<std::string, std::size_t> shard_of_source;
  for (std::size_t k = 0; k < shards.size(); ++k)
    for (std::size_t i = shards[k].begin; i < shards[k].end; ++i)
      shard_of_source.emplace(units[i].source_id, k);
  for (const auto& s : corpus.sources) {
    auto it = shard_of_source.find(s.id);
    shards[it == shard_of_source.end() ? shards.size() - 1 : it->second].texts.push_back(&s);
  }
  return shards;
}

// The shards of a sharded generation (kb-index --shards): unit i in shard i % n, so that
// the stub's interleaved document ids ((local - 1) * n + shard + 1) are the single
// database's (i + 1) and every result, tie and sample comes out as one index gives them.
// The source texts go to the metadata database.
std::vector<Shard> round_robin_shards(const Corpus& corpus, unsigned n) {
  std::vector<Shard> shards;
  for (unsigned k = 0; k < n; ++k) shards.push_back({k, corpus.units.size(), n, {}, {}});
  return shards;
}

// Writes one shard's units and source texts into a new database at `path`; `progress`
// (only for a writer on the calling thread) hears every 500 units.
// With `keep_spelling` the spelling words are left in shard.spelling for the caller
// instead of the shard's database.
void write_shard(WriteContext& ctx, Shard& shard, const std::string& path, int db_flags,
                 const WriteProgress& progress = {}, bool keep_spelling = false) {
  const auto& units = ctx.corpus.units;
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | db_flags);
  auto generator = unit_generator();
  std::map<std::string, Xapian::Stem> stemmers;
  // Xapian holds every posting and position of the build in memory until a commit,
  // several hundred bytes per distinct word: one commit at the end made a 4 MB document
  // of distinct words cost 800 MB. Committing after each slice of text bounds that
  // buffer; nothing is published before the generation is complete.
  std::size_t text_since_commit = 0;
  constexpr std::size_t commit_every_text_bytes = 256 << 10;
  auto& spelling = shard.spelling;
  for (std::size_t i = shard.begin; i < shard.end; i += shard.step) {
    const auto& u = units[i];
    configure_for(generator, stemmers, u, ctx.options);
    bool shared_title = ctx.titles.at({u.source_id, u.title}) > 1;
    auto date = ctx.source_dates.find(u.source_id);
    auto doc = unit_document(u, date == ctx.source_dates.end() ? "" : date->second,
                             static_cast<double>(i + 1), generator, ctx.options, shared_title);
    if (ctx.spelled[i]) count_spelling_words(doc, spelling);
    db.add_document(doc);
    auto written = ++ctx.written;
    if (progress && written % 500 == 0) progress(written, units.size());
    text_since_commit += u.title.size() + u.text.size();
    if (text_since_commit >= commit_every_text_bytes) {
      db.commit();
      text_since_commit = 0;
    }
  }
  if (!keep_spelling) {
    add_spelling_words(db, spelling);
    spelling.clear();
  }
  db.commit();  // the units' last buffer, before the texts take memory
  write_source_texts(db, ctx.corpus, shard.texts);
  db.commit();
  db.close();
}

// Runs the shard writers on their own threads, reporting progress from this one about
// four times a second. Rethrows the first shard's error once all have stopped.
void write_shards(WriteContext& ctx, std::vector<Shard>& shards,
                  const std::vector<std::string>& paths, const WriteProgress& progress,
                  int db_flags, bool keep_spelling) {
  std::vector<std::exception_ptr> errors(shards.size());
  std::mutex mutex;
  std::condition_variable finished;
  std::size_t running = shards.size();
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < shards.size(); ++k)
    threads.emplace_back([&, k] {
      try {
        write_shard(ctx, shards[k], paths[k], db_flags, {}, keep_spelling);
      } catch (...) {
        errors[k] = std::current_exception();
      }
      std::lock_guard lock(mutex);
      --running;
      finished.notify_all();
    });
  {
    std::unique_lock lock(mutex);
    while (!finished.wait_for(lock, std::chrono::milliseconds(250), [&] { return running == 0; }))
      if (progress) progress(ctx.written.load(), ctx.corpus.units.size());
  }
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

// The generation-wide records, written last into the generation's database.
void write_corpus_records(Xapian::WritableDatabase& db, const Corpus& corpus,
                          const BuildOptions& options) {
  add_synonyms(db, corpus.glossary);
  write_metadata(db, metadata_of(corpus, options));
  write_source_states(db, corpus, options);  // what an incremental update reuses
  db.commit();
}

// A sharded generation: the shard databases `shard-<k>/`, written in parallel and kept;
// `meta/`, a database with no documents holding what a reader needs whatever serves the
// shards (metadata, glossary synonyms, spelling, source texts, document states, and the
// shards' names and UUIDs); and `XAPIANDB`, a Xapian stub over the shards, so that
// Xapian's own tools (xapian-delve, quest) open the generation as one database.
void write_sharded_generation(const Corpus& corpus, const std::string& path,
                              const WriteProgress& progress, const BuildOptions& options) {
  namespace fs = std::filesystem;
  WriteContext ctx(corpus, options);
  auto shards = round_robin_shards(corpus, options.shards);
  std::vector<std::string> names, paths;
  for (std::size_t k = 0; k < shards.size(); ++k) {
    names.push_back("shard-" + std::to_string(k));
    paths.push_back((fs::path(path) / names.back()).string());
  }
  write_shards(ctx, shards, paths, progress, 0, true);
  if (progress) progress(corpus.units.size(), corpus.units.size());

  Xapian::WritableDatabase meta(shard_meta_path(path),
                                Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  std::vector<const SourceDocument*> texts;
  for (const auto& s : corpus.sources) texts.push_back(&s);
  write_source_texts(meta, corpus, texts);
  SpellingCounts spelling;
  std::vector<ShardRecord> records;
  for (std::size_t k = 0; k < shards.size(); ++k) {
    for (const auto& [word, n] : shards[k].spelling) spelling[word] += n;
    Xapian::Database shard(paths[k]);
    records.push_back({names[k], shard.get_uuid(), shard.get_doccount()});
  }
  add_spelling_words(meta, spelling);
  write_shard_records(meta, records);
  write_corpus_records(meta, corpus, options);
  meta.close();
  write_stub(path, names);
}

}  // namespace

void write_generation(const Corpus& corpus, const std::string& path, const WriteProgress& progress,
                      const BuildOptions& options) {
  if (options.shards > 1) return write_sharded_generation(corpus, path, progress, options);
  WriteContext ctx(corpus, options);
  auto shards = plan_shards(corpus, worker_count(options.jobs, corpus.sources.size()));
  if (shards.size() == 1) {
    write_shard(ctx, shards.front(), path, 0, progress);
  } else {
    // Several writers, each into its own database, merged by Xapian's compactor in shard
    // order: document ids, statistics and spelling frequencies come out as one writer
    // would have made them, and the merged tables are compact besides.
    std::vector<std::string> paths;
    for (std::size_t k = 0; k < shards.size(); ++k)
      paths.push_back((std::filesystem::path(path) / ("shard-" + std::to_string(k))).string());
    // No fsync: a shard lives only until it is compacted into the generation.
    write_shards(ctx, shards, paths, progress, Xapian::DB_NO_SYNC, false);
    {
      Xapian::Database all;
      for (const auto& p : paths) all.add_database(Xapian::Database(p));
      all.compact(path, Xapian::Compactor::FULL);
    }
    for (const auto& p : paths) std::filesystem::remove_all(p);
  }
  if (progress) progress(corpus.units.size(), corpus.units.size());
  Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
  write_corpus_records(db, corpus, options);
  db.close();
}

}  // namespace kb::detail
