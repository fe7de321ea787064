// A search's deadline (SearchRequest::deadline), checked between its steps and given to
// Xapian for the exhaustive part of each match. Internal to kb_core.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "kb/error.h"

namespace kb::detail {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Deadline(std::optional<Clock::time_point> at) : at_(at) {}

  // Throws Error(search_timeout) once the deadline has passed.
  void check() const {
    if (at_ && Clock::now() >= *at_)
      throw Error(
          ErrorCode::search_timeout,
          "the search did not finish within its time budget; search with fewer words or filters");
  }

  // Enquire::get_mset under the deadline. Xapian's own time limit ends a match's
  // exhaustive counting (check_at_least) when it runs out, and the match then answers
  // with estimated totals and partial facet counts, silently: a match that reaches the
  // deadline is an error instead.
  Xapian::MSet get_mset(Xapian::Enquire& enquire, Xapian::doccount first, Xapian::doccount max,
                        Xapian::doccount check_at_least) const {
    check();
    if (at_) {
      double left = std::chrono::duration<double>(*at_ - Clock::now()).count();
      enquire.set_time_limit(std::max(left, 1e-6));  // 0 would mean no limit
    }
    auto mset = enquire.get_mset(first, max, check_at_least);
    check();
    return mset;
  }

 private:
  std::optional<Clock::time_point> at_;
};

}  // namespace kb::detail
