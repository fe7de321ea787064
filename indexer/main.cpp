// kb-index: reads a corpus folder, validates it and publishes a new search index.
// Exit codes: 0 published (or --check passed), 1 bad input or build failure, 2 usage.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "build_warnings.h"
#include "explain.h"
#include "kb/api/errors.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_folder.h"
#include "kb/index_writer.h"
#include "kb/installation.h"
#include "kb/review.h"
#include "kb/terminal.h"
#include "watch.h"

namespace {

std::string default_corpus_dir() {
  if (const char* env = std::getenv("KB_CORPUS"); env && *env) return env;
  if (std::filesystem::is_directory("corpus")) return "corpus";
  // The bundled corpus: share/kb/corpus beside the program (installed or build tree).
  if (auto bundled = kb::shipped_data_dir("corpus")) return bundled->string();
  return "corpus";
}

struct Summary {
  std::map<std::string, std::size_t> per_kind, per_source, per_theme;
  std::size_t units = 0, without_theme = 0;
  std::string today;                               // the date the review states are as of
  std::map<kb::ReviewStatus, std::size_t> review;  // units per review status
};

Summary summarise(const kb::UnitCounts& counts) {
  Summary s;
  s.today = kb::review_today();
  s.units = counts.units;
  s.without_theme = counts.without_theme;
  s.per_kind = counts.per_kind;
  s.per_source = counts.per_source;
  s.per_theme = counts.per_theme;
  for (const auto& [review, n] : counts.reviews)
    s.review[kb::review_state(review, s.today).status] += n;
  return s;
}

// "1,234"
std::string thousands(std::size_t n) {
  auto digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return thousands(n) + " " + (n == 1 ? one : many);
}

// "12 stale, 40 unreviewed, 3 due, 127 fresh": the ones needing a curator first.
std::string review_line(const Summary& s) {
  std::string out;
  for (auto status : {kb::ReviewStatus::stale, kb::ReviewStatus::unreviewed, kb::ReviewStatus::due,
                      kb::ReviewStatus::fresh}) {
    auto it = s.review.find(status);
    if (it == s.review.end()) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(it->second) + " " +
           std::string(kb::to_string(status));
  }
  return out;
}

nlohmann::json review_json(const Summary& s) {
  nlohmann::json j = {{"as_of", s.today}};
  for (auto status : {kb::ReviewStatus::fresh, kb::ReviewStatus::due, kb::ReviewStatus::stale,
                      kb::ReviewStatus::unreviewed}) {
    auto it = s.review.find(status);
    j[std::string(kb::to_string(status))] = it == s.review.end() ? 0 : it->second;
  }
  return j;
}

// A heading and its rows by name; a table of more than `max_rows` rows (an archive's
// thousands of sources) shows only its largest rows, largest first, and says so.
void print_table(const char* heading, const std::map<std::string, std::size_t>& rows,
                 const kb::term::Style& style, std::size_t max_rows = 40) {
  if (rows.empty()) return;
  std::vector<std::pair<std::string, std::size_t>> shown(rows.begin(), rows.end());
  std::string title = heading;
  if (shown.size() > max_rows) {
    const std::size_t largest = max_rows / 2;
    std::stable_sort(shown.begin(), shown.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    title += " (the " + std::to_string(largest) + " largest of " + std::to_string(shown.size()) +
             "; --json lists every one)";
    shown.resize(largest);
  }
  std::cout << style.bold(title) << "\n";
  std::size_t width = 0;
  for (const auto& [name, n] : shown) width = std::max(width, name.size());
  for (const auto& [name, n] : shown)
    std::cout << "  " << name << std::string(width - name.size() + 2, ' ') << n << "\n";
}

nlohmann::json warning_messages(const kb::Corpus& corpus) {
  auto list = nlohmann::json::array();
  for (const auto& w : corpus.warnings) list.push_back({{"file", w.file}, {"message", w.message}});
  return list;
}

nlohmann::json import_warning_messages(const kb::Corpus& corpus) {
  auto list = nlohmann::json::array();
  for (const auto& w : corpus.import_warnings)
    list.push_back({{"file", w.file}, {"line", w.line}, {"message", w.message}});
  return list;
}

}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (or a full disk) must surface as a write error we can report,
  // not as a signal that kills the build without a word.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{
      "kb-index: build the kb search index from a corpus folder.\n\n"
      "Reads CORPUS_DIR (catalog.xml, taxonomy.xml, glossary.xml and documents/), cuts every\n"
      "document into units (messages, proof points, audience guidance, answers, passages...),\n"
      "and publishes a new index generation in INDEX_DIR atomically: a failed or interrupted\n"
      "build never touches the index being served. A malformed file is reported as\n"
      "file:line: what is wrong, and nothing is published. Only files inside CORPUS_DIR are\n"
      "read: symbolic links leaving it, FIFOs and devices are refused by name.\n\n"
      "What is skipped (an unreadable folder, a file in documents/ that is not a document)\n"
      "is reported as a warning on stderr and counted in the summary; --strict makes any\n"
      "warning an error. So are import warnings: a framework that yields no audience\n"
      "guidance, a message without proof points (nothing is skipped; --explain FILE shows\n"
      "how the document was cut).\n\n"
      "INDEX_DIR must be new, empty, or a folder kb-index made (it holds a .kb-index marker);\n"
      "kb-index removes or replaces only generations and links that carry its marker and\n"
      "refuses any other non-empty folder.\n\n"
      "Exit codes: 0 success, 1 invalid corpus, warnings with --strict, or build failure,\n"
      "2 usage error.\n\n"
      "--watch builds and publishes, then rebuilds and republishes after every change to\n"
      "the corpus (inotify; --debounce MS of quiet time first), one line per rebuild. A\n"
      "failed rebuild leaves the index as it was and the watch goes on. SIGINT/SIGTERM stop\n"
      "it (exit 0); a removed corpus folder stops it with exit 1. --watch with --check is a\n"
      "usage error.\n\n"
      "Republishing is incremental: when the published generation was built from the same\n"
      "catalog.xml, taxonomy.xml, glossary.xml, options and kb version, only documents that\n"
      "were added or changed (size and mtime, then a content hash) are imported, validated\n"
      "and indexed, removed ones are dropped, and the rest of the generation is reused as\n"
      "it was validated then. Otherwise (or when more than a third of the documents\n"
      "changed) everything is rebuilt; --full always rebuilds. --check validates the whole\n"
      "corpus.",
      "kb-index"};
  app.set_version_flag("--version", "kb-index " + kb::version());
  std::string corpus_dir = default_corpus_dir();
  std::string out_dir = kb::default_index_dir();
  bool check = false, quiet = false, json = false, strict = false, full = false;
  std::string color = "auto";
  app.add_option("CORPUS_DIR", corpus_dir,
                 "Corpus folder (default: $KB_CORPUS, ./corpus, or the bundled corpus)");
  app.add_option("-o,--out", out_dir,
                 "Index folder to publish into (default: $KB_INDEX or ~/.local/share/kb/index)");
  app.add_flag("--check", check, "Validate the corpus and print the summary; publish nothing");
  app.add_flag("--strict", strict,
               "Treat warnings (skipped folders and files, import warnings) as errors: exit 1, "
               "publish nothing");
  app.add_flag("--full", full,
               "Re-import and re-index every document, even when an incremental update is "
               "possible");
  unsigned jobs = 0;
  app.add_option("-j,--jobs", jobs,
                 "Threads importing and indexing (default 0: one per core); the index is the "
                 "same for any number")
      ->check(CLI::Range(0, 256));
  unsigned shards = 0;
  app.add_option("--shards", shards,
                 "Keep N shard databases (written in parallel) searched through a Xapian stub; "
                 "each can be served by xapian-tcpsrv on another machine (default: one "
                 "database). Results are the same; a sharded index is always rebuilt in full")
      ->type_name("N")
      ->check(CLI::Range(0, 64));
  app.add_flag("-q,--quiet", quiet, "No progress on stderr");
  app.add_flag("--json", json, "Print the summary as JSON on stdout");
  app.add_option("--color", color, "Colour: auto (default), always or never");
  std::string explain_file;
  auto* explain =
      app.add_option("--explain", explain_file,
                     "Print how FILE is understood (kind, sections, messages and proof points, "
                     "audience guidance, dropped artefacts, warnings); build nothing")
          ->type_name("FILE");
  bool watch = false;
  int debounce_ms = 500;
  auto* watch_flag =
      app.add_flag("--watch", watch, "Rebuild and republish whenever the corpus changes")
          ->excludes(app.get_option("--check"));
  app.add_option("--debounce", debounce_ms, "--watch: quiet milliseconds before a rebuild")
      ->check(CLI::Range(0, 600000))
      ->needs(watch_flag);
  watch_flag->excludes(explain);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kb::api::exit_usage;
  }
  if (*explain) return kb::indexer::run_explain(explain_file, corpus_dir, json, color);
  if (watch)
    return kb::indexer::run_watch(
        {corpus_dir, out_dir, debounce_ms, strict, quiet, json, full, shards});

  try {
    kb::term::Style err_style{kb::term::use_color(stderr, kb::term::parse_color_mode(color))};
    kb::term::Style out_style{!json &&
                              kb::term::use_color(stdout, kb::term::parse_color_mode(color))};
    auto started = std::chrono::steady_clock::now();
    auto progress = [&](std::size_t done, std::size_t total, const std::string& file,
                        std::size_t units) {
      if (quiet) return;
      // Few documents: one line each. Many: a line every 5%.
      if (total <= 50 || done == total || done % std::max<std::size_t>(1, total / 20) == 0)
        std::cerr << err_style.dim("[" + std::to_string(done) + "/" + std::to_string(total) + "]")
                  << " " << file << ": " << units << " units\n";
    };
    kb::UpdateReport update;
    if (check) {
      update.corpus = kb::load_corpus(corpus_dir, progress, jobs);
      kb::indexer::report_warnings(update.corpus, strict, err_style);
      update.counts = kb::unit_counts(update.corpus);
    } else {
      kb::UpdateOptions options;
      options.full = full;
      options.build.jobs = jobs;
      options.build.shards = shards;
      options.import_progress = progress;
      std::size_t shown_step = 0;  // a line every 5% of a large build
      options.write_progress = [&](std::size_t done, std::size_t total) {
        if (quiet || total <= 2000) return;
        auto step = done * 20 / total;
        if (step <= shown_step) return;
        shown_step = step;
        std::cerr << "indexing " << done << "/" << total << " units\n";
      };
      options.before_write = [&](const kb::Corpus& loaded) {
        kb::indexer::report_warnings(loaded, strict, err_style);
      };
      update = kb::update_index(corpus_dir, out_dir, options);
    }
    const auto& corpus = update.corpus;
    auto summary = summarise(update.counts);
    const auto& published = update.generation_dir;
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    if (json) {
      nlohmann::json j = {
          {"corpus", corpus_dir},
          {"documents", corpus.sources.size()},
          {"units", summary.units},
          {"per_kind", summary.per_kind},
          {"per_source", summary.per_source},
          {"per_theme", summary.per_theme},
          {"units_without_theme", summary.without_theme},
          {"review", review_json(summary)},
          {"warnings", corpus.warnings.size()},
          {"warning_messages", warning_messages(corpus)},
          {"import_warnings", import_warning_messages(corpus)},
          {"published", check ? nlohmann::json(nullptr) : nlohmann::json(published)},
          {"index", out_dir},
          {"seconds", seconds}};
      if (!check) {
        j["build"] = update.incremental ? "incremental" : "full";
        j["full_reason"] =
            update.incremental ? nlohmann::json(nullptr) : nlohmann::json(update.full_reason);
        j["documents_updated"] = update.updated;
        j["documents_added"] = update.added;
        j["documents_removed"] = update.removed;
        j["documents_reused"] = update.reused;
        j["units_written"] = update.units_written;
        j["units_removed"] = update.units_removed;
      }
      std::cout << j.dump(2) << "\n";
    } else {
      print_table("Units per kind", summary.per_kind, out_style);
      print_table("Units per source", summary.per_source, out_style);
      print_table("Units per theme", summary.per_theme, out_style);
      std::cout << summary.units << " units from " << corpus.sources.size() << " sources";
      if (summary.without_theme) std::cout << "; " << summary.without_theme << " without a theme";
      if (!corpus.warnings.empty())
        std::cout << "; "
                  << out_style.yellow(std::to_string(corpus.warnings.size()) +
                                      (corpus.warnings.size() == 1 ? " warning" : " warnings"))
                  << " (skipped, see stderr)";
      if (auto n = corpus.import_warnings.size())
        std::cout << "; "
                  << out_style.yellow(std::to_string(n) +
                                      (n == 1 ? " import warning" : " import warnings"))
                  << " (see stderr; kb-index --explain FILE)";
      std::cout << "\n";
      std::cout << "review: " << review_line(summary) << " (as of " << summary.today
                << "; kb-query review lists them)\n";
      if (check) {
        std::cout << out_style.green("check passed") << ": nothing published\n";
      } else {
        if (update.incremental)
          std::cout << "incremental: updated " << plural(update.updated, "document", "documents")
                    << ", added " << thousands(update.added) << ", removed "
                    << thousands(update.removed) << ", reused " << thousands(update.reused) << " ("
                    << plural(update.units_written, "unit", "units") << " written, "
                    << thousands(update.units_removed) << " removed)\n";
        else
          std::cout << "full build (" << update.full_reason << ")\n";
        std::cout << out_style.green("published") << " " << published << " (" << std::fixed
                  << std::setprecision(2) << seconds << " s)\n";
      }
    }
    return 0;
  } catch (const kb::Error& e) {
    std::cerr << "kb-index: " << e.what() << "\n";
    if (!check)
      std::cerr << "kb-index: nothing was published; the index in " << out_dir << " is unchanged\n";
    return kb::api::exit_code(e.code());
  } catch (const std::exception& e) {
    std::cerr << "kb-index: unexpected error: " << e.what() << "\n";
    return kb::api::exit_code(kb::ErrorCode::internal);
  }
}
