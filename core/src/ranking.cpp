#include "kb/ranking.h"

#include <cctype>
#include <set>

#include "kb/model.h"

namespace kb {

std::map<std::string, double> RankingParams::default_kind_factors() {
  // Chosen with kb-eval on tests/relevance/judgments.tsv: docs/relevance.md.
  return {{kind::message, 1.3},   {kind::proof_point, 1.3},     {kind::audience_guidance, 1.2},
          {kind::answer, 1.0},    {kind::policy_question, 1.0}, {kind::passage, 0.9},
          {kind::signatory, 0.8}, {kind::signatory_list, 0.8},  {kind::speaker, 0.8},
          {kind::organiser, 0.8}, {kind::glossary, 0.4}};
}

bool asks_for_people(const std::string& query) {
  static const std::set<std::string> people = {
      "who",           "whom",         "whose",        "signed",  "signatory", "signatories",
      "signers",       "endorsed",     "endorsers",    "speaker", "speakers",  "organiser",
      "organisers",    "organizer",    "organizers",   "people",  "person",    "organisation",
      "organisations", "organization", "organizations"};
  std::string word;
  for (std::size_t i = 0; i <= query.size(); ++i) {  // one pass: bounded by the text
    auto c = i < query.size() ? static_cast<unsigned char>(query[i]) : ' ';
    if (std::isalpha(c)) {
      word += static_cast<char>(std::tolower(c));
    } else {
      if (people.count(word)) return true;
      word.clear();
    }
  }
  return false;
}

int kind_rank(const std::string& kind) {
  static const std::map<std::string, int> ranks = {
      {kind::audience_guidance, 0}, {kind::proof_point, 1},
      {kind::message, 2},           {kind::answer, 3},
      {kind::policy_question, 4},   {kind::passage, 5},
      {kind::glossary, 6},          {kind::signatory, 7},
      {kind::speaker, 7},           {kind::organiser, 7},
      {kind::signatory_list, 7}};
  auto it = ranks.find(kind);
  return it == ranks.end() ? 5 : it->second;
}

}  // namespace kb
