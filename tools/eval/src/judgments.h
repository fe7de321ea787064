// Relevance judgments for the bundled corpus (tests/relevance/judgments.tsv) and their
// evaluation against a kb index: success@1, success@5, MRR, nDCG@10.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kb/search.h"
#include "metrics.h"

namespace kb::eval {

// One line of a judgments file. Format (TAB-separated; '#' starts a comment line):
//   query <TAB> filters <TAB> expected <TAB> note
// filters: "-", or ';'-separated `facet=value` (values of one facet OR-ed, also as
// `facet=a,b`) and the flag `partial` (the last word is a prefix, search-as-you-type).
// expected: space-separated unit ids, each with an optional grade `id:2` (default 1).
struct Judgment {
  int line = 0;
  std::string query;
  std::map<std::string, std::vector<std::string>> filters;
  bool partial = false;
  Grades expected;
  std::string note;
};

// Throws std::runtime_error("file:line: what is wrong").
std::vector<Judgment> load_judgments(const std::string& path);

struct JudgmentResult {
  Judgment judgment;
  Ranking ranking;             // ids returned, best first (up to the evaluation depth)
  std::size_t first_rank = 0;  // of the first expected unit; 0 = not returned
  double ndcg10 = 0;
  bool auto_corrected = false;
  std::string corrected_query;
  std::string error;  // the search failed (bad filter, bad syntax)
};

struct JudgmentSummary {
  std::size_t queries = 0;
  double success1 = 0, success5 = 0, mrr = 0, ndcg10 = 0;
  std::vector<JudgmentResult> results;
};

// Runs every judgment (top `depth` hits) and averages the metrics over all of them.
JudgmentSummary evaluate_judgments(const Index& index, const std::vector<Judgment>& judgments,
                                   std::size_t depth = 100);

}  // namespace kb::eval
