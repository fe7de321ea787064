#include "runner.h"

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_writer.h"
#include "kb/search.h"

namespace kb::eval {

TempDir::TempDir() {
  auto pattern = (std::filesystem::temp_directory_path() / "kb-eval-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

Corpus corpus_of(const Collection& collection) {
  Corpus corpus;
  SourceDocument source;
  source.id = "collection";
  source.file = collection.name;
  source.title = collection.name;
  source.kind = doc_kind::document;
  source.from_catalog = true;
  corpus.sources.push_back(source);
  int position = 0;
  for (const auto& d : collection.docs) {
    Unit u;
    u.id = d.id;
    u.kind = kind::passage;
    u.title = d.title;
    u.text = d.text;
    u.source_id = source.id;
    u.lang = "en";
    u.position = ++position;
    corpus.units.push_back(std::move(u));
  }
  return corpus;
}

std::map<std::string, Ranking> run_kb(const Collection& collection, const BuildOptions& build,
                                      const RankingParams& ranking, std::size_t depth) {
  auto corpus = corpus_of(collection);
  TempDir dir;
  publish_index(corpus, dir.str(), {}, build);
  Index index(dir.str());
  index.set_ranking(ranking);
  std::map<std::string, Ranking> runs;
  for (const auto& t : collection.topics) {
    auto& r = runs[t.id];
    SearchRequest req;
    req.query = t.text;
    req.limit = depth;
    req.facets = false;
    req.snippets = false;
    req.ids_only = true;
    try {
      for (const auto& h : index.search(req).hits) r.push_back(h.view.unit.id);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::invalid_query) throw;
      // A query kb's syntax rejects retrieves nothing (counted as 0 like trec_eval -c).
    }
  }
  return runs;
}

CollectionScores score_run(const Collection& collection,
                           const std::map<std::string, Ranking>& run) {
  CollectionScores s;
  static const Ranking none;
  for (const auto& [topic, grades] : collection.qrels) {
    bool any = false;
    for (const auto& [doc, g] : grades) any = any || g > 0;
    if (!any) continue;
    auto it = run.find(topic);
    const auto& ranking = it == run.end() ? none : it->second;
    double ap = average_precision(ranking, grades);
    s.ap[topic] = ap;
    s.map += ap;
    s.p10 += precision_at(ranking, grades, 10);
    s.ndcg10 += ndcg_at(ranking, grades, 10);
    ++s.queries;
  }
  if (s.queries) {
    auto n = static_cast<double>(s.queries);
    s.map /= n;
    s.p10 /= n;
    s.ndcg10 /= n;
  }
  return s;
}

}  // namespace kb::eval
