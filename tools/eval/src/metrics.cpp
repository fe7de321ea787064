#include "metrics.h"

#include <algorithm>
#include <cmath>

namespace kb::eval {
namespace {

int grade_of(const Grades& qrels, const std::string& id) {
  auto it = qrels.find(id);
  return it == qrels.end() ? 0 : it->second;
}

std::size_t relevant_count(const Grades& qrels) {
  return static_cast<std::size_t>(
      std::count_if(qrels.begin(), qrels.end(), [](const auto& g) { return g.second > 0; }));
}

}  // namespace

double average_precision(const Ranking& run, const Grades& qrels) {
  auto total = relevant_count(qrels);
  if (total == 0) return 0;
  double sum = 0;
  std::size_t found = 0;
  for (std::size_t i = 0; i < run.size(); ++i) {
    if (grade_of(qrels, run[i]) > 0) {
      ++found;
      sum += static_cast<double>(found) / static_cast<double>(i + 1);
    }
  }
  return sum / static_cast<double>(total);
}

double precision_at(const Ranking& run, const Grades& qrels, std::size_t k) {
  if (k == 0) return 0;
  std::size_t found = 0;
  for (std::size_t i = 0; i < run.size() && i < k; ++i)
    if (grade_of(qrels, run[i]) > 0) ++found;
  return static_cast<double>(found) / static_cast<double>(k);
}

double ndcg_at(const Ranking& run, const Grades& qrels, std::size_t k) {
  double dcg = 0;
  for (std::size_t i = 0; i < run.size() && i < k; ++i) {
    int g = grade_of(qrels, run[i]);
    if (g > 0) dcg += g / std::log2(static_cast<double>(i) + 2.0);
  }
  std::vector<int> ideal;
  for (const auto& [id, g] : qrels)
    if (g > 0) ideal.push_back(g);
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (std::size_t i = 0; i < ideal.size() && i < k; ++i)
    idcg += ideal[i] / std::log2(static_cast<double>(i) + 2.0);
  return idcg > 0 ? dcg / idcg : 0;
}

std::size_t first_relevant_rank(const Ranking& run, const Grades& qrels) {
  for (std::size_t i = 0; i < run.size(); ++i)
    if (grade_of(qrels, run[i]) > 0) return i + 1;
  return 0;
}

double reciprocal_rank(const Ranking& run, const Grades& qrels) {
  auto r = first_relevant_rank(run, qrels);
  return r == 0 ? 0 : 1.0 / static_cast<double>(r);
}

double success_at(const Ranking& run, const Grades& qrels, std::size_t k) {
  auto r = first_relevant_rank(run, qrels);
  return r != 0 && r <= k ? 1.0 : 0.0;
}

}  // namespace kb::eval
