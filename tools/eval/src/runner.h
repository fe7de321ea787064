// Runs a test collection through kb (an index built in a temporary folder with the
// core API) and scores runs with trec_eval's definitions.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "collections.h"
#include "kb/corpus.h"
#include "kb/ranking.h"

namespace kb::eval {

// A folder under the system's temporary directory, removed with everything in it when
// the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// The collection as a kb corpus: one source, one unit per document (title and text,
// kind passage, lang en, the document's id as the unit's).
Corpus corpus_of(const Collection& collection);

// Builds a kb index of the collection's documents (one unit per document: title and
// text, kind passage, lang en) in a temporary folder, runs every topic as a kb query
// (top `depth`, no filters) and returns the ranked unit ids per topic id. The folder
// is removed before returning.
std::map<std::string, Ranking> run_kb(const Collection& collection, const BuildOptions& build,
                                      const RankingParams& ranking, std::size_t depth);

struct CollectionScores {
  std::size_t queries = 0;  // topics with at least one relevant document in the qrels
  double map = 0, p10 = 0, ndcg10 = 0;
  std::map<std::string, double> ap;  // per topic
};

// Averages over every topic that has relevant documents in the qrels; a topic the run
// has nothing for counts 0 (trec_eval -c).
CollectionScores score_run(const Collection& collection, const std::map<std::string, Ranking>& run);

}  // namespace kb::eval
