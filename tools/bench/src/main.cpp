// kb-bench-query: kb's search in process next to raw Xapian on the same index, the
// query-speed benchmark of docs/performance.md (scripts/bench/query.sh runs it).
//
// For every query of a set, each system answers in turn, the order alternating by run:
//   kb         Index::search as kb-query and kb-searchd call it: facets, snippets,
//              spelling, feedback words, the ranking tiers;
//   kb, no facets / kb, no snippets either: the same with parts switched off (the
//              breakdown of where kb's time goes);
//   raw Xapian Xapian::QueryParser (English stemmer, STEM_SOME_FULL_POS) and Enquire::get_mset
//              top 10 with BM25 defaults on the same generation database, each hit's text
//              read from its stored data and an MSet::snippet made of it.
// Latencies are the wall time of each answer (steady_clock); the table gives the median
// and the 99th percentile over every query of every run, and their ratios to raw.
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "collections.h"
#include "kb/error.h"
#include "kb/index_writer.h"
#include "kb/search.h"
#include "raw_xapian.h"
#include "runner.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') out.push_back(line);
  if (out.empty()) throw std::runtime_error(path + ": holds no queries");
  return out;
}

// One system under measurement: answers a query, returns how many hits it gave.
struct System {
  std::string name;
  std::function<std::size_t(const std::string&)> answer;
  std::vector<double> millis;
  std::size_t failed = 0;  // queries the system refused (syntax): not timed
  std::vector<std::vector<double>> millis_by_query = {};  // for --per-query
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(rank, v.size() - 1)];
}

struct Row {
  std::string name;
  double median = 0, p99 = 0;
  std::size_t samples = 0, failed = 0;
};

// Each query's median per system, tab-separated, slowest for kb first: which queries
// make the tail.
void write_per_query(const std::string& path, const std::vector<std::string>& queries,
                     const std::vector<System>& systems) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error(path + ": cannot be written");
  out << "query";
  for (const auto& s : systems) out << "\t" << s.name << " (ms)";
  out << "\n";
  std::vector<std::size_t> order(queries.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto median_of = [&](std::size_t system, std::size_t query) {
    return percentile(systems[system].millis_by_query[query], 0.5);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return median_of(0, a) > median_of(0, b); });
  for (auto qi : order) {
    out << queries[qi];
    for (std::size_t k = 0; k < systems.size(); ++k) out << "\t" << median_of(k, qi);
    out << "\n";
  }
}

std::vector<Row> measure(const kb::Index& index, const std::vector<std::string>& queries, int runs,
                         const std::string& only, const std::string& per_query) {
  kb::bench::RawXapian raw(index.generation());
  auto kb_with = [&](bool facets, bool snippets) {
    return [&index, facets, snippets](const std::string& q) {
      kb::SearchRequest request;
      request.query = q;
      request.facets = facets;
      request.snippets = snippets;
      return index.search(request).hits.size();
    };
  };
  std::vector<System> systems;
  systems.push_back({"kb: facets, snippets, spelling", kb_with(true, true), {}, 0});
  systems.push_back({"kb: no facets", kb_with(false, true), {}, 0});
  systems.push_back({"kb: no facets, no snippets", kb_with(false, false), {}, 0});
  systems.push_back({"raw Xapian: top 10 + snippets",
                     [&raw](const std::string& q) { return raw.answer(q).hits.size(); },
                     {},
                     0});
  if (!only.empty())  // for profiling one system; raw stays as the table's reference
    std::erase_if(systems, [&](const System& s) {
      return s.name.find(only) == std::string::npos && !s.name.starts_with("raw");
    });
  for (auto& s : systems) s.millis_by_query.resize(queries.size());
  // Run 0 warms the caches (the index's pages, kb's stemmers) and is not counted.
  for (int run = 0; run <= runs; ++run) {
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
      for (std::size_t k = 0; k < systems.size(); ++k) {
        auto& system = systems[(k + qi + static_cast<std::size_t>(run)) % systems.size()];
        auto start = Clock::now();
        try {
          system.answer(queries[qi]);
        } catch (const kb::Error& e) {
          if (e.code() != kb::ErrorCode::invalid_query &&
              e.code() != kb::ErrorCode::query_too_complex)
            throw;
          if (run == 0) ++system.failed;
          continue;
        } catch (const Xapian::QueryParserError&) {
          if (run == 0) ++system.failed;
          continue;
        }
        if (run > 0) {
          auto ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
          system.millis.push_back(ms);
          system.millis_by_query[qi].push_back(ms);
        }
      }
    }
  }
  if (!per_query.empty()) write_per_query(per_query, queries, systems);
  std::vector<Row> rows;
  for (const auto& s : systems)
    rows.push_back(
        {s.name, percentile(s.millis, 0.5), percentile(s.millis, 0.99), s.millis.size(), s.failed});
  return rows;
}

void print_table(const std::string& title, const std::vector<Row>& rows, bool json) {
  const auto& raw = rows.back();
  if (json) {
    nlohmann::json out = {{"set", title}, {"systems", nlohmann::json::array()}};
    for (const auto& r : rows)
      out["systems"].push_back({{"system", r.name},
                                {"median_ms", r.median},
                                {"p99_ms", r.p99},
                                {"samples", r.samples},
                                {"refused", r.failed},
                                {"median_ratio", raw.median > 0 ? r.median / raw.median : 0},
                                {"p99_ratio", raw.p99 > 0 ? r.p99 / raw.p99 : 0}});
    std::cout << out.dump() << "\n";
    return;
  }
  std::printf("\n%s\n\n", title.c_str());
  std::printf("| %-32s | %11s | %9s | %14s | %11s |\n", "system", "median (ms)", "p99 (ms)",
              "median / raw", "p99 / raw");
  std::printf("|%s|%s|%s|%s|%s|\n", std::string(34, '-').c_str(), std::string(13, '-').c_str(),
              std::string(11, '-').c_str(), std::string(16, '-').c_str(),
              std::string(13, '-').c_str());
  for (const auto& r : rows)
    std::printf("| %-32s | %11.3f | %9.3f | %13.2f× | %10.2f× |\n", r.name.c_str(), r.median, r.p99,
                raw.median > 0 ? r.median / raw.median : 0, raw.p99 > 0 ? r.p99 / raw.p99 : 0);
  std::size_t refused = 0;
  for (const auto& r : rows) refused += r.failed;
  if (refused)
    for (const auto& r : rows)
      if (r.failed)
        std::printf("%s refused %zu queries (query syntax); they are not timed.\n", r.name.c_str(),
                    r.failed);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "kb-bench-query: kb's search (facets, snippets, spelling) next to raw Xapian's\n"
      "Enquire::get_mset top 10 with snippets, in process, on the same index.\n"
      "Prints the median and 99th-percentile latency of each and their ratios to raw.\n\n"
      "  kb-bench-query --index /tmp/rfc-index --queries scripts/bench/rfc_queries.txt\n"
      "  kb-bench-query --cranfield ../shared/eval/cranfield\n"};
  std::string index_dir, queries_path, cranfield_dir, title, only, per_query;
  int runs = 3;
  bool json = false;
  app.add_option("--index", index_dir, "A published kb index (kb-index -o DIR)");
  app.add_option("--queries", queries_path,
                 "One query per line ('#' lines are comments); with --index");
  app.add_option("--cranfield", cranfield_dir,
                 "Folder with cran.all.1400 and cran.qry: its 1,400 abstracts are indexed in a "
                 "temporary folder and its 225 queries run");
  app.add_option("--runs", runs, "Timed runs over the query set, after one warm-up run")
      ->check(CLI::Range(1, 100))
      ->default_val(3);
  app.add_option("--title", title, "The table's title");
  app.add_option("--only", only,
                 "Measure only the kb systems whose name holds this text (and raw), e.g. "
                 "'no facets', for profiling with perf");
  app.add_option("--per-query", per_query,
                 "Also write each query's median per system to this file (tab-separated, the "
                 "slowest for kb first)");
  app.add_flag("--json", json, "One JSON object per query set instead of a table");
  CLI11_PARSE(app, argc, argv);
  try {
    if (!cranfield_dir.empty()) {
      namespace fs = std::filesystem;
      fs::path dir(cranfield_dir);
      auto collection =
          kb::eval::load_smart((dir / "cran.all.1400").string(), (dir / "cran.qry").string(),
                               (dir / "cranqrel").string(), kb::eval::SmartGrades::tcd,
                               kb::eval::SmartQueryIds::file_order);
      kb::eval::TempDir temp;
      kb::publish_index(kb::eval::corpus_of(collection), temp.str(), {}, {});
      kb::Index index(temp.str());
      std::vector<std::string> queries;
      for (const auto& t : collection.topics) queries.push_back(t.text);
      print_table(title.empty() ? "Cranfield: " + std::to_string(queries.size()) + " queries, " +
                                      std::to_string(index.unit_count()) + " units"
                                : title,
                  measure(index, queries, runs, only, per_query), json);
    }
    if (!index_dir.empty()) {
      if (queries_path.empty()) throw std::runtime_error("--index needs --queries FILE");
      auto queries = read_queries(queries_path);
      kb::Index index(index_dir);
      print_table(title.empty() ? std::to_string(queries.size()) + " queries from " + queries_path +
                                      ", " + std::to_string(index.unit_count()) + " units"
                                : title,
                  measure(index, queries, runs, only, per_query), json);
    }
    if (cranfield_dir.empty() && index_dir.empty())
      throw std::runtime_error("give --index DIR --queries FILE, or --cranfield DIR");
  } catch (const std::exception& e) {
    std::cerr << "kb-bench-query: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
