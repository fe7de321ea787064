// kb-query report: the curator's view of the knowledge base — how much of it is fresh,
// which stale facts staff see most, what they searched for and did not find (and what
// is nearest to it), and which proof points nobody is ever shown.
#pragma once

#include <string>
#include <vector>

#include "backend.h"
#include "kb/review.h"
#include "kb/terminal.h"

namespace kb::cli {

struct CuratorReport {
  std::string as_of;
  std::size_t units = 0, fresh = 0, due = 0, stale = 0, unreviewed = 0;
  // Search statistics, when kb-searchd gave them (--server on loopback or with the token).
  bool has_stats = false;
  std::string stats_note;  // why there are none
  std::size_t searches = 0, zero_result_searches = 0;
  struct Shown {
    UnitView view;
    std::size_t count = 0;
  };
  std::vector<Shown> stale_most_shown;  // stale or unreviewed facts, most shown first
  struct Gap {
    std::string query;
    std::size_t count = 0;
    std::string last;
    std::vector<UnitView> near_messages;   // the messages nearest to the query, if any
    std::vector<std::string> near_themes;  // theme labels of what is nearest
  };
  std::vector<Gap> gaps;              // zero-result queries, most frequent first
  std::vector<UnitView> never_shown;  // proof points never shown in results
  bool never_shown_complete = true;   // false: stats list only the most shown
  double fresh_share() const { return units ? double(fresh) / double(units) : 0.0; }
};

CuratorReport curator_report(Backend& backend, const std::string& as_of);
std::string report_text(const CuratorReport& report, const term::Style& style);
std::string report_markdown(const CuratorReport& report);

}  // namespace kb::cli
