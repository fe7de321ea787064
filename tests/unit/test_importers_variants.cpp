// The text importers on documents written in other styles than the bundled seeds
// (tests/fixtures/variants/), and the curated XML framework importer, including its
// error reporting (tests/fixtures/broken/).
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "../support/unit_helpers.h"
#include "kb/error.h"
#include "kb/importers.h"
#include "kb/model.h"
#include "kb/taxonomy.h"
#include "kb/text_source.h"

namespace {

using kb::testing::find_unit;
using kb::testing::ids;
using kb::testing::texts;
using kb::testing::titles;

const std::string kVariants = std::string(KB_FIXTURES_DIR) + "/variants/";
const std::string kBroken = std::string(KB_FIXTURES_DIR) + "/broken/";

const kb::Taxonomy& taxonomy() {
  static const kb::Taxonomy t =
      kb::load_taxonomy(std::string(KB_SOURCE_DIR) + "/corpus/taxonomy.xml");
  return t;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open fixture " << path;
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

kb::TextSource variant_source(const std::string& file) {
  return kb::parse_text_source(slurp(kVariants + file), file);
}

// Imports a variant fixture the way a document without catalog entry is imported:
// empty kind (detected) and empty title (derived).
kb::ImportedDocument import_variant(const std::string& file, const std::string& id) {
  kb::SourceDocument source;
  source.id = id;
  source.file = "documents/" + file;
  return kb::import_text(variant_source(file), source, taxonomy());
}

std::vector<const kb::Unit*> of_kind(const std::vector<kb::Unit>& units, const std::string& kind) {
  std::vector<const kb::Unit*> out;
  for (const auto& u : units)
    if (u.kind == kind) out.push_back(&u);
  return out;
}

std::vector<const kb::Unit*> proof_points_of(const std::vector<kb::Unit>& units,
                                             const std::string& message_id) {
  std::vector<const kb::Unit*> out;
  for (const auto& u : units)
    if (u.kind == kb::kind::proof_point && u.message_id == message_id) out.push_back(&u);
  return out;
}

// Tags as "id (curated)" / "id (inferred)", readable in failure messages.
std::vector<std::string> tags(const std::vector<kb::Tag>& list) {
  std::vector<std::string> out;
  for (const auto& t : list) out.push_back(t.id + " (" + kb::to_string(t.provenance) + ")");
  return out;
}

int count_containing(const std::vector<kb::Unit>& units, const std::string& needle) {
  int n = 0;
  for (const auto& u : units)
    if (u.text.find(needle) != std::string::npos) ++n;
  return n;
}

std::optional<kb::IngestError> xml_error_of(const std::string& path) {
  try {
    kb::import_framework_xml(path, kb::SourceDocument{}, taxonomy());
  } catch (const kb::IngestError& e) {
    return e;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// A messaging framework in Markdown, written differently from the seed

class FrameworkVariant : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    doc_ = new kb::ImportedDocument(import_variant("framework-variants.md", "fwv"));
  }
  static void TearDownTestSuite() {
    delete doc_;
    doc_ = nullptr;
  }
  static const std::vector<kb::Unit>& units() { return doc_->units; }
  static kb::ImportedDocument* doc_;
};
kb::ImportedDocument* FrameworkVariant::doc_ = nullptr;

TEST_F(FrameworkVariant, IsDetectedAsAFrameworkAndTitledByItsHeading) {
  EXPECT_EQ(kb::detect_document_kind(variant_source("framework-variants.md")),
            kb::doc_kind::framework);
  EXPECT_EQ(doc_->source.kind, kb::doc_kind::framework)
      << "an empty kind is detected by import_text";
  EXPECT_EQ(doc_->source.title, "Example Registry Messaging Framework")
      << "the first Markdown heading is the derived title";
}

TEST_F(FrameworkVariant, ThreeMessagesInAllHeadingStyles) {
  auto messages = of_kind(units(), kb::kind::message);
  EXPECT_EQ(titles(messages), (std::vector<std::string>{"Open Standards Keep the Network Whole",
                                                        "Security Is Built Together",
                                                        "Local Communities Shape Local Names"}))
      << "\"## Key Message 1 \xE2\x80\x94\", \"Key Message 2 \xE2\x80\x93\" and \"Message 3.\" are "
         "all message "
         "headings; the table of contents adds none";
  EXPECT_EQ(ids(messages), (std::vector<std::string>{"fwv/m1", "fwv/m2", "fwv/m3"}));
  EXPECT_EQ(texts(messages),
            (std::vector<std::string>{
                "Open, voluntary standards let networks built by different operators work together "
                "without "
                "central approval.",
                "Security improves when registries, registrars and network operators share what "
                "they see.",
                "Local names are decided together with the communities that use them."}))
      << "the statement is the paragraph between the heading and the list";
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0]->cite.first_line, 15) << "message 1 is cited from its heading line";
  EXPECT_EQ(messages[1]->cite.first_line, 27);
  EXPECT_EQ(messages[2]->cite.first_line, 39);
  for (const auto* m : messages)
    EXPECT_EQ(m->message_id, m->id) << "a message is its own message_id";
}

TEST_F(FrameworkVariant, SupportingPointsIntroducerAndWrappedBullet) {
  auto pps = proof_points_of(units(), "fwv/m1");
  EXPECT_EQ(texts(pps),
            (std::vector<std::string>{
                "Every country code registry publishes its zone using the same DNS protocol.",
                "Operators in more than 100 economies exchange traffic at Internet Exchange Points "
                "that follow "
                "shared technical practices.",
                "Universal Acceptance work lets email systems handle names in local scripts."}))
      << "\"Supporting points:\" starts the list; the wrapped bullet is one proof point; the "
         "duplicated "
         "bullet is dropped; <i> and ** are removed";
  ASSERT_EQ(pps.size(), 3u);
  EXPECT_EQ(pps[1]->id, "fwv/m1/pp2");
  EXPECT_EQ(pps[1]->cite.first_line, 22);
  EXPECT_EQ(pps[1]->cite.last_line, 23) << "the wrapped bullet spans two source lines";
  EXPECT_EQ(pps[1]->message_title, "Open Standards Keep the Network Whole");
}

TEST_F(FrameworkVariant, EvidenceIntroducerWithFooterAndEmptyBullet) {
  auto pps = proof_points_of(units(), "fwv/m2");
  EXPECT_EQ(
      texts(pps),
      (std::vector<std::string>{
          "Registries that signed their zones with DNSSEC share key rollover practices openly.",
          "Abuse reports are handled under published policies, as described in the abuse guide.",
          "Incident response teams coordinate across borders within hours."}))
      << "\"Evidence:\" starts the list; the \"Page 2 of 3\" footer and the empty \"\xE2\x80\x93\" "
         "bullet "
         "are not proof points; the link keeps its text";
  ASSERT_EQ(pps.size(), 3u);
  EXPECT_EQ(pps[2]->id, "fwv/m2/pp3");
  EXPECT_EQ(pps[2]->cite.first_line, 37);
}

TEST_F(FrameworkVariant, ListWithoutIntroducerMixingBulletStyles) {
  auto pps = proof_points_of(units(), "fwv/m3");
  EXPECT_EQ(texts(pps), (std::vector<std::string>{
                            "Community consultations precede every change to registration policy.",
                            "Registration data rules follow national privacy law.",
                            "Public comment periods last at least thirty days.",
                            "Decisions are published with the comments that shaped them."}))
      << "bullets right after the statement are proof points even without an introducer; \"*\", "
         "\"1.\" and "
         "\"2.\" are bullets";
  EXPECT_EQ(ids(pps),
            (std::vector<std::string>{"fwv/m3/pp1", "fwv/m3/pp2", "fwv/m3/pp3", "fwv/m3/pp4"}));
}

TEST_F(FrameworkVariant, NoOtherProofPoints) {
  EXPECT_EQ(of_kind(units(), kb::kind::proof_point).size(), 10u) << "3 + 3 + 4 proof points in all";
}

TEST_F(FrameworkVariant, AudienceGuidanceInAllLineStyles) {
  auto guidance = of_kind(units(), kb::kind::audience_guidance);
  ASSERT_EQ(guidance.size(), 3u);
  std::vector<std::string> audiences;
  for (const auto* g : guidance) {
    ASSERT_EQ(g->audiences.size(), 1u) << g->id << " has exactly its own audience";
    EXPECT_EQ(g->audiences[0].provenance, kb::Provenance::curated) << g->id;
    audiences.push_back(g->audiences[0].id);
  }
  EXPECT_EQ(audiences, (std::vector<std::string>{"policymakers", "civil-society", "business"}))
      << "\"Policymakers:\" (plain), \"- **Civil Society:**\" (bulleted, bold) and the alias "
         "\"Private sector:\"";
  EXPECT_EQ(ids(guidance),
            (std::vector<std::string>{"fwv/audience/policymakers", "fwv/audience/civil-society",
                                      "fwv/audience/business"}));
  EXPECT_EQ(texts(guidance),
            (std::vector<std::string>{
                "Start from national priorities and show how open coordination serves them.",
                "Lead with access and language, and invite groups to report problems.",
                "Stress predictability and stable, interoperable infrastructure."}));
}

TEST_F(FrameworkVariant, ProseBecomesPassages) {
  auto passages = of_kind(units(), kb::kind::passage);
  EXPECT_EQ(texts(passages), (std::vector<std::string>{
                                 "This framework helps registry staff explain why open technical "
                                 "coordination matters to the "
                                 "people they meet.",
                                 "These messages are reviewed every year by the outreach team."}))
      << "the introduction and the closing note are passages; TOC lines are not";
  EXPECT_EQ(count_containing(units(), "........"), 0) << "no table-of-contents line survives";
}

TEST_F(FrameworkVariant, MessageUnderItsOwnMarkdownHeadingIsNotCitedInThePreviousSection) {
  // "## Key Message 1 — ..." is a heading at the same level as "## Introduction", so it
  // closes the Introduction section: the message is not part of it.
  const auto* m1 = find_unit(units(), "fwv/m1");
  ASSERT_NE(m1, nullptr);
  EXPECT_EQ(m1->cite.section.find("Introduction"), std::string::npos)
      << "message 1 is cited as \"" << m1->cite.section << "\"";
}

// ---------------------------------------------------------------------------
// Numbered questions and answers

TEST(QaVariant, DetectedAsConsultation) {
  EXPECT_EQ(kb::detect_document_kind(variant_source("qa-variant.txt")), kb::doc_kind::consultation);
}

TEST(QaVariant, AnswersPrefaceAndSignatories) {
  auto doc = import_variant("qa-variant.txt", "qav");
  EXPECT_EQ(doc.source.kind, kb::doc_kind::consultation);
  auto answers = of_kind(doc.units, kb::kind::answer);
  EXPECT_EQ(ids(answers), (std::vector<std::string>{"qav/q1", "qav/q2", "qav/q3", "qav/q4"}));
  EXPECT_EQ(titles(answers),
            (std::vector<std::string>{
                "How should the review strengthen the Internet Governance Forum?",
                "What are the main challenges for the WSIS Action Lines?",
                "Have you any other comments on the review process, including its timeline.",
                "Which emerging technologies should the review consider?"}))
      << "the question is the title of its answer";
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_EQ(answers[0]->text,
            "The Internet Governance Forum should receive a permanent mandate and stable funding. "
            "It should also "
            "keep its independence from any single government.\n\n"
            "A second paragraph explains why predictable funding matters for participants from "
            "developing "
            "countries.")
      << "the answer starts after \"***\" and keeps its two paragraphs";
  EXPECT_EQ(answers[0]->cite.first_line, 3);
  EXPECT_EQ(answers[0]->cite.last_line, 9);
  EXPECT_EQ(answers[2]->text, "[No answer provided]");
  EXPECT_EQ(answers[3]->text,
            "Artificial intelligence should be discussed in existing multistakeholder venues.")
      << "the part after the last \"***\" is not in the last answer";

  int prefaces = 0;
  for (const auto* p : of_kind(doc.units, kb::kind::passage))
    if (p->text ==
        "This response is submitted by the Example Registry Association on behalf of its "
        "members.") {
      ++prefaces;
      EXPECT_EQ(p->cite.first_line, 4);
    }
  EXPECT_EQ(prefaces, 1) << "the part of answer 1 before \"***\" is one preface passage";

  EXPECT_EQ(titles(of_kind(doc.units, kb::kind::signatory)),
            (std::vector<std::string>{"Alpha Registry", "Beta Domains Ltd.",
                                      "Gamma Network Information Centre (GNIC)"}));
  EXPECT_EQ(count_containing(doc.units, "represents registries in several regions"), 1)
      << "the \"about\" paragraph is a passage of its own";
}

// Questions labelled "Question 1 –", "Q2:", "Question 4" on a line of its own and
// "Question No. 5:", with number 3 left out and a numbered list inside an answer.
TEST(QaLabels, DetectedAsConsultation) {
  EXPECT_EQ(kb::detect_document_kind(variant_source("qa-labels.txt")), kb::doc_kind::consultation);
}

TEST(QaLabels, EveryLabelStyleIsAQuestionNumberedAsTheSourceNumbersIt) {
  auto doc = import_variant("qa-labels.txt", "qlv");
  auto answers = of_kind(doc.units, kb::kind::answer);
  EXPECT_EQ(ids(answers), (std::vector<std::string>{"qlv/q1", "qlv/q2", "qlv/q4", "qlv/q5"}))
      << "ids follow the source's numbers, so question 4 stays q4 when 3 is not asked";
  std::vector<std::string> numbers;
  for (const auto* a : answers) numbers.push_back(a->question);
  EXPECT_EQ(numbers, (std::vector<std::string>{"1", "2", "4", "5"}));
  EXPECT_EQ(titles(answers),
            (std::vector<std::string>{
                "How should the mandate of the Internet Governance Forum be renewed?",
                "What role should the technical community play in the review?",
                "Which principles should guide data governance?", "Any other comments?"}))
      << "the label and its dash or colon are not part of the question";
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_NE(answers[1]->text.find("3. Publish the results"), std::string::npos)
      << "a short numbered list item inside an answer is not question 3";
  EXPECT_NE(answers[1]->text.find("preparatory process"), std::string::npos);
  EXPECT_EQ(answers[2]->text, "Openness and interoperability should guide it.")
      << "the question under a standalone \"Question 4\" line is the title, not the answer";
  EXPECT_EQ(answers[2]->cite.first_line, 11);
  EXPECT_EQ(answers[2]->cite.last_line, 14);
  EXPECT_EQ(answers[3]->text, "None at this stage.");
}

TEST(QaLabels, UnitsOfOtherDocumentsCarryNoQuestionNumber) {
  auto doc = import_variant("statement-variant.txt", "stv");
  ASSERT_FALSE(doc.units.empty());
  for (const auto& u : doc.units) EXPECT_EQ(u.question, "") << u.id;
}

// ---------------------------------------------------------------------------
// A statement with a bulleted "Signed by:" list

TEST(StatementVariant, DetectedAsStatement) {
  EXPECT_EQ(kb::detect_document_kind(variant_source("statement-variant.txt")),
            kb::doc_kind::statement);
}

TEST(StatementVariant, PassagesAndSignatories) {
  auto doc = import_variant("statement-variant.txt", "stv");
  EXPECT_EQ(doc.source.kind, kb::doc_kind::statement);
  EXPECT_EQ(doc.source.title, "Joint statement on keeping the Internet whole");
  auto signatories = of_kind(doc.units, kb::kind::signatory);
  EXPECT_EQ(titles(signatories),
            (std::vector<std::string>{"Alpha Registry", "Beta Domains Ltd.",
                                      "Gamma Network Information Centre (GNIC)", "Delta Networks"}))
      << "bullet markers are not part of the names";
  EXPECT_EQ(ids(signatories), (std::vector<std::string>{
                                  "stv/signatory/alpha-registry", "stv/signatory/beta-domains-ltd",
                                  "stv/signatory/gamma-network-information-centre-gnic",
                                  "stv/signatory/delta-networks"}));
  auto passages = of_kind(doc.units, kb::kind::passage);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_EQ(passages[0]->text, "We are operators of registries and networks in several regions.");
  EXPECT_EQ(passages[1]->text,
            "We believe decisions about the technical layer work best when everyone who runs it "
            "takes part. We ask "
            "governments to keep the technical community in the room:\n"
            "\xE2\x80\xA2 when new digital cooperation bodies are designed;\n"
            "\xE2\x80\xA2 when the mandate of the Internet Governance Forum is reviewed.")
      << "a list announced by a line ending in ':' stays with its paragraph";
  EXPECT_EQ(doc.units.size(), 6u) << "2 passages and 4 signatories, nothing else";
  EXPECT_EQ(count_containing(doc.units, "Signed by"), 0) << "the list heading is not content";
}

// ---------------------------------------------------------------------------
// A session proposal with repeated lines

TEST(SessionVariant, DetectedAsSessionProposal) {
  EXPECT_EQ(kb::detect_document_kind(variant_source("session-variant.txt")),
            kb::doc_kind::session_proposal);
}

TEST(SessionVariant, RolesAndPolicyQuestionsOnce) {
  auto doc = import_variant("session-variant.txt", "ssv");
  EXPECT_EQ(doc.source.kind, kb::doc_kind::session_proposal);
  auto organisers = of_kind(doc.units, kb::kind::organiser);
  EXPECT_EQ(ids(organisers), (std::vector<std::string>{"ssv/organiser/1", "ssv/organiser/2"}))
      << "the repeated \"Organiser 1:\" line gives no second unit";
  EXPECT_EQ(titles(organisers),
            (std::vector<std::string>{"Civil Society, African Group",
                                      "Technical Community, Asia-Pacific Group"}));
  auto speakers = of_kind(doc.units, kb::kind::speaker);
  EXPECT_EQ(titles(speakers),
            (std::vector<std::string>{"Amina Okafor", "Kenji Sato", "Maria Lopez"}))
      << "a speaker is titled by the name before the first comma";
  EXPECT_EQ(ids(speakers),
            (std::vector<std::string>{"ssv/speaker/1", "ssv/speaker/2", "ssv/speaker/3"}));
  ASSERT_EQ(speakers.size(), 3u);
  EXPECT_EQ(speakers[2]->text,
            "Speaker 3: Maria Lopez, Government, Latin American and Caribbean Group (GRULAC)");
  EXPECT_EQ(speakers[2]->cite.first_line, 8);

  auto questions = of_kind(doc.units, kb::kind::policy_question);
  EXPECT_EQ(ids(questions),
            (std::vector<std::string>{"ssv/policy-question/a", "ssv/policy-question/b"}));
  ASSERT_EQ(questions.size(), 2u);
  EXPECT_EQ(questions[0]->question, "A");
  EXPECT_EQ(questions[1]->question, "B");
  EXPECT_EQ(
      texts(questions),
      (std::vector<std::string>{
          "How can the technical community take part in the WSIS+20 review on an equal footing?",
          "What happens to connectivity when technical coordination breaks down?"}));

  const std::string description =
      "This roundtable brings operators, governments and civil society together to discuss the "
      "technical layer.";
  EXPECT_EQ(count_containing(doc.units, description), 1)
      << "the repeated description is in one unit";
  for (const auto& u : doc.units) {
    auto first = u.text.find(description);
    if (first != std::string::npos) {
      EXPECT_EQ(u.text.find(description, first + 1), std::string::npos)
          << u.id << " repeats the description";
    }
  }
  bool outcomes = false;
  for (const auto* p : of_kind(doc.units, kb::kind::passage)) {
    if (p->title == "Expected Outcomes") {
      outcomes = true;
      EXPECT_EQ(p->text,
                "\xE2\x80\xA2 A shared list of risks to the technical layer.\n"
                "\xE2\x80\xA2 Recommendations for the WSIS+20 review.");
    }
  }
  EXPECT_TRUE(outcomes) << "the \"Expected Outcomes\" section is a passage titled with its heading";
}

// ---------------------------------------------------------------------------
// Curated XML frameworks

class CuratedXml : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    doc_ = new kb::ImportedDocument(kb::import_framework_xml(
        std::string(KB_SOURCE_DIR) + "/docs/examples/curated-framework.xml", kb::SourceDocument{},
        taxonomy()));
  }
  static void TearDownTestSuite() {
    delete doc_;
    doc_ = nullptr;
  }
  static const std::vector<kb::Unit>& units() { return doc_->units; }
  static kb::ImportedDocument* doc_;
};
kb::ImportedDocument* CuratedXml::doc_ = nullptr;

TEST_F(CuratedXml, MetadataComesFromTheFileWithoutCatalogEntry) {
  EXPECT_EQ(doc_->source.id, "example-cctld-framework");
  EXPECT_EQ(doc_->source.title, "Example registry: ccTLD outreach framework");
  EXPECT_EQ(doc_->source.kind, kb::doc_kind::framework);
  EXPECT_EQ(doc_->source.lang, "en");
}

TEST_F(CuratedXml, UnitCounts) {
  EXPECT_EQ(of_kind(units(), kb::kind::message).size(), 2u);
  EXPECT_EQ(of_kind(units(), kb::kind::proof_point).size(), 5u);
  EXPECT_EQ(of_kind(units(), kb::kind::audience_guidance).size(), 2u);
  EXPECT_EQ(of_kind(units(), kb::kind::passage).size(), 1u);
  EXPECT_EQ(units().size(), 10u);
  EXPECT_EQ(proof_points_of(units(), "example-cctld-framework/m1").size(), 3u);
  EXPECT_EQ(proof_points_of(units(), "example-cctld-framework/m2").size(), 2u);
}

TEST_F(CuratedXml, IdsFollowTheIdAttributes) {
  EXPECT_EQ(
      ids(of_kind(units(), kb::kind::proof_point)),
      (std::vector<std::string>{"example-cctld-framework/m1/pp1", "example-cctld-framework/m1/pp2",
                                "example-cctld-framework/m1/pp3", "example-cctld-framework/m2/pp1",
                                "example-cctld-framework/m2/pp2"}));
  EXPECT_NE(find_unit(units(), "example-cctld-framework/intro"), nullptr);
  EXPECT_NE(find_unit(units(), "example-cctld-framework/audience/policymakers"), nullptr);
  EXPECT_NE(find_unit(units(), "example-cctld-framework/audience/civil-society"), nullptr);
}

TEST_F(CuratedXml, CuratedTagsOnMessageAndProofPoint) {
  const auto* m1 = find_unit(units(), "example-cctld-framework/m1");
  ASSERT_NE(m1, nullptr);
  EXPECT_EQ(m1->title, "A secure national domain is a shared asset");
  EXPECT_EQ(tags(m1->audiences),
            (std::vector<std::string>{"policymakers (curated)", "business (curated)"}));
  EXPECT_EQ(tags(m1->themes), (std::vector<std::string>{"dns-security-stability (curated)",
                                                        "technical-community (curated)"}));
  EXPECT_EQ(m1->cite.first_line, 17);

  const auto* pp2 = find_unit(units(), "example-cctld-framework/m1/pp2");
  ASSERT_NE(pp2, nullptr);
  EXPECT_EQ(pp2->message_id, "example-cctld-framework/m1");
  EXPECT_EQ(pp2->message_title, "A secure national domain is a shared asset");
  EXPECT_EQ(tags(pp2->themes), (std::vector<std::string>{"dns-security-stability (curated)",
                                                         "open-interoperable-internet (curated)"}));
  EXPECT_TRUE(pp2->audiences.empty()) << "the proof point has no <audience> of its own";
  EXPECT_EQ(pp2->cite.first_line, 28);
}

TEST_F(CuratedXml, TheMostSpecificReviewWins) {
  auto review_of = [](const std::string& id) {
    const auto* u = find_unit(units(), "example-cctld-framework/" + id);
    EXPECT_NE(u, nullptr) << id;
    return u ? u->review : kb::Review{};
  };
  EXPECT_EQ(review_of("m1"), (kb::Review{"2026-09-01", "Policy team", "6m"}));
  EXPECT_EQ(review_of("m1/pp1"), (kb::Review{"2026-10-15", "Data team", "6m"}))
      << "its own date and reviewer, the message's period";
  EXPECT_EQ(review_of("m1/pp2"), (kb::Review{"2026-09-01", "Policy team", "6m"}))
      << "no review of its own: the message's";
  EXPECT_EQ(review_of("m1/pp3"), (kb::Review{"2026-07-01", "", "90d"}))
      << "fresh-days=\"90\" is review-every=\"90d\"; a review of its own has its own reviewer";
  EXPECT_EQ(review_of("m2"), (kb::Review{"", "", "1y"})) << "never reviewed; the file's period";
  EXPECT_EQ(review_of("m2/pp1"), (kb::Review{"", "", "1y"}));
  EXPECT_EQ(review_of("audience/policymakers"), (kb::Review{"", "", "1y"}));
}

TEST_F(CuratedXml, GuidanceAndPassage) {
  const auto* g = find_unit(units(), "example-cctld-framework/audience/civil-society");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->kind, kb::kind::audience_guidance);
  EXPECT_EQ(g->title, "Civil Society") << "guidance is titled with the audience label";
  EXPECT_EQ(tags(g->audiences), (std::vector<std::string>{"civil-society (curated)"}));
  EXPECT_EQ(g->cite.first_line, 61);

  const auto* intro = find_unit(units(), "example-cctld-framework/intro");
  ASSERT_NE(intro, nullptr);
  EXPECT_EQ(intro->title, "About this framework");
  EXPECT_NE(intro->text.find("Internet governance & cybersecurity"), std::string::npos)
      << "&amp; is decoded: " << intro->text;
}

TEST(CuratedXmlCatalog, CatalogMetadataWins) {
  kb::SourceDocument meta;
  meta.id = "catalog-id";
  meta.title = "Catalog title";
  meta.file = "documents/curated.xml";
  meta.kind = kb::doc_kind::framework;
  meta.from_catalog = true;
  auto doc = kb::import_framework_xml(
      std::string(KB_SOURCE_DIR) + "/docs/examples/curated-framework.xml", meta, taxonomy());
  EXPECT_EQ(doc.source.id, "catalog-id");
  EXPECT_EQ(doc.source.title, "Catalog title");
  EXPECT_NE(find_unit(doc.units, "catalog-id/m1/pp3"), nullptr) << "unit ids use the catalog id";
  for (const auto& u : doc.units) EXPECT_EQ(u.source_id, "catalog-id") << u.id;
}

TEST(CuratedXmlErrors, MalformedXmlNamesFileAndLine) {
  const std::string path = kBroken + "broken-framework.xml";
  auto e = xml_error_of(path);
  ASSERT_TRUE(e.has_value()) << "a <text> closed by </txet> is not well-formed";
  EXPECT_EQ(e->line(), 13) << "the line of the unclosed <text>; what(): " << e->what();
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(std::string(e->what()).rfind(path + ":13: ", 0), 0u) << e->what();
}

TEST(CuratedXmlErrors, UnknownThemeRefIsNamed) {
  const std::string path = kBroken + "unknown-theme-framework.xml";
  auto e = xml_error_of(path);
  ASSERT_TRUE(e.has_value()) << "a theme ref that is not in taxonomy.xml must be refused";
  EXPECT_EQ(e->line(), 15) << e->what();
  EXPECT_NE(std::string(e->what()).find("dns-securty-stability"), std::string::npos)
      << "the message names the unknown ref: " << e->what();
}

}  // namespace

TEST(PassagesFallback, ADocumentOfHeadingLikeLinesIsStillOnePassage) {
  // An RFC placeholder: every line is short and stands alone between blank lines.
  auto text = kb::parse_text_source(
      "    RFC-1119 \"Network Time Protocol (Version 2) Specification and\n\n"
      "    Implementation\" is available only in PostScript form in the file\n\n    RFC1119.PS\n",
      "rfc1119.md");
  kb::SourceDocument source;
  source.id = "rfc1119";
  source.title = "RFC 1119";
  auto units = kb::import_passages(text, source);
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].kind, "passage");
  EXPECT_NE(units[0].text.find("available only in PostScript form"), std::string::npos)
      << units[0].text;
  EXPECT_EQ(units[0].cite.first_line, 1);
  EXPECT_EQ(units[0].cite.last_line, 5);
}
