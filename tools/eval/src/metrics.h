// Retrieval metrics with trec_eval's definitions. A run is a ranked list of document
// ids (best first); qrels map document ids to graded relevance (> 0 relevant).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kb::eval {

using Ranking = std::vector<std::string>;
using Grades = std::map<std::string, int>;  // doc id -> grade; grade <= 0: not relevant

// Average precision (trec_eval map): the sum of the precision at the rank of each
// relevant document retrieved, divided by the number of relevant documents in the
// qrels (retrieved or not). 0 when the qrels hold no relevant document.
double average_precision(const Ranking& run, const Grades& qrels);

// Precision at k (trec_eval P_k): relevant documents in the first k, divided by k
// (also when fewer than k were retrieved).
double precision_at(const Ranking& run, const Grades& qrels, std::size_t k);

// nDCG at k (trec_eval ndcg_cut_k): DCG = sum over ranks i = 1..k of
// grade / log2(i + 1), the grades used as gains, divided by the DCG of the ideal
// ordering of the qrels' grades. 0 when the qrels hold no relevant document.
double ndcg_at(const Ranking& run, const Grades& qrels, std::size_t k);

// 1-based rank of the first relevant document, 0 when none is retrieved.
std::size_t first_relevant_rank(const Ranking& run, const Grades& qrels);

// Reciprocal rank: 1 / first_relevant_rank, 0 when none is retrieved.
double reciprocal_rank(const Ranking& run, const Grades& qrels);

// 1 when a relevant document is in the first k, else 0.
double success_at(const Ranking& run, const Grades& qrels, std::size_t k);

}  // namespace kb::eval
