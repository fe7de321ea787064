// kb-eval: measures kb's search quality. Judgments over the bundled corpus
// (success@1/@5, MRR, nDCG@10), and classic test collections (MAP, P@10, nDCG@10) next
// to an SQLite FTS5 bm25 baseline run in the same command. docs/relevance.md.
#include <stdlib.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "collections.h"
#include "fts5_baseline.h"
#include "judgments.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_writer.h"
#include "kb/ranking.h"
#include "kb/search.h"
#include "runner.h"

namespace {

namespace fs = std::filesystem;

std::string fixed(double v, int digits = 4) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

std::string pad(const std::string& s, std::size_t width) {
  // Width in characters, counting UTF-8 continuation bytes as nothing.
  std::size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s : s + std::string(width - chars, ' ');
}

std::string filters_text(const kb::eval::Judgment& j) {
  std::string out;
  for (const auto& [facet, values] : j.filters) {
    out += out.empty() ? "" : ";";
    out += facet + "=";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i];
  }
  if (j.partial) out += out.empty() ? "partial" : ";partial";
  return out;
}

struct Options {
  kb::BuildOptions build;
  kb::RankingParams ranking;
  std::vector<std::string> kind_factors;  // KIND=FACTOR
  bool no_kind_weights = false;
  bool stem_some = false;
  bool and_requires_absent = false;
  bool json = false;
  bool markdown = false;
  bool brief = false;
};

// The flags that change how kb builds its index and ranks, shared by every subcommand.
void add_engine_options(CLI::App* cmd, Options& o, bool build_flags) {
  cmd->add_option("--k1", o.ranking.k1, "BM25 k1: term-frequency saturation")
      ->capture_default_str();
  cmd->add_option("--b", o.ranking.b, "BM25 b: document-length normalisation (0..1)")
      ->capture_default_str();
  cmd->add_option("--and-weight", o.ranking.and_weight,
                  "Weight of the AND branch (units holding every query word); 0 turns it off")
      ->capture_default_str();
  cmd->add_option("--guidance-boost", o.ranking.audience_guidance_boost,
                  "Extra factor for audience guidance under an audience filter")
      ->capture_default_str();
  cmd->add_flag("--and-requires-absent", o.and_requires_absent,
                "The AND branch also requires words no unit holds");
  cmd->add_flag(
      "--expansion-takes-max", o.ranking.expansion_takes_max,
      "Take the better of the glossary-expansion and as-typed scores instead of their sum");
  cmd->add_option("--exact-weight", o.ranking.exact_weight,
                  "Extra weight for words matched as typed (unstemmed)")
      ->capture_default_str();
  cmd->add_option("--feedback-docs", o.ranking.feedback_docs,
                  "Pseudo-relevance feedback: units of a first match taken as relevant; 0 off")
      ->capture_default_str();
  cmd->add_option("--feedback-terms", o.ranking.feedback_terms,
                  "Pseudo-relevance feedback: words added from them")
      ->capture_default_str();
  cmd->add_option("--feedback-weight", o.ranking.feedback_weight,
                  "Pseudo-relevance feedback: weight of the best added word")
      ->capture_default_str();
  cmd->add_option("--feedback-min-words", o.ranking.feedback_min_words,
                  "Pseudo-relevance feedback: only for queries of at least this many words")
      ->capture_default_str();
  cmd->add_option("--kind-factor", o.kind_factors,
                  "Override one kind's score factor: KIND=FACTOR (repeatable)");
  cmd->add_flag("--no-kind-weights", o.no_kind_weights, "Score every kind alike");
  cmd->add_flag("--stem-some", o.stem_some,
                "Leave capitalised query words unstemmed (Xapian's STEM_SOME)");
  cmd->add_flag("--brief", o.brief, "Print only the figures, on one line per system (for scripts)");
  if (!build_flags) return;
  cmd->add_option("--title-weight", o.build.title_weight,
                  "Index: wdf of a word of a unit's own title")
      ->capture_default_str();
  cmd->add_option(
         "--inherited-title-weight", o.build.inherited_title_weight,
         "Index: wdf of an inherited title (a proof point's message title); 0 leaves it out")
      ->capture_default_str();
  cmd->add_option("--stemmer", o.build.english_stemmer,
                  "Index: English stemmer, english (Porter2) or porter")
      ->check(CLI::IsMember({"english", "porter"}))
      ->capture_default_str();
  cmd->add_option("--stopwords", o.build.english_stopwords,
                  "Index: English stopwords, basic, lucene or extended")
      ->check(CLI::IsMember({"basic", "lucene", "extended"}))
      ->capture_default_str();
}

void finish_engine_options(Options& o) {
  if (o.no_kind_weights) o.ranking.kind_weights = false;
  if (o.stem_some) o.ranking.stem_all_words = false;
  if (o.and_requires_absent) o.ranking.and_skips_absent_words = false;
  for (const auto& kf : o.kind_factors) {
    auto eq = kf.find('=');
    if (eq == std::string::npos)
      throw CLI::ValidationError("--kind-factor", "expected KIND=FACTOR, got " + kf);
    try {
      o.ranking.kind_factors[kf.substr(0, eq)] = std::stod(kf.substr(eq + 1));
    } catch (const std::exception&) {
      throw CLI::ValidationError("--kind-factor", "the factor in " + kf + " is not a number");
    }
  }
}

std::string engine_summary(const Options& o) {
  std::ostringstream s;
  s << "kb: BM25 k1=" << o.ranking.k1 << " b=" << o.ranking.b << ", AND branch "
    << o.ranking.and_weight << ", kind weights " << (o.ranking.kind_weights ? "on" : "off")
    << ", title wdf " << o.build.title_weight << ", stemmer " << o.build.english_stemmer
    << ", stopwords " << o.build.english_stopwords;
  if (o.ranking.feedback_docs > 0)
    s << ", feedback " << o.ranking.feedback_docs << " units/" << o.ranking.feedback_terms
      << " words x" << o.ranking.feedback_weight << " from " << o.ranking.feedback_min_words
      << " words";
  return s.str();
}

class TempDir {
 public:
  TempDir() {
    auto pattern = (fs::temp_directory_path() / "kb-eval-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

// ---- judgments ----

struct JudgmentArgs {
  std::string file;
  std::string corpus;
  std::string index;
  double min_success1 = -1, min_success5 = -1, min_mrr = -1, min_ndcg10 = -1;
  std::size_t depth = 100;
  bool all_rows = false;
};

int run_judgments(const JudgmentArgs& a, const Options& o) {
  auto judgments = kb::eval::load_judgments(a.file);
  std::unique_ptr<TempDir> tmp;
  std::string index_dir = a.index;
  std::string source;
  if (index_dir.empty()) {
    tmp = std::make_unique<TempDir>();
    index_dir = tmp->str();
    kb::publish_index(kb::load_corpus(a.corpus), index_dir, {}, o.build);
    source = "corpus " + a.corpus;
  } else {
    source = "index " + a.index;
  }
  kb::Index index(index_dir);
  index.set_ranking(o.ranking);
  auto s = kb::eval::evaluate_judgments(index, judgments, a.depth);

  struct Check {
    const char* name;
    double value, min;
  };
  std::vector<Check> checks{{"success@1", s.success1, a.min_success1},
                            {"success@5", s.success5, a.min_success5},
                            {"MRR", s.mrr, a.min_mrr},
                            {"nDCG@10", s.ndcg10, a.min_ndcg10}};
  bool ok = true;
  for (const auto& c : checks) ok = ok && (c.min < 0 || c.value >= c.min);

  if (o.json) {
    nlohmann::json j = {{"judgments", a.file},
                        {"source", source},
                        {"queries", s.queries},
                        {"success@1", s.success1},
                        {"success@5", s.success5},
                        {"mrr", s.mrr},
                        {"ndcg@10", s.ndcg10},
                        {"passed", ok},
                        {"results", nlohmann::json::array()}};
    for (const auto& r : s.results) {
      nlohmann::json row = {{"line", r.judgment.line},
                            {"query", r.judgment.query},
                            {"filters", filters_text(r.judgment)},
                            {"expected", r.judgment.expected},
                            {"first_rank", r.first_rank},
                            {"ndcg@10", r.ndcg10},
                            {"top", nlohmann::json::array()}};
      for (std::size_t i = 0; i < r.ranking.size() && i < 10; ++i)
        row["top"].push_back(r.ranking[i]);
      if (r.auto_corrected) row["auto_corrected_to"] = r.corrected_query;
      if (!r.error.empty()) row["error"] = r.error;
      j["results"].push_back(row);
    }
    std::cout << j.dump(2) << "\n";
    return ok ? 0 : 1;
  }

  if (o.brief) {
    std::cout << "success@1=" << fixed(s.success1) << " success@5=" << fixed(s.success5)
              << " mrr=" << fixed(s.mrr) << " ndcg@10=" << fixed(s.ndcg10) << "\n";
    return ok ? 0 : 1;
  }
  std::cout << "kb-eval: " << s.queries << " judgments from " << a.file << " on the " << source
            << "\n"
            << engine_summary(o) << "\n\n";
  std::cout << pad("line", 6) << pad("rank", 6) << pad("nDCG@10", 9) << "query [filters]\n";
  for (const auto& r : s.results) {
    if (!a.all_rows && r.first_rank == 1) continue;
    auto f = filters_text(r.judgment);
    std::cout << pad(std::to_string(r.judgment.line), 6)
              << pad(r.first_rank ? std::to_string(r.first_rank) : "-", 6)
              << pad(fixed(r.ndcg10, 3), 9) << "\"" << r.judgment.query << "\""
              << (f.empty() ? "" : " [" + f + "]")
              << (r.auto_corrected ? " (searched as \"" + r.corrected_query + "\")" : "") << "\n";
  }
  std::size_t below1 = 0, below5 = 0;
  for (const auto& r : s.results) {
    below1 += r.first_rank != 1;
    below5 += r.first_rank == 0 || r.first_rank > 5;
  }
  if (!a.all_rows)
    std::cout << "(" << s.queries - below1
              << " queries with an expected unit first are not listed; --all lists them)\n";

  if (below1) {
    std::cout << "\nQueries whose first hit is not expected (" << below1 << "; " << below5
              << " with none in the top 5):\n";
    for (const auto& r : s.results) {
      if (r.first_rank == 1) continue;
      const auto& j = r.judgment;
      std::cout << "  " << a.file << ":" << j.line << ": \"" << j.query << "\"";
      if (!filters_text(j).empty()) std::cout << " [" << filters_text(j) << "]";
      std::cout << (r.first_rank == 0 || r.first_rank > 5
                        ? "  FAIL (not in top 5)"
                        : "  first expected at rank " + std::to_string(r.first_rank))
                << "\n";
      if (!r.error.empty()) std::cout << "      error: " << r.error << "\n";
      std::cout << "      got:     ";
      for (std::size_t i = 0; i < r.ranking.size() && i < 5; ++i)
        std::cout << (i ? ", " : "") << r.ranking[i];
      std::cout << "\n      expected: ";
      bool first = true;
      for (const auto& [id, g] : j.expected) {
        std::cout << (first ? "" : ", ") << id << (g != 1 ? ":" + std::to_string(g) : "");
        first = false;
      }
      std::cout << "\n";
    }
  }
  std::cout << "\n";
  for (const auto& c : checks) {
    std::cout << pad(c.name, 11) << fixed(c.value);
    if (c.min >= 0)
      std::cout << "   (minimum " << fixed(c.min, 2) << (c.value >= c.min ? ": ok)" : ": BELOW)");
    std::cout << "\n";
  }
  return ok ? 0 : 1;
}

// ---- test collections ----

struct CollectionArgs {
  std::size_t depth = 1000;
  bool no_baseline = false;
  bool require_baseline = false;
  // A published figure to print next to the runs (Cranfield, TCD grades), and whether
  // kb's MAP must reach it.
  std::string published_system;
  double published_map = -1;
  bool require_published = false;
  double min_map = -1, min_ndcg10 = -1;
};

struct Row {
  std::string system;
  kb::eval::CollectionScores scores;
  double seconds = 0;
};

int run_collection(const kb::eval::Collection& c, const CollectionArgs& a, const Options& o) {
  std::vector<Row> rows;
  auto timed = [](auto&& f) {
    auto start = std::chrono::steady_clock::now();
    auto out = f();
    return std::make_pair(
        std::move(out),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  };
  auto [kb_run, kb_seconds] =
      timed([&] { return kb::eval::run_kb(c, o.build, o.ranking, a.depth); });
  std::ostringstream kb_name;
  kb_name << "kb (Xapian BM25 k1=" << o.ranking.k1 << " b=" << o.ranking.b << ", "
          << o.build.english_stemmer << ", " << o.build.english_stopwords
          << " stopwords, title wdf " << o.build.title_weight;
  if (o.ranking.feedback_docs > 0)
    kb_name << ", feedback " << o.ranking.feedback_docs << " units/" << o.ranking.feedback_terms
            << " words from " << o.ranking.feedback_min_words << " query words";
  kb_name << ")";
  rows.push_back({kb_name.str(), kb::eval::score_run(c, kb_run), kb_seconds});
  if (!a.no_baseline) {
    auto [fts_run, fts_seconds] = timed([&] { return kb::eval::run_fts5(c, a.depth); });
    rows.push_back({"SQLite " + kb::eval::sqlite_version() + " FTS5 bm25(), porter tokenizer",
                    kb::eval::score_run(c, fts_run), fts_seconds});
  }

  const auto& kbs = rows[0].scores;
  bool ok = true;
  std::vector<std::string> problems;
  if (a.require_baseline && rows.size() > 1) {
    const auto& base = rows[1].scores;
    if (kbs.map < base.map)
      problems.push_back("kb MAP " + fixed(kbs.map) + " < FTS5 " + fixed(base.map));
    if (kbs.ndcg10 < base.ndcg10)
      problems.push_back("kb nDCG@10 " + fixed(kbs.ndcg10) + " < FTS5 " + fixed(base.ndcg10));
  }
  if (a.require_published) {
    if (a.published_map < 0)
      problems.push_back("no published figure for this collection and grade convention");
    else if (kbs.map < a.published_map)
      problems.push_back("kb MAP " + fixed(kbs.map) + " < published " + fixed(a.published_map));
  }
  if (a.min_map >= 0 && kbs.map < a.min_map)
    problems.push_back("kb MAP " + fixed(kbs.map) + " < " + fixed(a.min_map));
  if (a.min_ndcg10 >= 0 && kbs.ndcg10 < a.min_ndcg10)
    problems.push_back("kb nDCG@10 " + fixed(kbs.ndcg10) + " < " + fixed(a.min_ndcg10));
  ok = problems.empty();

  std::size_t better = 0, worse = 0;
  if (rows.size() > 1)
    for (const auto& [topic, ap] : kbs.ap) {
      double other = rows[1].scores.ap.at(topic);
      better += ap > other + 1e-12;
      worse += ap + 1e-12 < other;
    }

  if (o.json) {
    nlohmann::json j = {{"collection", c.name},
                        {"documents", c.docs.size()},
                        {"topics", c.topics.size()},
                        {"queries_judged", kbs.queries},
                        {"grades", c.grade_note},
                        {"depth", a.depth},
                        {"passed", ok},
                        {"problems", problems},
                        {"systems", nlohmann::json::array()}};
    for (const auto& r : rows)
      j["systems"].push_back({{"system", r.system},
                              {"map", r.scores.map},
                              {"p@10", r.scores.p10},
                              {"ndcg@10", r.scores.ndcg10},
                              {"seconds", r.seconds}});
    if (rows.size() > 1) j["kb_vs_baseline_ap"] = {{"better", better}, {"worse", worse}};
    if (a.published_map >= 0)
      j["published"] = {{"system", a.published_system}, {"map", a.published_map}};
    j["per_query_ap"] = nlohmann::json::object();
    for (const auto& [topic, ap] : kbs.ap) {
      nlohmann::json q = {{"kb", ap}};
      if (rows.size() > 1) q["fts5"] = rows[1].scores.ap.at(topic);
      j["per_query_ap"][topic] = q;
    }
    std::cout << j.dump(2) << "\n";
    return ok ? 0 : 1;
  }
  if (o.brief) {
    for (std::size_t i = 0; i < rows.size(); ++i)
      std::cout << (i == 0 ? "kb" : "fts5") << " map=" << fixed(rows[i].scores.map)
                << " p@10=" << fixed(rows[i].scores.p10)
                << " ndcg@10=" << fixed(rows[i].scores.ndcg10) << "\n";
  } else if (o.markdown) {
    // No timings: they depend on the machine's load, not on the systems.
    std::cout << "| system | MAP | P@10 | nDCG@10 |\n|---|---|---|---|\n";
    for (const auto& r : rows)
      std::cout << "| " << r.system << " | " << fixed(r.scores.map) << " | " << fixed(r.scores.p10)
                << " | " << fixed(r.scores.ndcg10) << " |\n";
    if (a.published_map >= 0)
      std::cout << "| " << a.published_system << " (published, not run here) | "
                << fixed(a.published_map) << " | – | – |\n";
  } else {
    std::cout << c.name << ": " << c.docs.size() << " documents, " << kbs.queries
              << " judged queries, top " << a.depth << "; " << c.grade_note << "\n\n";
    std::size_t w = 10;
    for (const auto& r : rows) w = std::max(w, r.system.size() + 2);
    if (a.published_map >= 0) w = std::max(w, a.published_system.size() + 14);
    std::cout << pad("system", w) << pad("MAP", 9) << pad("P@10", 9) << pad("nDCG@10", 9)
              << "seconds\n";
    for (const auto& r : rows)
      std::cout << pad(r.system, w) << pad(fixed(r.scores.map), 9) << pad(fixed(r.scores.p10), 9)
                << pad(fixed(r.scores.ndcg10), 9) << fixed(r.seconds, 1) << "\n";
    if (a.published_map >= 0)
      std::cout << pad(a.published_system + " (published)", w) << fixed(a.published_map) << "\n";
    if (rows.size() > 1)
      std::cout << "\nper query (AP): kb better on " << better << ", FTS5 better on " << worse
                << ", equal on " << kbs.queries - better - worse << "\n";
  }
  for (const auto& p : problems) std::cerr << "kb-eval: " << p << "\n";
  return ok ? 0 : 1;
}

void add_collection_options(CLI::App* cmd, CollectionArgs& a) {
  cmd->add_option("--depth", a.depth, "Hits retrieved per query (trec_eval's usual 1000)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_flag("--no-baseline", a.no_baseline, "Do not run the SQLite FTS5 baseline");
  cmd->add_flag("--require-baseline", a.require_baseline,
                "Exit 1 unless kb's MAP and nDCG@10 are at least the FTS5 baseline's");
  cmd->add_option("--min-map", a.min_map, "Exit 1 when kb's MAP is below this");
  cmd->add_option("--min-ndcg10", a.min_ndcg10, "Exit 1 when kb's nDCG@10 is below this");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "kb-eval: measure kb's search quality.\n\n"
      "  kb-eval judgments tests/relevance/judgments.tsv --min-success5 0.95 --min-mrr 0.85\n"
      "      runs staff queries with their expected units against the bundled corpus (or\n"
      "      --index DIR) and prints success@1, success@5, MRR and nDCG@10, listing the\n"
      "      queries whose first hit is not an expected unit.\n"
      "  kb-eval cranfield /work/shared/eval/cranfield\n"
      "  kb-eval smart --docs D --queries Q --qrels R     (SMART files: CISI, MED, ...)\n"
      "  kb-eval trec --docs D --topics T --qrels R       (TREC <DOC>, <top>, qrels)\n"
      "      builds a kb index of the collection in a temporary folder, runs every query\n"
      "      (top 1000) and prints MAP, P@10 and nDCG@10 (trec_eval definitions, graded\n"
      "      gains) next to SQLite FTS5 bm25() with the porter tokenizer over the same\n"
      "      documents and queries, run in the same command.\n\n"
      "Ranking flags (--k1, --b, --and-weight, --title-weight, --stemmer, --stopwords, ...)\n"
      "try variants without rebuilding kb; the defaults are kb's. docs/relevance.md has the\n"
      "file formats and the measurements.\n\n"
      "Exit codes: 0 success (every threshold met), 1 a threshold not met or the\n"
      "evaluation failed (unreadable files, index errors), 2 usage error.",
      "kb-eval"};
  app.require_subcommand(1);
  Options o;

  JudgmentArgs ja;
#ifdef KB_DEFAULT_CORPUS_DIR
  ja.corpus = KB_DEFAULT_CORPUS_DIR;
#endif
  auto* jcmd =
      app.add_subcommand("judgments", "Judgments file over the bundled corpus (or an index)");
  jcmd->add_option("FILE", ja.file, "Judgments file (TSV: query, filters, expected ids, note)")
      ->required();
  auto* corpus_opt = jcmd->add_option("--corpus", ja.corpus,
                                      "Corpus folder to index (default: the bundled corpus)")
                         ->capture_default_str();
  jcmd->add_option("--index", ja.index, "Use this published index instead of indexing --corpus")
      ->excludes(corpus_opt);
  jcmd->add_option("--min-success1", ja.min_success1, "Exit 1 when success@1 is below this");
  jcmd->add_option("--min-success5", ja.min_success5, "Exit 1 when success@5 is below this");
  jcmd->add_option("--min-mrr", ja.min_mrr, "Exit 1 when MRR is below this");
  jcmd->add_option("--min-ndcg10", ja.min_ndcg10, "Exit 1 when nDCG@10 is below this");
  jcmd->add_option("--depth", ja.depth, "Hits retrieved per query (MRR counts ranks up to it)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  jcmd->add_flag("--all", ja.all_rows,
                 "List every query, not only those whose first hit is not expected");
  jcmd->add_flag("--json", o.json, "JSON output");
  add_engine_options(jcmd, o, true);

  std::string cran_dir = KB_DEFAULT_CRANFIELD_DIR;
  std::string grades = "tcd";
  CollectionArgs ca;
  auto* ccmd =
      app.add_subcommand("cranfield", "The Cranfield 1400 collection (SMART files in one folder)");
  ccmd->add_option("DIR", cran_dir, "Folder with cran.all.1400, cran.qry and cranqrel")
      ->capture_default_str();
  ccmd->add_option("--grades", grades, "tcd (5 - code, -1 -> 5) or strict (-1 dropped)")
      ->check(CLI::IsMember({"tcd", "strict"}))
      ->capture_default_str();
  add_collection_options(ccmd, ca);
  ccmd->add_flag("--require-published", ca.require_published,
                 "Exit 1 unless kb's MAP reaches the published Lucene BM25 figure (TCD grades)");
  ccmd->add_flag("--json", o.json, "JSON output");
  ccmd->add_flag("--markdown", o.markdown, "Print the table as Markdown");
  add_engine_options(ccmd, o, true);

  std::string docs, queries, qrels, query_ids = "file-order", topic_fields = "title";
  auto* scmd =
      app.add_subcommand("smart", "A SMART-format collection (documents, queries, qrels files)");
  scmd->add_option("--docs", docs, "Documents file (.I/.T/.W)")->required();
  scmd->add_option("--queries", queries, "Queries file (.I/.W)")->required();
  scmd->add_option("--qrels", qrels, "Judgments: `query doc code` or `query doc 0 0.0`")
      ->required();
  scmd->add_option("--grades", grades, "tcd, strict or binary (see docs/relevance.md)")
      ->check(CLI::IsMember({"tcd", "strict", "binary"}))
      ->capture_default_str();
  scmd->add_option("--query-ids", query_ids,
                   "file-order (k-th query is qrels query k) or as-written (.I ids)")
      ->check(CLI::IsMember({"file-order", "as-written"}))
      ->capture_default_str();
  add_collection_options(scmd, ca);
  scmd->add_flag("--json", o.json, "JSON output");
  scmd->add_flag("--markdown", o.markdown, "Print the table as Markdown");
  add_engine_options(scmd, o, true);

  auto* tcmd =
      app.add_subcommand("trec", "A TREC-style collection (<DOC> documents, <top> topics, qrels)");
  tcmd->add_option("--docs", docs,
                   "Documents: <DOC><DOCNO>id</DOCNO><TITLE>..</TITLE><TEXT>..</TEXT></DOC>")
      ->required();
  tcmd->add_option("--topics", queries, "Topics: <top><num> Number: N <title> ... </top>")
      ->required();
  tcmd->add_option("--qrels", qrels, "Judgments: `topic 0 docno grade`")->required();
  tcmd->add_option("--topic-fields", topic_fields, "Query text: title or title+desc")
      ->check(CLI::IsMember({"title", "title+desc"}))
      ->capture_default_str();
  add_collection_options(tcmd, ca);
  tcmd->add_flag("--json", o.json, "JSON output");
  tcmd->add_flag("--markdown", o.markdown, "Print the table as Markdown");
  add_engine_options(tcmd, o, true);

  try {
    app.parse(argc, argv);
    finish_engine_options(o);
    if (!ja.index.empty()) {
      for (const char* flag :
           {"--title-weight", "--inherited-title-weight", "--stemmer", "--stopwords"})
        if (jcmd->count(flag))
          throw CLI::ValidationError(flag,
                                     "is fixed when an index is built; drop --index to use it");
    }
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  try {
    if (jcmd->parsed()) return run_judgments(ja, o);
    kb::eval::Collection c;
    if (ccmd->parsed()) {
      fs::path dir(cran_dir);
      c = kb::eval::load_smart(
          (dir / "cran.all.1400").string(), (dir / "cran.qry").string(),
          (dir / "cranqrel").string(),
          grades == "strict" ? kb::eval::SmartGrades::strict : kb::eval::SmartGrades::tcd,
          kb::eval::SmartQueryIds::file_order);
      c.name = "Cranfield 1400";
      if (grades == "tcd") {
        // The anchor of ../shared/eval/cranfield/README.md (Lucene 8.10, TCD qrels, 1000 hits).
        ca.published_system = "Lucene 8.10 EnglishAnalyzer + BM25Similarity (k1 1.2, b 0.75)";
        ca.published_map = 0.4258;
      }
    } else if (scmd->parsed()) {
      auto g = grades == "strict"   ? kb::eval::SmartGrades::strict
               : grades == "binary" ? kb::eval::SmartGrades::binary
                                    : kb::eval::SmartGrades::tcd;
      c = kb::eval::load_smart(docs, queries, qrels, g,
                               query_ids == "as-written" ? kb::eval::SmartQueryIds::as_written
                                                         : kb::eval::SmartQueryIds::file_order);
      c.name = fs::path(docs).filename().string();
    } else {
      c = kb::eval::load_trec(docs, queries, qrels, topic_fields);
      c.name = fs::path(docs).filename().string();
    }
    return run_collection(c, ca, o);
  } catch (const kb::Error& e) {
    std::cerr << "kb-eval: " << e.what() << "\n";
    return e.code() == kb::ErrorCode::invalid_argument ? 2 : 1;
  } catch (const std::exception& e) {
    std::cerr << "kb-eval: " << e.what() << "\n";
    return 1;
  }
}
