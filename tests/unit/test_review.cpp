// Review periods and states (kb/review.h), and which review a unit gets: its own, its
// message's, its file's, its catalog entry's or the catalog's default.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/review.h"

namespace {

using kb::ReviewStatus;

TEST(ReviewPeriod, ReadsDaysWeeksMonthsAndYears) {
  auto p = kb::parse_review_period("90d");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->count, 90);
  EXPECT_EQ(p->unit, 'd');
  EXPECT_EQ(kb::parse_review_period("2w")->unit, 'w');
  EXPECT_EQ(kb::parse_review_period("6M")->unit, 'm');
  EXPECT_EQ(kb::parse_review_period("1y")->count, 1);
  for (const char* bad :
       {"", "d", "0d", "-5d", "6", "6 m", "6months", "1.5y", "11y", "9999d", "3661d"})
    EXPECT_FALSE(kb::parse_review_period(bad)) << bad;
  EXPECT_TRUE(kb::parse_review_period("10y"));
  EXPECT_TRUE(kb::parse_review_period("3650d"));
}

TEST(ReviewPeriod, CalendarArithmetic) {
  auto add = [](const char* date, const char* period) {
    return kb::add_period(date, *kb::parse_review_period(period)).value_or("?");
  };
  EXPECT_EQ(add("2025-05-28", "90d"), "2025-08-26");
  EXPECT_EQ(add("2025-05-28", "2w"), "2025-06-11");
  EXPECT_EQ(add("2025-05-28", "6m"), "2025-11-28");
  EXPECT_EQ(add("2025-01-31", "1m"), "2025-02-28") << "a month end stays in its month";
  EXPECT_EQ(add("2024-01-31", "1m"), "2024-02-29");
  EXPECT_EQ(add("2024-02-29", "1y"), "2025-02-28");
  EXPECT_EQ(add("2025-12-15", "1m"), "2026-01-15");
  EXPECT_EQ(add("2024-12-31", "1d"), "2025-01-01");
  EXPECT_EQ(add("2025", "12m"), "2026-01-01") << "a year counts from its first day";
  EXPECT_EQ(add("2025-05", "6m"), "2025-11-01");
  EXPECT_FALSE(kb::add_period("2025-02-30", *kb::parse_review_period("1d")));
  EXPECT_FALSE(kb::add_period("25-05-28", *kb::parse_review_period("1d")));
  EXPECT_FALSE(kb::day_number("2025-13"));
  EXPECT_EQ(kb::iso_date(*kb::day_number("1999-12-31")), "1999-12-31");
}

TEST(ReviewState, FreshDueStaleUnreviewed) {
  kb::Review r{"2025-05-28", "Policy team", "6m"};  // due 2025-11-28
  auto at = [&](const char* today) { return kb::review_state(r, today); };
  EXPECT_EQ(at("2025-06-01").status, ReviewStatus::fresh);
  EXPECT_EQ(at("2025-11-13").status, ReviewStatus::fresh) << "15 days left";
  EXPECT_EQ(at("2025-11-14").status, ReviewStatus::due) << "14 days left";
  EXPECT_EQ(at("2025-11-28").status, ReviewStatus::due) << "the last day";
  EXPECT_EQ(at("2025-11-29").status, ReviewStatus::stale);
  auto s = at("2026-12-01");
  EXPECT_EQ(s.reviewed, "2025-05-28");
  EXPECT_EQ(s.by, "Policy team");
  EXPECT_EQ(s.every, "6m");
  EXPECT_EQ(s.due, "2025-11-28");

  auto never = kb::review_state(kb::Review{"", "", "90d"}, "2025-06-01");
  EXPECT_EQ(never.status, ReviewStatus::unreviewed);
  EXPECT_EQ(never.due, "");
  auto no_period = kb::review_state(kb::Review{"2025-05-28", "", ""}, "2025-06-01");
  EXPECT_EQ(no_period.every, kb::default_review_every);
  EXPECT_EQ(no_period.due, "2026-05-28");
  EXPECT_EQ(kb::to_string(ReviewStatus::stale), "stale");
  EXPECT_EQ(kb::to_string(ReviewStatus::unreviewed), "unreviewed");
}

TEST(ReviewState, TodayComesFromKbTodayWhenItIsADate) {
  ::setenv("KB_TODAY", "2025-03-04", 1);
  EXPECT_EQ(kb::review_today(), "2025-03-04");
  ::setenv("KB_TODAY", "yesterday", 1);
  auto today = kb::review_today();
  ::unsetenv("KB_TODAY");
  EXPECT_EQ(today, kb::review_today()) << "an unreadable KB_TODAY is ignored";
  EXPECT_TRUE(kb::day_number(today));
}

TEST(ReviewInheritance, ADateAndItsReviewerGoTogetherThePeriodAlone) {
  kb::Review unit{"", "", ""};
  kb::inherit_review(unit, {"2025-01-01", "Ann", "6m"});
  EXPECT_EQ(unit, (kb::Review{"2025-01-01", "Ann", "6m"}));
  kb::Review own{"2025-03-01", "", ""};
  kb::inherit_review(own, {"2025-01-01", "Ann", "6m"});
  EXPECT_EQ(own, (kb::Review{"2025-03-01", "", "6m"})) << "Ann did not make this review";
  kb::Review period{"", "", "30d"};
  kb::inherit_review(period, {"2025-01-01", "Ann", "6m"});
  EXPECT_EQ(period, (kb::Review{"2025-01-01", "Ann", "30d"}));
}

TEST(DatedFigures, NumbersThatDateAreFoundNamesAndYearsAreNot) {
  for (const char* yes :
       {"The model has worked for over 27 years.", "2.6 billion users", "It reaches 38% of users",
        "(4 regional registries)", "more than 1,500 top-level domains"})
    EXPECT_TRUE(kb::states_dated_figure(yes)) << yes;
  for (const char* no : {"The WSIS+20 review", "during the COVID-19 pandemic",
                         "GDPR, NIS2, and DNS", "the IGF 2025 session", "Since 1998 the model",
                         "line 94", "see 3.", "Tunis Agenda para.72", "no numbers at all", ""})
    EXPECT_FALSE(kb::states_dated_figure(no)) << no;
}

// A corpus with a catalog default, a document entry with its own review and one without.
class CatalogReview : public ::testing::Test {
 protected:
  void SetUp() override {
    using kb::testing::write_file;
    write_file(dir_.path() / "catalog.xml", R"(<?xml version="1.0"?>
<catalog review-every="9m">
  <document id="dated" file="documents/dated.txt" reviewed="2025-05" reviewer="Comms" review-every="3m">
    <title>Dated</title>
  </document>
  <document id="plain" file="documents/plain.txt"><title>Plain</title></document>
</catalog>
)");
    write_file(
        dir_.path() / "documents/dated.txt",
        "A statement\n\nThe registry has run the zone for over 27 years without an outage.\n");
    write_file(
        dir_.path() / "documents/plain.txt",
        "Another statement\n\nOpen standards keep the Internet interoperable for everyone.\n");
  }
  kb::testing::TempDir dir_;
};

TEST_F(CatalogReview, DocumentEntryThenCatalogDefault) {
  auto corpus = kb::load_corpus(dir_.str());
  ASSERT_FALSE(corpus.units.empty());
  for (const auto& u : corpus.units) {
    if (u.source_id == "dated")
      EXPECT_EQ(u.review, (kb::Review{"2025-05", "Comms", "3m"})) << u.id;
    else
      EXPECT_EQ(u.review, (kb::Review{"", "", "9m"})) << u.id;
  }
  auto dated = std::find_if(corpus.units.begin(), corpus.units.end(),
                            [](const kb::Unit& u) { return u.source_id == "dated"; });
  ASSERT_NE(dated, corpus.units.end());
  EXPECT_EQ(kb::review_state(dated->review, "2025-07-01").due, "2025-08-01");
}

TEST_F(CatalogReview, ABadPeriodOrDateIsRefusedWithFileAndLine) {
  using kb::testing::write_file;
  write_file(dir_.path() / "catalog.xml", R"(<?xml version="1.0"?>
<catalog>
  <document id="dated" file="documents/dated.txt" review-every="6 months"><title>D</title></document>
  <document id="plain" file="documents/plain.txt"><title>Plain</title></document>
</catalog>
)");
  try {
    kb::load_corpus(dir_.str());
    ADD_FAILURE() << "review-every=\"6 months\" must be refused";
  } catch (const kb::IngestError& e) {
    EXPECT_EQ(e.line(), 3) << e.what();
    EXPECT_NE(std::string(e.what()).find("review-every=\"6 months\""), std::string::npos)
        << e.what();
  }
  write_file(dir_.path() / "catalog.xml", R"(<?xml version="1.0"?>
<catalog>
  <document id="dated" file="documents/dated.txt" reviewed="2025-02-30"><title>D</title></document>
</catalog>
)");
  try {
    kb::load_corpus(dir_.str());
    ADD_FAILURE() << "reviewed=\"2025-02-30\" must be refused";
  } catch (const kb::IngestError& e) {
    EXPECT_EQ(e.line(), 3) << e.what();
    EXPECT_NE(std::string(e.what()).find("2025-02-30"), std::string::npos) << e.what();
  }
}

}  // namespace
