// kb::update_index: an incremental update of the published generation when the corpus
// folder allows it, else a full build (publish_index).
//
// Everything that can refuse the update (what changed, reading the previous generation,
// importing the changed documents, ids used twice, room between unit positions) is
// decided here in the caller's process, under the build lock; the writer (in a child
// process, as for a full build) only copies, deletes, adds and commits.
#include "index/incremental.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "import/corpus_load.h"
#include "index/folder.h"
#include "index/generation_writer.h"
#include "index/index_metadata.h"
#include "index/source_state.h"
#include "index/unit_codec.h"
#include "kb/error.h"
#include "kb/index_writer.h"
#include "kb/schema.h"
#include "text/hash.h"
#include "text/language.h"

namespace fs = std::filesystem;

namespace kb {
namespace detail {
namespace {

void copy_one_file(const fs::path& from, const fs::path& to) {
  auto fail = [&](const std::string& what) {
    throw Error(ErrorCode::io_error,
                "cannot copy " + from.string() + " to " + to.string() + ": " + what);
  };
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) fail(std::strerror(errno));
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) {
    int err = errno;
    ::close(in);
    fail(std::strerror(err));
  }
  auto close_both = [&] {
    ::close(in);
    ::close(out);
  };
  if (::ioctl(out, FICLONE, in) == 0) {  // btrfs, XFS: shares blocks, copies on write
    close_both();
    return;
  }
  bool plain = false;
  for (;;) {
    auto n = ::copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0);
    if (n > 0) continue;
    if (n == 0) break;
    if (errno == EINTR) continue;
    if (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL) {
      plain = true;
      break;
    }
    int err = errno;
    close_both();
    fail(std::strerror(err));
  }
  if (plain) {
    char buf[1 << 16];
    for (;;) {
      auto n = ::read(in, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int err = errno;
        close_both();
        fail(std::strerror(err));
      }
      if (n == 0) break;
      for (ssize_t done = 0; done < n;) {
        auto w = ::write(out, buf + done, static_cast<std::size_t>(n - done));
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) {
          int err = errno;
          close_both();
          fail(std::strerror(err));
        }
        done += w;
      }
    }
  }
  if (::close(out) != 0) {
    int err = errno;
    ::close(in);
    fail(std::strerror(err));
  }
  ::close(in);
}

}  // namespace

void copy_generation_files(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(from, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    auto name = it->path().filename().string();
    if (name == "flintlock" || name == ".kb-index") continue;
    if (!it->is_regular_file()) continue;
    copy_one_file(it->path(), to / name);
  }
  if (ec) throw Error(ErrorCode::io_error, "cannot read " + from.string() + ": " + ec.message());
}

namespace {

// A document re-imported for this update, with its units' positions.
struct Update {
  const ListedDocument* document = nullptr;
  ListedImport imported;
  SourceState state;
  std::vector<double> positions;
};

struct Plan {
  fs::path previous;                        // the published generation
  std::vector<const SourceState*> removed;  // changed and removed sources' old states
  std::vector<Update*> updates;             // changed and added documents
  std::vector<SourceState> restamped;       // unchanged content, new size or mtime
  IndexMetadata metadata;
  BuildOptions options;
};

// Units with the same title as another unit of their source (write_generation's
// shared_title).
std::map<std::string, int> title_counts(const std::vector<Unit>& units) {
  std::map<std::string, int> titles;
  for (const auto& u : units) ++titles[u.title];
  return titles;
}

// The units of source `id` in `db`, in position order.
std::vector<Unit> stored_units(const Xapian::Database& db, const std::string& id) {
  std::vector<std::pair<double, Unit>> units;
  auto term = std::string(schema::prefix_source) + id;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    auto doc = db.get_document(*it);
    units.emplace_back(Xapian::sortable_unserialise(doc.get_value(schema::slot_position)),
                       unit_from_stored(nlohmann::json::parse(doc.get_data())));
  }
  std::stable_sort(units.begin(), units.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Unit> out;
  for (auto& [p, u] : units) out.push_back(std::move(u));
  return out;
}

// The spelling words the removed sources gave the table (their first units' words, as
// the writer counted them), subtracted.
void remove_spelling_of(Xapian::WritableDatabase& db, const Plan& plan) {
  auto generator = unit_generator();
  std::map<std::string, Xapian::Stem> stemmers;
  SpellingCounts spelling;
  for (const auto* state : plan.removed) {
    auto units = stored_units(db, state->id);
    auto titles = title_counts(units);
    for (std::size_t i = 0; i < units.size() && i < state->spelling_units; ++i) {
      configure_for(generator, stemmers, units[i], plan.options);
      count_spelling_words(
          unit_document(units[i], "", 0, generator, plan.options, titles[units[i].title] > 1),
          spelling);
    }
  }
  remove_spelling_words(db, spelling);
}

void write_update(const Plan& plan, const fs::path& tmp) {
  copy_generation_files(plan.previous, tmp);
  Xapian::WritableDatabase db(tmp.string(), Xapian::DB_OPEN);
  if (!plan.removed.empty()) remove_spelling_of(db, plan);
  for (const auto* state : plan.removed) {
    db.delete_document(std::string(schema::prefix_source) + state->id);
    db.set_metadata(std::string(schema::meta_source_text_prefix) + state->id, "");
    db.set_metadata(std::string(schema::meta_source_state_prefix) + state->file, "");
  }
  auto generator = unit_generator();
  std::map<std::string, Xapian::Stem> stemmers;
  SpellingCounts spelling;
  for (const auto* update : plan.updates) {
    const auto& units = update->imported.units;
    const auto& source = update->imported.source;
    auto titles = title_counts(units);
    for (std::size_t i = 0; i < units.size(); ++i) {
      configure_for(generator, stemmers, units[i], plan.options);
      auto doc = unit_document(units[i], source.date, update->positions[i], generator, plan.options,
                               titles[units[i].title] > 1);
      if (i < update->state.spelling_units) count_spelling_words(doc, spelling);
      db.add_document(doc);
    }
    write_source_text(db, source.id, update->imported.text_record);
    db.set_metadata(std::string(schema::meta_source_state_prefix) + update->state.file,
                    state_to_json(update->state));
  }
  for (const auto& state : plan.restamped)
    db.set_metadata(std::string(schema::meta_source_state_prefix) + state.file,
                    state_to_json(state));
  add_spelling_words(db, spelling);
  write_metadata(db, plan.metadata);
  db.commit();
  db.close();
}

// The incremental update, or why it cannot be done ("" when it was).
std::string try_update(const std::string& corpus_dir, const std::string& index_dir,
                       const UpdateOptions& options, UpdateReport& report) {
  fs::path dir(index_dir);
  std::error_code ec;
  if (!fs::is_symlink(dir / "current", ec)) return "no published generation";
  prepare_index_folder(dir);
  BuildLock lock(dir);
  check_current_is_ours(dir);
  auto previous = published_generation_name(dir);
  if (previous.empty()) return "no published generation";
  collect_garbage(dir, {previous});
  auto previous_path = dir / previous;
  // A sharded generation is always written whole: its shards may be served (and
  // replicated) from other machines, and a shard changed in place would be out of step.
  if (options.build.shards > 1) return "--shards builds are always full";
  if (fs::exists(previous_path / "XAPIANDB", ec)) return "the published generation is sharded";

  std::optional<Xapian::Database> db;
  IndexMetadata metadata;
  std::string key;
  std::map<std::string, SourceState> states;
  try {
    db.emplace(previous_path.string());
    metadata = read_metadata(*db, previous_path.string());
    key = db->get_metadata(std::string(schema::meta_corpus_key));
    states = read_source_states(*db);
  } catch (const Xapian::Error& e) {
    return "the published generation cannot be read (" + e.get_description() + ")";
  } catch (const Error& e) {
    return std::string("the published generation cannot be read (") + e.what() + ")";
  }
  if (key.empty() || states.empty()) return "the published generation records no document states";

  Corpus& corpus = report.corpus;
  auto listing = list_corpus(corpus_dir, corpus);
  if (corpus_key(corpus.settings_hash, options.build) != key)
    return "catalog.xml, taxonomy.xml or glossary.xml, the build options or kb's version "
           "changed";

  // What changed: stat every document, hash only those whose stat differs.
  struct Entry {
    const ListedDocument* document;
    const SourceState* reused = nullptr;  // else re-imported
    Update* update = nullptr;
  };
  std::vector<Entry> entries;
  std::vector<std::unique_ptr<Update>> updates;
  std::set<std::string> listed;
  Plan plan;
  plan.previous = previous_path;
  plan.options = options.build;
  constexpr std::int64_t racy_ns = 2'000'000'000;  // mtime this close to the stat: re-hash
  for (const auto& d : listing.documents) {
    listed.insert(d.relative);
    Entry e{&d};
    auto it = states.find(d.relative);
    if (it != states.end()) {
      const auto& recorded = it->second.stamp;
      SourceStamp now;
      if (stat_stamp(d.path, now) && now.size == recorded.size &&
          now.mtime_ns == recorded.mtime_ns && recorded.mtime_ns + racy_ns < recorded.stat_ns) {
        e.reused = &it->second;
      } else if (now.hash = text::file_hash(d.path.string());
                 !now.hash.empty() && now.hash == recorded.hash) {
        e.reused = &it->second;
        plan.restamped.push_back(it->second);
        plan.restamped.back().stamp = now;
      } else {
        plan.removed.push_back(&it->second);
        ++report.updated;
      }
    } else {
      ++report.added;
    }
    if (!e.reused) {
      updates.push_back(std::make_unique<Update>());
      e.update = updates.back().get();
      e.update->document = &d;
    }
    entries.push_back(e);
  }
  const SourceState* glossary = nullptr;
  for (const auto& [file, state] : states) {
    if (file == "glossary.xml") {
      glossary = &state;
    } else if (!listed.count(file)) {
      plan.removed.push_back(&state);
      ++report.removed;
    }
  }
  auto touched = report.updated + report.added + report.removed;
  auto documents = listing.documents.size() + report.removed;
  if (3 * touched > documents)
    return std::to_string(touched) + " of " + std::to_string(documents) +
           " documents were added, changed or removed (more than a third)";

  // Import what changed, as a full load would.
  std::size_t done = 0;
  for (auto& u : updates) {
    u->imported = import_listed(listing, corpus.taxonomy, *u->document);
    if (options.import_progress)
      options.import_progress(++done, updates.size(), u->document->path.string(),
                              u->imported.units.size());
  }

  // Ids used twice across documents: the full build reports them with its own words.
  std::set<std::string> source_ids{"glossary"};
  for (const auto& e : entries)
    if (e.reused) source_ids.insert(e.reused->id);
  std::set<std::string> new_units;
  for (const auto& u : updates) {
    if (!source_ids.insert(u->imported.source.id).second) return "a document id is used twice";
    for (const auto& unit : u->imported.units) {
      if (!new_units.insert(unit.id).second) return "a unit id is used twice";
      auto term = std::string(schema::prefix_id) + unit.id;
      for (auto p = db->postlist_begin(term); p != db->postlist_end(term); ++p) {
        auto owner = db->get_document(*p).get_value(schema::slot_source);
        if (std::any_of(entries.begin(), entries.end(),
                        [&](const Entry& e) { return e.reused && e.reused->id == owner; }) ||
            (glossary && owner == glossary->id))
          return "a unit id is used twice";
      }
    }
  }

  // Positions: a re-imported document's units go between its reused neighbours'.
  auto range_of = [&](const std::string& id) {
    double lo = 0, hi = 0;
    bool first = true;
    auto term = std::string(schema::prefix_source) + id;
    for (auto p = db->postlist_begin(term); p != db->postlist_end(term); ++p) {
      double v =
          Xapian::sortable_unserialise(db->get_document(*p).get_value(schema::slot_position));
      if (first || v < lo) lo = v;
      if (first || v > hi) hi = v;
      first = false;
    }
    return std::make_pair(lo, hi);
  };
  std::vector<const SourceState*> order;  // reused neighbours, nullptr for an update
  for (const auto& e : entries) order.push_back(e.reused);
  if (glossary) order.push_back(glossary);
  for (std::size_t i = 0; i < order.size();) {
    if (order[i]) {
      ++i;
      continue;
    }
    std::size_t j = i;
    std::size_t n = 0;
    while (j < order.size() && !order[j]) n += entries[j++].update->imported.units.size();
    std::optional<double> low, high;
    if (i > 0) low = range_of(order[i - 1]->id).second;
    if (j < order.size()) high = range_of(order[j]->id).first;
    if (!low && !high) return "no document is reused";
    double lo = low ? *low : *high - static_cast<double>(n + 1);
    double hi = high ? *high : *low + static_cast<double>(n + 1);
    double step = (hi - lo) / static_cast<double>(n + 1), last = lo;
    std::size_t k = 0;
    for (std::size_t m = i; m < j; ++m)
      for (std::size_t u = 0; u < entries[m].update->imported.units.size(); ++u) {
        double p = lo + step * static_cast<double>(++k);
        if (!(p > last) || !(p < hi))
          return "no room is left between unit positions (a full build renumbers them)";
        entries[m].update->positions.push_back(p);
        last = p;
      }
    i = j;
  }

  // The new states, sources and warnings, in corpus order.
  std::map<std::string, const SourceDocument*> old_sources;
  for (const auto& s : metadata.sources) old_sources[s.id] = &s;
  std::vector<SourceDocument> sources;
  std::vector<const SourceState*> new_states;
  std::map<std::string, const SourceState*> restamped;
  for (const auto& s : plan.restamped) restamped[s.file] = &s;
  for (auto& e : entries) {
    if (e.reused) {
      auto it = old_sources.find(e.reused->id);
      if (it == old_sources.end()) return "the published generation lacks source " + e.reused->id;
      sources.push_back(*it->second);
      auto r = restamped.find(e.reused->file);
      new_states.push_back(r != restamped.end() ? r->second : e.reused);
      for (const auto& [line, message] : e.reused->import_warnings)
        corpus.import_warnings.push_back({(listing.root / e.reused->file).string(), message, line});
      continue;
    }
    auto& u = *e.update;
    const Unit* units = u.imported.units.data();
    u.state =
        source_state(u.imported.source, units, units + u.imported.units.size(), corpus.taxonomy);
    u.state.file = u.document->relative;
    u.state.stamp = u.imported.stamp;
    for (const auto& w : u.imported.import_warnings) {
      u.state.import_warnings.emplace_back(w.line, w.message);
      corpus.import_warnings.push_back(w);
    }
    corpus.stamps[u.document->relative] = u.imported.stamp;
    sources.push_back(u.imported.source);
    new_states.push_back(&u.state);
    plan.updates.push_back(&u);
    report.units_written += u.imported.units.size();
    corpus.units.insert(corpus.units.end(), u.imported.units.begin(), u.imported.units.end());
  }
  if (glossary) {
    auto it = old_sources.find(glossary->id);
    if (it == old_sources.end()) return "the published generation lacks the glossary source";
    sources.push_back(*it->second);
    new_states.push_back(glossary);
  }
  for (const auto* s : plan.removed) report.units_removed += s->units;
  report.reused = listing.documents.size() - updates.size();
  plan.metadata =
      assemble_metadata(corpus.taxonomy, corpus.glossary, sources, new_states, options.build);
  report.counts = unit_counts(new_states);
  corpus.sources = sources;
  if (options.before_write) options.before_write(corpus);

  db.reset();  // closed before the writer forks
  auto name = new_generation_name();
  auto tmp = staging_path(dir, name);
  fs::create_directory(tmp, ec);
  if (ec) throw Error(ErrorCode::io_error, "cannot create " + tmp.string() + ": " + ec.message());
  try {
    mark_generation(tmp);
    auto write = [&] { write_update(plan, tmp); };
    if (only_thread_of_process()) {
      run_writer_in_child(write, tmp, lock.fd());
    } else {
      try {
        write();
      } catch (const Xapian::Error& e) {
        throw Error(ErrorCode::io_error, e.get_description());
      }
    }
  } catch (const Error& e) {
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::io_error,
                "writing a new index generation in " + index_dir + " failed: " + e.what() +
                    "; the temporary generation was removed and the published index is "
                    "unchanged");
  }
  report.generation_dir = publish_generation(dir, tmp, name).string();
  collect_garbage(dir, {name, previous});
  report.incremental = true;
  return "";
}

}  // namespace
}  // namespace detail

UnitCounts unit_counts(const Corpus& corpus) {
  UnitCounts c;
  for (const auto& u : corpus.units) {
    ++c.units;
    ++c.per_kind[u.kind];
    ++c.per_source[u.source_id];
    if (u.themes.empty() && !is_name_kind(u.kind)) ++c.without_theme;
    for (const auto& t : u.themes) ++c.per_theme[t.id];
    auto r = std::find_if(c.reviews.begin(), c.reviews.end(),
                          [&](const auto& p) { return p.first == u.review; });
    if (r == c.reviews.end())
      c.reviews.emplace_back(u.review, 1);
    else
      ++r->second;
  }
  return c;
}

UpdateReport update_index(const std::string& corpus_dir, const std::string& index_dir,
                          const UpdateOptions& options) {
  std::string reason = "--full";
  if (!options.full) {
    UpdateReport report;
    reason = detail::try_update(corpus_dir, index_dir, options, report);
    if (reason.empty()) return report;
  }
  UpdateReport report;
  report.full_reason = reason;
  report.corpus = load_corpus(corpus_dir, options.import_progress, options.build.jobs);
  if (options.before_write) options.before_write(report.corpus);
  report.generation_dir =
      publish_index(report.corpus, index_dir, options.write_progress, options.build).generation_dir;
  report.counts = unit_counts(report.corpus);
  report.added = report.corpus.sources.size();
  report.units_written = report.corpus.units.size();
  return report;
}

}  // namespace kb
