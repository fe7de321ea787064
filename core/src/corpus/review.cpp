#include "kb/review.h"

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>

namespace kb {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

std::optional<int> digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::optional<year_month_day> civil_date(std::string_view date) {
  if (date.size() != 4 && date.size() != 7 && date.size() != 10) return std::nullopt;
  if ((date.size() > 4 && date[4] != '-') || (date.size() > 7 && date[7] != '-'))
    return std::nullopt;
  auto y = digits(date.substr(0, 4));
  auto m = date.size() > 4 ? digits(date.substr(5, 2)) : std::optional<int>(1);
  auto d = date.size() > 7 ? digits(date.substr(8, 2)) : std::optional<int>(1);
  if (!y || !m || !d) return std::nullopt;
  year_month_day ymd{year(*y), month(static_cast<unsigned>(*m)), day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

}  // namespace

std::optional<ReviewPeriod> parse_review_period(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  char unit = static_cast<char>(std::tolower(static_cast<unsigned char>(text.back())));
  if (unit != 'd' && unit != 'w' && unit != 'm' && unit != 'y') return std::nullopt;
  auto number = text.substr(0, text.size() - 1);
  if (number.size() > 4) return std::nullopt;
  auto n = digits(number);
  if (!n || *n <= 0) return std::nullopt;
  int days = unit == 'd' ? *n : unit == 'w' ? *n * 7 : unit == 'm' ? *n * 31 : *n * 366;
  if (days > 3660) return std::nullopt;
  return ReviewPeriod{*n, unit};
}

std::optional<long> day_number(std::string_view date) {
  auto ymd = civil_date(date);
  if (!ymd) return std::nullopt;
  return std::chrono::sys_days(*ymd).time_since_epoch().count();
}

std::string iso_date(long n) {
  year_month_day ymd{std::chrono::sys_days(std::chrono::days(n))};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return out;
}

std::optional<std::string> add_period(std::string_view date, const ReviewPeriod& p) {
  auto ymd = civil_date(date);
  if (!ymd) return std::nullopt;
  if (p.unit == 'd' || p.unit == 'w') {
    auto days =
        std::chrono::sys_days(*ymd) + std::chrono::days(p.unit == 'd' ? p.count : p.count * 7);
    return iso_date(days.time_since_epoch().count());
  }
  auto months = std::chrono::months(p.unit == 'm' ? p.count : p.count * 12);
  auto ym = ymd->year() / ymd->month() + months;
  auto last = (ym / std::chrono::last).day();
  year_month_day out{ym.year(), ym.month(), std::min(ymd->day(), last)};
  return iso_date(std::chrono::sys_days(out).time_since_epoch().count());
}

std::string_view to_string(ReviewStatus s) {
  switch (s) {
    case ReviewStatus::fresh:
      return "fresh";
    case ReviewStatus::due:
      return "due";
    case ReviewStatus::stale:
      return "stale";
    case ReviewStatus::unreviewed:
      break;
  }
  return "unreviewed";
}

ReviewState review_state(const Review& review, std::string_view today) {
  ReviewState s{review.reviewed, review.by, review.every, "", ReviewStatus::unreviewed};
  if (s.every.empty()) s.every = default_review_every;
  auto period = parse_review_period(s.every);
  auto due = period ? add_period(review.reviewed, *period) : std::nullopt;
  auto now = day_number(today);
  if (review.reviewed.empty() || !due || !now) return s;
  s.due = *due;
  auto left = *day_number(*due) - *now;
  s.status = left < 0                       ? ReviewStatus::stale
             : left <= review_due_soon_days ? ReviewStatus::due
                                            : ReviewStatus::fresh;
  return s;
}

std::string review_today() {
  if (const char* env = std::getenv("KB_TODAY")) {
    std::string_view v(env);
    if (v.size() == 10 && day_number(v)) return std::string(v);
  }
  auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return iso_date(now.time_since_epoch().count());
}

std::string iso_utc_now() {
  auto secs = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void inherit_review(Review& review, const Review& outer) {
  if (review.reviewed.empty()) {
    review.reviewed = outer.reviewed;
    review.by = outer.by;
  }
  if (review.every.empty()) review.every = outer.every;
}

bool states_dated_figure(std::string_view text) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto letter = [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!digit(text[i])) continue;
    char before = i == 0 ? ' ' : text[i - 1];
    std::size_t end = i;
    while (end < text.size() &&
           (digit(text[end]) || ((text[end] == '.' || text[end] == ',') && end + 1 < text.size() &&
                                 digit(text[end + 1]) && end > i)))
      ++end;
    auto number = text.substr(i, end - i);
    i = end;
    if (letter(before) || digit(before) || before == '+' || before == '-' || before == '/' ||
        before == '.' || before == ':' || before == '#')
      continue;
    if (end >= text.size()) continue;
    char after = text[end];
    bool year = number.size() == 4 && (number.starts_with("19") || number.starts_with("20"));
    if (after == '%') return true;
    if (after != ' ' || year || end + 1 >= text.size() || !letter(text[end + 1])) continue;
    return true;
  }
  return false;
}

}  // namespace kb
