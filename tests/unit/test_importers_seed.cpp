// The five bundled seed documents (corpus/documents/), imported through load_corpus and
// through the individual importers. The expected values are facts read off the source
// files: counts, titles, texts and line numbers.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "../support/unit_helpers.h"
#include "kb/catalog.h"
#include "kb/corpus.h"
#include "kb/importers.h"
#include "kb/model.h"
#include "kb/taxonomy.h"
#include "kb/text_source.h"

namespace {

using kb::testing::find_unit;
using kb::testing::ids;
using kb::testing::texts;
using kb::testing::titles;

const std::string kCorpus = std::string(KB_SOURCE_DIR) + "/corpus";

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool contains(const std::string& s, const std::string& needle) {
  return s.find(needle) != std::string::npos;
}

std::vector<const kb::Unit*> select(const std::vector<kb::Unit>& units, const std::string& source,
                                    const std::string& kind) {
  std::vector<const kb::Unit*> out;
  for (const auto& u : units)
    if (u.source_id == source && u.kind == kind) out.push_back(&u);
  return out;
}

// Units of one source whose text contains `needle`.
std::vector<const kb::Unit*> containing(const std::vector<kb::Unit>& units,
                                        const std::string& source, const std::string& needle) {
  std::vector<const kb::Unit*> out;
  for (const auto& u : units)
    if (u.source_id == source && contains(u.text, needle)) out.push_back(&u);
  return out;
}

// The whole bundled corpus, loaded once for all tests of the suite.
class SeedCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { corpus_ = new kb::Corpus(kb::load_corpus(kCorpus)); }
  static void TearDownTestSuite() {
    delete corpus_;
    corpus_ = nullptr;
  }
  static const std::vector<kb::Unit>& units() { return corpus_->units; }
  static kb::Corpus* corpus_;
};
kb::Corpus* SeedCorpus::corpus_ = nullptr;

// ---------------------------------------------------------------------------
// Whole-corpus invariants

TEST_F(SeedCorpus, AllFiveDocumentsAndTheGlossaryAreSources) {
  std::set<std::string> source_ids;
  for (const auto& s : corpus_->sources) source_ids.insert(s.id);
  EXPECT_EQ(source_ids, (std::set<std::string>{"glossary", "igf2025-session",
                                               "tccm-consultation-2025", "tccm-statement-2024",
                                               "tccm-wsis20-update", "wsis20-framework"}));
  for (const auto& s : corpus_->sources) {
    if (s.id == "glossary") continue;
    EXPECT_TRUE(s.from_catalog) << s.id << " has a catalog entry";
    EXPECT_FALSE(s.title.empty()) << s.id;
  }
}

TEST_F(SeedCorpus, EveryUnitIsComplete) {
  ASSERT_FALSE(units().empty());
  for (const auto& u : units()) {
    EXPECT_FALSE(u.id.empty()) << "a unit of " << u.source_id << " has no id";
    EXPECT_FALSE(u.kind.empty()) << u.id << " has no kind";
    EXPECT_FALSE(u.source_id.empty()) << u.id << " has no source_id";
    EXPECT_GT(u.cite.first_line, 0) << u.id << " (" << u.kind << ") has no first line";
    EXPECT_GE(u.cite.last_line, u.cite.first_line) << u.id << " ends before it starts";
  }
}

TEST_F(SeedCorpus, GlossaryUnitsCiteTheirLine) {
  int glossary = 0;
  for (const auto& u : units()) {
    if (u.kind != kb::kind::glossary) continue;
    ++glossary;
    EXPECT_EQ(u.source_id, "glossary") << u.id;
    EXPECT_TRUE(starts_with(u.id, "glossary/")) << u.id;
    EXPECT_GT(u.cite.first_line, 0) << u.id << " cites the line of its <entry>";
  }
  EXPECT_GT(glossary, 0) << "corpus/glossary.xml has entries";
}

TEST_F(SeedCorpus, UnitIdsAreUnique) {
  std::map<std::string, int> seen;
  for (const auto& u : units()) ++seen[u.id];
  for (const auto& [id, n] : seen)
    EXPECT_EQ(n, 1) << "unit id " << id << " is used " << n << " times";
}

TEST_F(SeedCorpus, ArgumentUnitsHaveAtLeastOneTheme) {
  const std::set<std::string> argued{kb::kind::message,           kb::kind::proof_point,
                                     kb::kind::audience_guidance, kb::kind::answer,
                                     kb::kind::passage,           kb::kind::policy_question};
  for (const auto& u : units()) {
    if (argued.count(u.kind)) {
      EXPECT_FALSE(u.themes.empty())
          << u.id << " (" << u.kind << ") has no theme; text: " << u.text.substr(0, 80);
    }
  }
}

// ---------------------------------------------------------------------------
// wsis20-framework

TEST_F(SeedCorpus, FrameworkHasFiveMessagesInOrder) {
  auto messages = select(units(), "wsis20-framework", kb::kind::message);
  EXPECT_EQ(titles(messages), (std::vector<std::string>{
                                  "Internet Governance Must Be Broad-Based and Practical",
                                  "The Technical Community Is a Pillar\xE2\x80\x94Not a Subset",
                                  "The IGF Must Be Renewed\xE2\x80\x94"
                                  "and Resourced",
                                  "Fragmentation Is the Real Threat",
                                  "Coordination Is What Keeps the Internet Working",
                              }))
      << "five messages, none duplicated from the table of contents";
  EXPECT_EQ(ids(messages), (std::vector<std::string>{"wsis20-framework/m1", "wsis20-framework/m2",
                                                     "wsis20-framework/m3", "wsis20-framework/m4",
                                                     "wsis20-framework/m5"}));
  ASSERT_EQ(messages.size(), 5u);
  EXPECT_EQ(messages[0]->cite.first_line, 55)
      << "message 1's heading is on line 55, not in the TOC (line 20)";
  EXPECT_TRUE(starts_with(messages[0]->text, "The Internet thrives when governance reflects"))
      << messages[0]->text;
  EXPECT_EQ(messages[3]->cite.first_line, 88);
}

TEST_F(SeedCorpus, FrameworkHasFourProofPointsPerMessage) {
  auto pps = select(units(), "wsis20-framework", kb::kind::proof_point);
  EXPECT_EQ(pps.size(), 20u);
  auto messages = select(units(), "wsis20-framework", kb::kind::message);
  for (const auto* m : messages) {
    int n = 0;
    for (const auto* pp : pps) {
      if (pp->message_id != m->id) continue;
      ++n;
      EXPECT_EQ(pp->message_title, m->title) << pp->id;
      EXPECT_TRUE(starts_with(pp->id, m->id + "/pp")) << pp->id << " belongs to " << m->id;
    }
    EXPECT_EQ(n, 4) << m->id << " has four proof points";
  }
  for (const auto* pp : pps) {
    EXPECT_FALSE(pp->text.empty()) << pp->id << " is empty";
    EXPECT_NE(pp->text, "-") << pp->id << " is the stray empty bullet";
  }
}

TEST_F(SeedCorpus, FrameworkProofPointTextsAndCitations) {
  const auto* m4pp1 = find_unit(units(), "wsis20-framework/m4/pp1");
  ASSERT_NE(m4pp1, nullptr);
  EXPECT_TRUE(starts_with(m4pp1->text, "National resolver mandates")) << m4pp1->text;
  EXPECT_EQ(m4pp1->cite.first_line, 94);
  EXPECT_EQ(m4pp1->cite.last_line, 94);
  EXPECT_EQ(m4pp1->message_id, "wsis20-framework/m4");

  const auto* m1pp1 = find_unit(units(), "wsis20-framework/m1/pp1");
  ASSERT_NE(m1pp1, nullptr);
  EXPECT_EQ(
      m1pp1->text,
      "The Domain Name System has operated without interruption for over 27 years\xE2\x80\x94"
      "demonstrating that globally coordinated, technically grounded governance delivers sustained "
      "resilience at scale.")
      << "the bullet marker is not part of the text";
  EXPECT_EQ(m1pp1->cite.first_line, 61);

  // Message 5: the empty "-" on line 107 is skipped, so the indented " - Constructive…"
  // bullet on line 109 is the third proof point.
  const auto* m5pp2 = find_unit(units(), "wsis20-framework/m5/pp2");
  const auto* m5pp3 = find_unit(units(), "wsis20-framework/m5/pp3");
  const auto* m5pp4 = find_unit(units(), "wsis20-framework/m5/pp4");
  ASSERT_NE(m5pp2, nullptr);
  ASSERT_NE(m5pp3, nullptr);
  ASSERT_NE(m5pp4, nullptr);
  EXPECT_TRUE(starts_with(m5pp2->text, "The DNS's ability to withstand")) << m5pp2->text;
  EXPECT_EQ(m5pp2->cite.first_line, 108);
  EXPECT_TRUE(starts_with(m5pp3->text, "Constructive engagement")) << m5pp3->text;
  EXPECT_EQ(m5pp3->cite.first_line, 109);
  EXPECT_TRUE(starts_with(m5pp4->text, "Global governance mechanisms")) << m5pp4->text;
  EXPECT_EQ(find_unit(units(), "wsis20-framework/m5/pp5"), nullptr);
}

TEST_F(SeedCorpus, FrameworkHasFourAudienceGuidanceUnits) {
  auto guidance = select(units(), "wsis20-framework", kb::kind::audience_guidance);
  ASSERT_EQ(guidance.size(), 4u);
  std::vector<std::string> audiences;
  for (const auto* g : guidance) {
    ASSERT_EQ(g->audiences.size(), 1u) << g->id << " carries exactly its own audience";
    EXPECT_EQ(g->audiences[0].provenance, kb::Provenance::curated) << g->id;
    EXPECT_EQ(g->id, "wsis20-framework/audience/" + g->audiences[0].id);
    audiences.push_back(g->audiences[0].id);
  }
  EXPECT_EQ(audiences, (std::vector<std::string>{"policymakers", "technical-community",
                                                 "civil-society", "business"}));
  EXPECT_EQ(titles(guidance), (std::vector<std::string>{"Policymakers", "Technical Community",
                                                        "Civil Society", "Business and Industry"}));
  EXPECT_TRUE(starts_with(guidance[0]->text, "Highlight the importance of coordinated"))
      << guidance[0]->text;
  EXPECT_EQ(guidance[0]->cite.first_line, 116);
  EXPECT_EQ(guidance[3]->cite.first_line, 119);
}

TEST_F(SeedCorpus, FrameworkHasNoOtherStructuredKinds) {
  for (const char* kind : {kb::kind::answer, kb::kind::signatory, kb::kind::speaker,
                           kb::kind::organiser, kb::kind::policy_question})
    EXPECT_TRUE(select(units(), "wsis20-framework", kind).empty())
        << "no " << kind << " units in a framework";
  EXPECT_TRUE(containing(units(), "wsis20-framework", ".....").empty())
      << "no table-of-contents text in any unit";
}

// ---------------------------------------------------------------------------
// tccm-consultation-2025

TEST_F(SeedCorpus, ConsultationHasElevenAnswers) {
  auto answers = select(units(), "tccm-consultation-2025", kb::kind::answer);
  std::vector<std::string> expected_ids;
  for (int i = 1; i <= 11; ++i)
    expected_ids.push_back("tccm-consultation-2025/q" + std::to_string(i));
  EXPECT_EQ(ids(answers), expected_ids);
  ASSERT_EQ(answers.size(), 11u);
  EXPECT_EQ(answers[0]->title,
            "What are the main achievements of the implementation of the WSIS process in the past "
            "20 years?")
      << "the question is the title";
  EXPECT_EQ(answers[10]->title,
            "What are the key emerging digital trends and topics to be considered by ITU in the "
            "WSIS +20 review and "
            "future vision beyond 2025?");
  for (const auto* a : answers) EXPECT_FALSE(a->text.empty()) << a->id;
}

TEST_F(SeedCorpus, ConsultationUnansweredQuestionIsKept) {
  const auto* q7 = find_unit(units(), "tccm-consultation-2025/q7");
  ASSERT_NE(q7, nullptr);
  EXPECT_TRUE(starts_with(q7->title, "Have you any suggestions")) << q7->title;
  EXPECT_EQ(q7->text, "[No answer provided]");
  EXPECT_EQ(q7->cite.first_line, 29);
}

TEST_F(SeedCorpus, ConsultationPrefaceIsASeparatePassage) {
  const auto* q1 = find_unit(units(), "tccm-consultation-2025/q1");
  ASSERT_NE(q1, nullptr);
  EXPECT_TRUE(starts_with(q1->text, "The Internet is a key infrastructure"))
      << q1->text.substr(0, 120);
  EXPECT_FALSE(contains(q1->text, "This is a joint response"))
      << "the preface before \"***\" is not in answer 1";
  EXPECT_FALSE(contains(q1->text, "***"));

  auto preface = containing(units(), "tccm-consultation-2025", "This is a joint response");
  ASSERT_EQ(preface.size(), 1u) << "the preface is in exactly one unit";
  EXPECT_EQ(preface[0]->kind, kb::kind::passage);
  EXPECT_EQ(preface[0]->cite.first_line, 2);
  EXPECT_EQ(preface[0]->cite.last_line, 3);

  const auto* q11 = find_unit(units(), "tccm-consultation-2025/q11");
  ASSERT_NE(q11, nullptr);
  EXPECT_FALSE(contains(q11->text, "TCCM members include"))
      << "the part after the last \"***\" is not in answer 11";
  EXPECT_EQ(q11->cite.last_line, 43);
}

TEST_F(SeedCorpus, ConsultationHasTwentyTwoSignatories) {
  auto signatories = select(units(), "tccm-consultation-2025", kb::kind::signatory);
  ASSERT_EQ(signatories.size(), 22u);
  EXPECT_EQ(signatories.front()->title, "Asia Pacific Network Information Centre (APNIC)");
  EXPECT_EQ(signatories.front()->cite.first_line, 48);
  EXPECT_EQ(signatories.back()->title, "ZA Registry Consortium (ZARC)");
  EXPECT_EQ(signatories.back()->cite.first_line, 69);
  for (const auto* s : signatories) {
    EXPECT_FALSE(starts_with(s->title, "(This article")) << "the re-post note is not a signatory";
    EXPECT_FALSE(contains(s->title, "endorsed")) << "the list introducer is not a signatory";
  }
  auto note = containing(units(), "tccm-consultation-2025", "This article is a re-post");
  ASSERT_EQ(note.size(), 1u);
  EXPECT_EQ(note[0]->kind, kb::kind::passage);
}

// ---------------------------------------------------------------------------
// tccm-statement-2024

TEST_F(SeedCorpus, StatementHasSixteenSignatories) {
  auto signatories = select(units(), "tccm-statement-2024", kb::kind::signatory);
  ASSERT_EQ(signatories.size(), 16u);
  EXPECT_EQ(signatories.front()->title, "Asia Pacific Network Information Centre (APNIC)");
  EXPECT_EQ(signatories.front()->id,
            "tccm-statement-2024/signatory/asia-pacific-network-information-centre-apnic");
  EXPECT_EQ(signatories.front()->cite.first_line, 25);
  EXPECT_EQ(signatories.back()->title, "Tucows, Inc.");
  EXPECT_EQ(signatories.back()->cite.first_line, 55);
  const auto* dnspt =
      find_unit(units(), "tccm-statement-2024/signatory/associacao-dns-pt-portuguese-registry");
  ASSERT_NE(dnspt, nullptr) << "non-ASCII letters are folded in the id";
  EXPECT_EQ(dnspt->title, "Associa\xC3\xA7\xC3\xA3o DNS.PT, Portuguese Registry");
}

TEST_F(SeedCorpus, StatementUndersignedParagraphIsAPassage) {
  auto undersigned = containing(units(), "tccm-statement-2024", "We the undersigned");
  ASSERT_EQ(undersigned.size(), 1u);
  EXPECT_EQ(undersigned[0]->kind, kb::kind::passage);
  EXPECT_EQ(undersigned[0]->cite.first_line, 19);
  // The paragraph after it is prose too, not the first name of a list.
  auto evolved = containing(units(), "tccm-statement-2024",
                            "An evolved and strengthened multistakeholder approach");
  ASSERT_EQ(evolved.size(), 1u);
  EXPECT_EQ(evolved[0]->kind, kb::kind::passage);
  for (const auto* s : select(units(), "tccm-statement-2024", kb::kind::signatory))
    EXPECT_LT(24, s->cite.first_line) << s->title << " is above the \"Signatories as of\" line";
}

TEST_F(SeedCorpus, StatementRisksListStaysWithItsParagraph) {
  auto risks = containing(units(), "tccm-statement-2024", "there are risks that:");
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_TRUE(contains(risks[0]->text, "is not renewed or the Forum is weakened"))
      << "the bullets announced by \"risks that:\" belong to that passage";
  EXPECT_EQ(risks[0]->cite.first_line, 11);
  EXPECT_EQ(risks[0]->cite.last_line, 15);
}

// ---------------------------------------------------------------------------
// igf2025-session

TEST_F(SeedCorpus, SessionHasFiveSpeakersOnce) {
  auto speakers = select(units(), "igf2025-session", kb::kind::speaker);
  EXPECT_EQ(titles(speakers),
            (std::vector<std::string>{"Joyce Chen", "Israel Rosas", "Paulos Nyirenda", "Tu An Ngo",
                                      "Ellie McDonald"}))
      << "speakers 2-5 are repeated in the source but imported once";
  EXPECT_EQ(ids(speakers),
            (std::vector<std::string>{"igf2025-session/speaker/1", "igf2025-session/speaker/2",
                                      "igf2025-session/speaker/3", "igf2025-session/speaker/4",
                                      "igf2025-session/speaker/5"}));
  ASSERT_EQ(speakers.size(), 5u);
  EXPECT_EQ(speakers[1]->cite.first_line, 9) << "the first occurrence is cited";
}

TEST_F(SeedCorpus, SessionHasThreeOrganisersOnce) {
  auto organisers = select(units(), "igf2025-session", kb::kind::organiser);
  EXPECT_EQ(ids(organisers),
            (std::vector<std::string>{"igf2025-session/organiser/1", "igf2025-session/organiser/2",
                                      "igf2025-session/organiser/3"}));
  EXPECT_EQ(titles(organisers), (std::vector<std::string>{
                                    "Technical Community, Western European and Others Group (WEOG)",
                                    "Private Sector, Western European and Others Group (WEOG)",
                                    "Technical Community, Asia-Pacific Group"}));
}

TEST_F(SeedCorpus, SessionHasThreePolicyQuestions) {
  auto questions = select(units(), "igf2025-session", kb::kind::policy_question);
  EXPECT_EQ(ids(questions), (std::vector<std::string>{"igf2025-session/policy-question/a",
                                                      "igf2025-session/policy-question/b",
                                                      "igf2025-session/policy-question/c"}));
  ASSERT_EQ(questions.size(), 3u);
  EXPECT_TRUE(
      starts_with(questions[1]->text, "What are the implications for technical connectivity"))
      << questions[1]->text;
  EXPECT_EQ(questions[1]->cite.first_line, 25);
}

TEST_F(SeedCorpus, SessionDuplicatedParagraphsAppearOnce) {
  const std::string description =
      "The decisions that are made in 2025\xE2\x80\x99s WSIS+20 Review will have implications";
  auto units_with_description = containing(units(), "igf2025-session", description);
  ASSERT_EQ(units_with_description.size(), 1u)
      << "the Description paragraph (lines 30 and 31) is in one unit";
  const auto& text = units_with_description[0]->text;
  EXPECT_EQ(text.find(description, text.find(description) + 1), std::string::npos)
      << "and only once in that unit";
  EXPECT_EQ(units_with_description[0]->title, "Description");

  const std::string format = "The proposed roundtable layout and duration are best suited";
  auto units_with_format = containing(units(), "igf2025-session", format);
  ASSERT_EQ(units_with_format.size(), 1u);
  const auto& ftext = units_with_format[0]->text;
  EXPECT_EQ(ftext.find(format, ftext.find(format) + 1), std::string::npos)
      << "the format description appears once";
}

// ---------------------------------------------------------------------------
// tccm-wsis20-update

TEST_F(SeedCorpus, UpdateSentenceCutByPageBreakIsOnePassage) {
  auto busy = containing(units(), "tccm-wsis20-update", "a busy process");
  ASSERT_EQ(busy.size(), 1u)
      << "\"...a busy\" / blank lines / \"process. ICANN Prague...\" is one sentence";
  EXPECT_EQ(busy[0]->kind, kb::kind::passage);
  EXPECT_TRUE(starts_with(busy[0]->text, "We look forward to working with all parts of the system"))
      << busy[0]->text;
  EXPECT_TRUE(contains(busy[0]->text, "ICANN Prague and global IGF in Norway")) << busy[0]->text;
  EXPECT_EQ(busy[0]->cite.first_line, 36);
  EXPECT_EQ(busy[0]->cite.last_line, 42);
  for (const auto& u : units()) {
    if (u.source_id == "tccm-wsis20-update") {
      EXPECT_FALSE(starts_with(u.text, "process."))
          << u.id << " starts with the cut-off sentence end";
    }
  }
}

TEST_F(SeedCorpus, UpdateHardWrappedLinesAreJoined) {
  auto first =
      containing(units(), "tccm-wsis20-update",
                 "is made up of 35 members of the Internet\xE2\x80\x99s technical community");
  ASSERT_EQ(first.size(), 1u) << "line 1 and line 2 are one paragraph";
  EXPECT_EQ(first[0]->cite.first_line, 1);
  EXPECT_EQ(first[0]->cite.last_line, 8);
  EXPECT_EQ(select(units(), "tccm-wsis20-update", kb::kind::passage).size(), 5u)
      << "five paragraphs";
}

// ---------------------------------------------------------------------------
// The individual importers on the seed files (no tag inference)

class SeedImporters : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    catalog_ = new kb::Catalog(kb::load_catalog(kCorpus + "/catalog.xml"));
    taxonomy_ = new kb::Taxonomy(kb::load_taxonomy(kCorpus + "/taxonomy.xml"));
  }
  static void TearDownTestSuite() {
    delete catalog_;
    delete taxonomy_;
    catalog_ = nullptr;
    taxonomy_ = nullptr;
  }
  static const kb::SourceDocument& meta(const std::string& file) {
    return catalog_->documents.at("documents/" + file);
  }
  static kb::TextSource text(const std::string& file) {
    return kb::read_text_source(kCorpus + "/documents/" + file, "documents/" + file);
  }
  static std::size_t count(const std::vector<kb::Unit>& units, const std::string& kind) {
    std::size_t n = 0;
    for (const auto& u : units)
      if (u.kind == kind) ++n;
    return n;
  }
  static kb::Catalog* catalog_;
  static kb::Taxonomy* taxonomy_;
};
kb::Catalog* SeedImporters::catalog_ = nullptr;
kb::Taxonomy* SeedImporters::taxonomy_ = nullptr;

TEST_F(SeedImporters, CatalogKindsMatchDetection) {
  EXPECT_EQ(kb::detect_document_kind(text("wsis20-messaging-framework.txt")),
            kb::doc_kind::framework);
  EXPECT_EQ(kb::detect_document_kind(text("tccm-consultation-response-2025.txt")),
            kb::doc_kind::consultation);
  EXPECT_EQ(kb::detect_document_kind(text("tccm-statement-2024.txt")), kb::doc_kind::statement);
  EXPECT_EQ(kb::detect_document_kind(text("igf2025-session-proposal.txt")),
            kb::doc_kind::session_proposal);
  EXPECT_EQ(kb::detect_document_kind(text("tccm-wsis20-update.txt")), kb::doc_kind::document)
      << "the update has no signatory list, so it has no detectable structure";
}

TEST_F(SeedImporters, ImportFramework) {
  const auto& source = meta("wsis20-messaging-framework.txt");
  EXPECT_EQ(source.id, "wsis20-framework");
  auto units = kb::import_framework(text("wsis20-messaging-framework.txt"), source, *taxonomy_);
  EXPECT_EQ(count(units, kb::kind::message), 5u);
  EXPECT_EQ(count(units, kb::kind::proof_point), 20u);
  EXPECT_EQ(count(units, kb::kind::audience_guidance), 4u);
  for (const auto& u : units) {
    EXPECT_EQ(u.source_id, "wsis20-framework") << u.id;
    if (u.kind != kb::kind::audience_guidance) {
      EXPECT_TRUE(u.audiences.empty()) << u.id << ": the importer infers no tags";
    }
    EXPECT_TRUE(u.themes.empty()) << u.id << ": the importer infers no tags";
  }
}

TEST_F(SeedImporters, ImportQa) {
  const auto& source = meta("tccm-consultation-response-2025.txt");
  auto units = kb::import_qa(text("tccm-consultation-response-2025.txt"), source);
  EXPECT_EQ(count(units, kb::kind::answer), 11u);
  EXPECT_EQ(count(units, kb::kind::signatory), 22u);
  EXPECT_EQ(count(units, kb::kind::message), 0u);
}

TEST_F(SeedImporters, ImportStatement) {
  auto units =
      kb::import_statement(text("tccm-statement-2024.txt"), meta("tccm-statement-2024.txt"));
  EXPECT_EQ(count(units, kb::kind::signatory), 16u);
  EXPECT_EQ(count(units, kb::kind::passage), 8u)
      << "paragraphs of lines 3-21 (the list after \"risks that:\" joined)";
  std::set<std::string> seen;
  for (const auto& u : units) EXPECT_TRUE(seen.insert(u.id).second) << "duplicate id " << u.id;
}

TEST_F(SeedImporters, ImportSessionProposal) {
  auto units = kb::import_session_proposal(text("igf2025-session-proposal.txt"),
                                           meta("igf2025-session-proposal.txt"));
  EXPECT_EQ(count(units, kb::kind::speaker), 5u);
  EXPECT_EQ(count(units, kb::kind::organiser), 3u);
  EXPECT_EQ(count(units, kb::kind::policy_question), 3u);
}

TEST_F(SeedImporters, ImportPassages) {
  auto units = kb::import_passages(text("tccm-wsis20-update.txt"), meta("tccm-wsis20-update.txt"));
  EXPECT_EQ(count(units, kb::kind::passage), 5u);
  EXPECT_EQ(units.size(), 5u);
  std::vector<std::string> expected{"tccm-wsis20-update/p1", "tccm-wsis20-update/p2",
                                    "tccm-wsis20-update/p3", "tccm-wsis20-update/p4",
                                    "tccm-wsis20-update/p5"};
  std::vector<std::string> got;
  for (const auto& u : units) got.push_back(u.id);
  EXPECT_EQ(got, expected);
}

}  // namespace
