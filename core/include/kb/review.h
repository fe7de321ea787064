// Review state of a fact: when it was last checked, by whom, how often it must be
// checked, and from that whether it is fresh, due, stale or was never reviewed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kb/model.h"

namespace kb {

// "90d", "2w", "6m", "1y": how long a review holds. Months and years are calendar ones.
struct ReviewPeriod {
  int count = 0;
  char unit = 'd';  // d, w, m or y
};
// nullopt unless `text` is a positive whole number (at most 3650 days' worth) and a unit.
std::optional<ReviewPeriod> parse_review_period(std::string_view text);

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" as a day number (days since 1970-01-01); a date
// known to the year or month counts from its first day. nullopt for anything else,
// including impossible days (2025-02-30).
std::optional<long> day_number(std::string_view date);
std::string iso_date(long day_number);
// `date` plus `period`, as YYYY-MM-DD; a month end is kept (2025-01-31 + 1m = 2025-02-28).
std::optional<std::string> add_period(std::string_view date, const ReviewPeriod& period);

enum class ReviewStatus { fresh, due, stale, unreviewed };
std::string_view to_string(ReviewStatus status);

// A fact is `due` from this many days before the end of its review period.
inline constexpr int review_due_soon_days = 14;
// How often a fact must be reviewed when neither the fact, its message, its document
// nor the catalog says.
inline constexpr std::string_view default_review_every = "12m";

struct ReviewState {
  std::string reviewed;  // as given, "" when never reviewed
  std::string by;
  std::string every;
  std::string due;  // YYYY-MM-DD, "" when never reviewed
  ReviewStatus status = ReviewStatus::unreviewed;
};
// `today` is YYYY-MM-DD. An unreadable date or period counts as never reviewed.
ReviewState review_state(const Review& review, std::string_view today);

// Today's date (UTC) as YYYY-MM-DD, or $KB_TODAY when it holds such a date (for
// reproducible reports and tests).
std::string review_today();
// The current time as ISO 8601 UTC to the second: 2026-12-03T12:28:36Z.
std::string iso_utc_now();

// The most specific review wins: `review` keeps its own date and reviewer when it has a
// date (a reviewer belongs to the review they made), else takes both from `outer`; its
// period when it has one, else `outer`'s.
void inherit_review(Review& review, const Review& outer);

// Whether `text` states a figure that dates ("over 27 years", "2.6 billion users", "38%"):
// a number standing as a word, followed by a word or a percent sign, that is not a year
// (1900-2099) nor part of a name ("WSIS+20", "COVID-19", "NIS2"). A reader is shown the
// date of its source next to it.
bool states_dated_figure(std::string_view text);

}  // namespace kb
