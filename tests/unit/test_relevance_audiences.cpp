// Filtering by one of the framework's four audiences: that audience's guidance comes
// first, then the proof points most useful to it (browsing and searching), and every
// message and proof point of the seed corpus has an audience and a theme.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/index_writer.h"
#include "kb/ranking.h"
#include "kb/search.h"

namespace {

const std::vector<std::string> kAudiences{"policymakers", "technical-community", "civil-society",
                                          "business"};

class AudienceOrder : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new kb::testing::TempDir;
    corpus_ = new kb::Corpus(kb::load_corpus(std::string(KB_SOURCE_DIR) + "/corpus"));
    kb::publish_index(*corpus_, dir_->str());
    index_ = new kb::Index(dir_->str());
  }
  static void TearDownTestSuite() {
    delete index_;
    delete corpus_;
    delete dir_;
  }
  static kb::SearchResult by_audience(const std::string& audience, const std::string& query = "") {
    kb::SearchRequest r;
    r.query = query;
    r.filters["audience"] = {audience};
    r.limit = 1000;
    r.facets = false;
    return index_->search(r);
  }
  static bool tagged(const kb::Unit& u, const std::string& audience) {
    return std::any_of(u.audiences.begin(), u.audiences.end(),
                       [&](const kb::Tag& t) { return t.id == audience; });
  }
  static kb::testing::TempDir* dir_;
  static kb::Corpus* corpus_;
  static kb::Index* index_;
};

kb::testing::TempDir* AudienceOrder::dir_ = nullptr;
kb::Corpus* AudienceOrder::corpus_ = nullptr;
kb::Index* AudienceOrder::index_ = nullptr;

TEST_F(AudienceOrder, EveryMessageAndProofPointHasAnAudienceAndATheme) {
  std::map<std::string, int> proof_points_per_audience;
  for (const auto& u : corpus_->units) {
    if (u.kind != kb::kind::message && u.kind != kb::kind::proof_point) continue;
    EXPECT_FALSE(u.audiences.empty()) << u.id << " has no audience: " << u.text.substr(0, 80);
    EXPECT_FALSE(u.themes.empty()) << u.id << " has no theme";
    if (u.kind == kb::kind::proof_point)
      for (const auto& a : u.audiences) ++proof_points_per_audience[a.id];
  }
  for (const auto& a : kAudiences)
    EXPECT_GE(proof_points_per_audience[a], 3) << a << " needs proof points to show";
}

TEST_F(AudienceOrder, BrowsingAnAudienceGivesItsGuidanceThenItsProofPoints) {
  for (const auto& audience : kAudiences) {
    auto r = by_audience(audience);
    ASSERT_GT(r.hits.size(), 2u) << audience;
    EXPECT_EQ(r.hits[0].view.unit.id, "wsis20-framework/audience/" + audience);
    // Then every proof point tagged with the audience, before any other kind.
    std::size_t tagged_proof_points = 0;
    for (const auto& u : corpus_->units)
      tagged_proof_points += u.kind == kb::kind::proof_point && tagged(u, audience);
    for (std::size_t i = 1; i <= tagged_proof_points; ++i)
      EXPECT_EQ(r.hits[i].view.unit.kind, kb::kind::proof_point) << audience << " hit " << i;
    EXPECT_NE(r.hits[tagged_proof_points + 1].view.unit.kind, kb::kind::proof_point) << audience;
    // Ranks never go back: guidance, proof points, messages, answers, ...
    for (std::size_t i = 1; i < r.hits.size(); ++i)
      EXPECT_LE(kb::kind_rank(r.hits[i - 1].view.unit.kind),
                kb::kind_rank(r.hits[i].view.unit.kind))
          << audience << ": " << r.hits[i - 1].view.unit.id << " before " << r.hits[i].view.unit.id;
  }
}

TEST_F(AudienceOrder, ProofPointsAreOrderedByWhatTheGuidanceAsksFor) {
  // Read from the guidance texts (wsis20-messaging-framework.txt, section 5): the first
  // proof point should be one that argues what the guidance tells staff to stress.
  const std::map<std::string, std::set<std::string>> good_first = {
      // "practical, implementable, and globally coherent" policies
      {"policymakers", {"m1/pp4", "m5/pp3", "m4/pp2", "m4/pp3"}},
      // "those who run and evolve the Internet's core infrastructure", "interoperability and trust"
      {"technical-community", {"m2/pp1", "m5/pp4", "m1/pp1", "m5/pp2"}},
      // "open, bottom-up engagement and transparency build accountability, promote access"
      {"civil-society", {"m1/pp2", "m1/pp3", "m5/pp1"}},
      // "Stability, resilience, and regulatory predictability"
      {"business", {"m1/pp1", "m5/pp2", "m4/pp2"}},
  };
  for (const auto& [audience, ok] : good_first) {
    auto r = by_audience(audience);
    ASSERT_GT(r.hits.size(), 1u);
    auto first = r.hits[1].view.unit.id.substr(std::string("wsis20-framework/").size());
    EXPECT_TRUE(ok.count(first)) << audience << ": first proof point is " << first;
  }
  // The order is by relevance to the audience, not the source order of the proof points.
  int reordered = 0;
  for (const auto& audience : kAudiences) {
    std::vector<std::string> in_source_order, ranked;
    for (const auto& u : corpus_->units)
      if (u.kind == kb::kind::proof_point && tagged(u, audience)) in_source_order.push_back(u.id);
    for (const auto& h : by_audience(audience).hits)
      if (h.view.unit.kind == kb::kind::proof_point) ranked.push_back(h.view.unit.id);
    EXPECT_EQ(std::set<std::string>(ranked.begin(), ranked.end()),
              std::set<std::string>(in_source_order.begin(), in_source_order.end()))
        << audience;
    reordered += ranked != in_source_order;
  }
  EXPECT_GE(reordered, 3);
}

TEST_F(AudienceOrder, SearchingWithAnAudienceFilterBoostsItsGuidance) {
  const std::map<std::string, std::string> queries = {{"business", "interoperability"},
                                                      {"technical-community", "trust"},
                                                      {"civil-society", "accountability"},
                                                      {"policymakers", "implementable policies"}};
  for (const auto& [audience, q] : queries) {
    auto r = by_audience(audience, q);
    ASSERT_FALSE(r.hits.empty()) << audience;
    EXPECT_EQ(r.hits[0].view.unit.id, "wsis20-framework/audience/" + audience)
        << audience << " / " << q;
  }
  // Without the boost, the civil-society guidance is not first for "accountability".
  kb::Index plain(dir_->str());
  auto params = plain.ranking();
  params.audience_guidance_boost = 1.0;
  plain.set_ranking(params);
  kb::SearchRequest r;
  r.query = "accountability";
  r.filters["audience"] = {"civil-society"};
  auto unboosted = plain.search(r);
  ASSERT_FALSE(unboosted.hits.empty());
  EXPECT_NE(unboosted.hits[0].view.unit.id, "wsis20-framework/audience/civil-society");
}

TEST_F(AudienceOrder, WithoutAnAudienceFilterBrowsingStaysInSourceOrder) {
  kb::SearchRequest r;
  r.filters["kind"] = {"proof-point"};
  r.limit = 100;
  auto res = index_->search(r);
  ASSERT_EQ(res.hits.size(), 20u);
  EXPECT_EQ(res.hits[0].view.unit.id, "wsis20-framework/m1/pp1");
  EXPECT_EQ(res.hits[19].view.unit.id, "wsis20-framework/m5/pp4");
}

}  // namespace
