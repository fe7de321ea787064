#include "judgments.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "kb/error.h"

namespace kb::eval {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) parts.push_back(part);
  if (!s.empty() && s.back() == sep) parts.emplace_back();
  return parts;
}

}  // namespace

std::vector<Judgment> load_judgments(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Judgment> out;
  std::string line;
  int n = 0;
  auto fail = [&](const std::string& what) {
    throw std::runtime_error(path + ":" + std::to_string(n) + ": " + what);
  };
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    auto cols = split(line, '\t');
    if (cols.size() < 3 || cols.size() > 4)
      fail("expected 3 or 4 TAB-separated columns (query, filters, expected, note), found " +
           std::to_string(cols.size()));
    Judgment j;
    j.line = n;
    j.query = trim(cols[0]);
    auto filters = trim(cols[1]);
    if (filters.empty()) fail("empty filters column: write - for none");
    if (filters != "-") {
      for (const auto& item : split(filters, ';')) {
        auto f = trim(item);
        if (f.empty()) continue;
        if (f == "partial") {
          j.partial = true;
          continue;
        }
        auto eq = f.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == f.size())
          fail("filter \"" + f + "\" is not facet=value (or the flag partial)");
        auto facet = trim(f.substr(0, eq));
        for (const auto& v : split(f.substr(eq + 1), ','))
          if (!trim(v).empty()) j.filters[facet].push_back(trim(v));
      }
    }
    std::istringstream ids(cols[2]);
    for (std::string id; ids >> id;) {
      int grade = 1;
      auto colon = id.rfind(':');
      if (colon != std::string::npos) {
        try {
          std::size_t used = 0;
          grade = std::stoi(id.substr(colon + 1), &used);
          if (used != id.size() - colon - 1) throw std::invalid_argument("trailing");
        } catch (const std::exception&) {
          fail("grade of \"" + id + "\" is not a whole number");
        }
        if (grade < 1) fail("grade of \"" + id + "\" must be at least 1");
        id = id.substr(0, colon);
      }
      if (j.expected.count(id)) fail("\"" + id + "\" is listed twice");
      j.expected[id] = grade;
    }
    if (j.expected.empty()) fail("no expected unit id");
    if (j.query.empty() && j.filters.empty()) fail("neither a query nor a filter");
    if (cols.size() == 4) j.note = trim(cols[3]);
    out.push_back(std::move(j));
  }
  if (out.empty()) throw std::runtime_error(path + ": no judgments");
  return out;
}

JudgmentSummary evaluate_judgments(const Index& index, const std::vector<Judgment>& judgments,
                                   std::size_t depth) {
  JudgmentSummary s;
  for (const auto& j : judgments) {
    JudgmentResult r;
    r.judgment = j;
    SearchRequest req;
    req.query = j.query;
    req.filters = j.filters;
    req.partial = j.partial;
    req.limit = depth;
    req.facets = false;
    req.snippets = false;
    req.ids_only = true;
    try {
      auto res = index.search(req);
      for (const auto& h : res.hits) r.ranking.push_back(h.view.unit.id);
      r.auto_corrected = res.auto_corrected;
      r.corrected_query = res.corrected_query.value_or("");
    } catch (const Error& e) {
      r.error = e.what();
    }
    r.first_rank = first_relevant_rank(r.ranking, j.expected);
    r.ndcg10 = ndcg_at(r.ranking, j.expected, 10);
    s.success1 += success_at(r.ranking, j.expected, 1);
    s.success5 += success_at(r.ranking, j.expected, 5);
    s.mrr += reciprocal_rank(r.ranking, j.expected);
    s.ndcg10 += r.ndcg10;
    s.results.push_back(std::move(r));
  }
  s.queries = judgments.size();
  if (s.queries) {
    auto n = static_cast<double>(s.queries);
    s.success1 /= n;
    s.success5 /= n;
    s.mrr /= n;
    s.ndcg10 /= n;
  }
  return s;
}

}  // namespace kb::eval
