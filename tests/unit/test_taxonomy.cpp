// corpus/taxonomy.xml: resolving audience and theme names, inferring tags from rules
// (whole words, plurals folded, no further stemming) and slugify.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "kb/model.h"
#include "kb/taxonomy.h"
#include "kb/text.h"

namespace {

const kb::Taxonomy& taxonomy() {
  static const kb::Taxonomy t =
      kb::load_taxonomy(std::string(KB_SOURCE_DIR) + "/corpus/taxonomy.xml");
  return t;
}

// Tags as "id (curated)" / "id (inferred)", readable in failure messages.
std::vector<std::string> tags(const std::vector<kb::Tag>& list) {
  std::vector<std::string> out;
  for (const auto& t : list) out.push_back(t.id + " (" + kb::to_string(t.provenance) + ")");
  return out;
}

bool has_tag(const std::vector<kb::Tag>& list, const std::string& id) {
  for (const auto& t : list)
    if (t.id == id) return true;
  return false;
}

kb::Unit unit_with_text(const std::string& text, const std::string& kind = kb::kind::passage) {
  kb::Unit u;
  u.id = "test/p1";
  u.kind = kind;
  u.text = text;
  u.source_id = "test";
  return u;
}

kb::Unit inferred(const std::string& text, const std::string& kind = kb::kind::passage) {
  auto u = unit_with_text(text, kind);
  taxonomy().infer_tags(u);
  return u;
}

// ---------------------------------------------------------------------------
// Loading

TEST(Taxonomy, LoadsTheFourAudiences) {
  std::vector<std::string> ids, labels;
  for (const auto& a : taxonomy().audiences) {
    ids.push_back(a.id);
    labels.push_back(a.label);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"policymakers", "technical-community", "civil-society",
                                           "business"}));
  EXPECT_EQ(labels, (std::vector<std::string>{"Policymakers", "Technical Community",
                                              "Civil Society", "Business and Industry"}));
  EXPECT_FALSE(taxonomy().themes.empty());
  for (const auto& t : taxonomy().themes) {
    EXPECT_EQ(kb::slugify(t.id), t.id) << "theme ids are slugs";
    EXPECT_FALSE(t.label.empty()) << t.id;
  }
}

// ---------------------------------------------------------------------------
// Name resolution

TEST(TaxonomyFind, AudienceByLabel) {
  EXPECT_EQ(taxonomy().find_audience("Civil Society"), std::optional<std::string>("civil-society"));
  EXPECT_EQ(taxonomy().find_audience("business and industry"),
            std::optional<std::string>("business"))
      << "labels match case-insensitively";
  EXPECT_EQ(taxonomy().find_audience("Business and Industry"),
            std::optional<std::string>("business"));
  EXPECT_EQ(taxonomy().find_audience("  TECHNICAL   community "),
            std::optional<std::string>("technical-community"))
      << "spacing differences are ignored";
}

TEST(TaxonomyFind, AudienceById) {
  EXPECT_EQ(taxonomy().find_audience("policymakers"), std::optional<std::string>("policymakers"));
  EXPECT_EQ(taxonomy().find_audience("civil-society"), std::optional<std::string>("civil-society"));
}

TEST(TaxonomyFind, AudienceByAlias) {
  EXPECT_EQ(taxonomy().find_audience("Private sector"), std::optional<std::string>("business"));
  EXPECT_EQ(taxonomy().find_audience("governments"), std::optional<std::string>("policymakers"));
  EXPECT_EQ(taxonomy().find_audience("Policy-Makers"), std::optional<std::string>("policymakers"));
  EXPECT_EQ(taxonomy().find_audience("policy makers"), std::optional<std::string>("policymakers"));
  EXPECT_EQ(taxonomy().find_audience("tech community"),
            std::optional<std::string>("technical-community"));
  EXPECT_EQ(taxonomy().find_audience("NGOs"), std::optional<std::string>("civil-society"));
}

TEST(TaxonomyFind, UnknownNamesAreNotFound) {
  EXPECT_EQ(taxonomy().find_audience("astronauts"), std::nullopt);
  EXPECT_EQ(taxonomy().find_audience(""), std::nullopt);
  EXPECT_EQ(taxonomy().find_audience("---"), std::nullopt);
  EXPECT_EQ(taxonomy().find_audience("igf"), std::nullopt) << "a theme id is not an audience";
  EXPECT_EQ(taxonomy().find_audience("civil"), std::nullopt) << "no prefix matching";
}

TEST(TaxonomyFind, Themes) {
  EXPECT_EQ(taxonomy().find_theme("igf"), std::optional<std::string>("igf"));
  EXPECT_EQ(taxonomy().find_theme("Internet Governance Forum"), std::optional<std::string>("igf"));
  EXPECT_EQ(taxonomy().find_theme("Internet Governance Forum (IGF)"),
            std::optional<std::string>("igf"))
      << "the label, punctuation ignored";
  EXPECT_EQ(taxonomy().find_theme("MSM"), std::optional<std::string>("multistakeholder-model"));
  EXPECT_EQ(taxonomy().find_theme("Civil Society"), std::nullopt)
      << "audiences and themes are separate namespaces";
  EXPECT_EQ(taxonomy().find_theme("no-such-theme"), std::nullopt);
}

// ---------------------------------------------------------------------------
// Inference

TEST(TaxonomyInfer, PhraseGivesThemeMarkedInferred) {
  auto u = inferred("Internet Governance Forum funding must be stable and predictable.");
  EXPECT_TRUE(has_tag(u.themes, "igf")) << "themes: " << testing::PrintToString(tags(u.themes));
  for (const auto& t : u.themes) EXPECT_EQ(t.provenance, kb::Provenance::inferred) << t.id;
}

TEST(TaxonomyInfer, TitleCountsToo) {
  auto u = unit_with_text("Its mandate should be renewed.");
  u.title = "The IGF Must Be Renewed";
  taxonomy().infer_tags(u);
  EXPECT_TRUE(has_tag(u.themes, "igf")) << "rules apply to the title as well as the text";
}

TEST(TaxonomyInfer, GovernanceIsNotGovernment) {
  auto u = inferred("Good governance of shared resources matters.");
  EXPECT_FALSE(has_tag(u.audiences, "policymakers"))
      << "\"governance\" must not match the rule word \"government\" (no stemming); audiences: "
      << testing::PrintToString(tags(u.audiences));
  auto g = inferred("Governance is everyone's business.");
  EXPECT_FALSE(has_tag(g.audiences, "policymakers"));
}

TEST(TaxonomyInfer, BusyIsNotBusiness) {
  auto u = inferred("It is set to be a busy process.");
  EXPECT_FALSE(has_tag(u.audiences, "business"))
      << "audiences: " << testing::PrintToString(tags(u.audiences));
}

TEST(TaxonomyInfer, PluralsAreFoldedBothWays) {
  EXPECT_TRUE(has_tag(inferred("A legislator asked a question.").audiences, "policymakers"))
      << "text singular \"legislator\" matches rule plural \"legislators\"";
  EXPECT_TRUE(has_tag(inferred("One lawmaker objected.").audiences, "policymakers"));
  EXPECT_TRUE(has_tag(inferred("A dynamic coalition met online.").themes, "igf"))
      << "rule \"dynamic coalitions\" matches \"dynamic coalition\"";
  EXPECT_TRUE(has_tag(inferred("Several policy makers attended.").audiences, "policymakers"));
}

TEST(TaxonomyInfer, PossessiveIsDropped) {
  EXPECT_TRUE(has_tag(inferred("We support the IGF's mandate.").themes, "igf"));
}

TEST(TaxonomyInfer, WholeWordsAndPhrasesInOrder) {
  EXPECT_FALSE(has_tag(inferred("The IXPdata tool was released.").themes, "connectivity-access"))
      << "\"IXP\" matches whole words only";
  EXPECT_TRUE(has_tag(inferred("New IXPs opened this year.").themes, "connectivity-access"));
  EXPECT_FALSE(has_tag(inferred("A forum on Internet governance was held.").themes, "igf"))
      << "\"Internet Governance Forum\" needs its words in that order";
}

TEST(TaxonomyInfer, MinMatchesRule) {
  EXPECT_FALSE(has_tag(inferred("Rural schools were visited.").themes, "connectivity-access"))
      << "one phrase of a min=\"2\" rule is not enough";
  EXPECT_TRUE(
      has_tag(inferred("Expanding infrastructure to rural areas.").themes, "connectivity-access"));
}

TEST(TaxonomyInfer, CuratedThemesSuppressThemeInference) {
  auto u = unit_with_text("Internet Governance Forum funding matters to governments.");
  u.themes.push_back({"fragmentation", kb::Provenance::curated});
  taxonomy().infer_tags(u);
  EXPECT_EQ(tags(u.themes), (std::vector<std::string>{"fragmentation (curated)"}))
      << "with a curated theme, no theme is inferred";
  EXPECT_EQ(tags(u.audiences), (std::vector<std::string>{"policymakers (inferred)"}))
      << "audiences are a separate sort and are still inferred";
}

TEST(TaxonomyInfer, GuidanceKeepsExactlyItsAudience) {
  auto u = unit_with_text("Explain how governments, the private sector and registries all gain.",
                          kb::kind::audience_guidance);
  u.audiences.push_back({"civil-society", kb::Provenance::curated});
  taxonomy().infer_tags(u);
  EXPECT_EQ(tags(u.audiences), (std::vector<std::string>{"civil-society (curated)"}));
}

TEST(TaxonomyInfer, NamesGetNoThemes) {
  for (const char* kind : {kb::kind::signatory, kb::kind::speaker, kb::kind::organiser}) {
    auto u = inferred("Internet Governance Forum Support Association", kind);
    EXPECT_TRUE(u.themes.empty()) << kind << " units are names, not arguments: "
                                  << testing::PrintToString(tags(u.themes));
  }
}

// ---------------------------------------------------------------------------
// slugify

TEST(Slugify, FoldsAccentsAndPunctuation) {
  EXPECT_EQ(kb::slugify("Associa\xC3\xA7\xC3\xA3o DNS.PT, Portuguese Registry"),
            "associacao-dns-pt-portuguese-registry");
  EXPECT_EQ(kb::slugify("Business and Industry"), "business-and-industry");
  EXPECT_EQ(kb::slugify("  --Tucows, Inc.--  "), "tucows-inc");
  EXPECT_EQ(kb::slugify("ICP-2"), "icp-2");
  EXPECT_EQ(kb::slugify(""), "");
  EXPECT_EQ(kb::slugify("\xE2\x80\x94"), "") << "an em dash alone leaves nothing";
}

}  // namespace
