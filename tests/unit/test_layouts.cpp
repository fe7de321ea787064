// The layouts people actually write (issue 14, layouts): a second framework
// (tests/fixtures/layouts/northwind-framework.txt, and as DOCX made from it by make.sh)
// with bare-line headings, headings wrapped onto two lines, audiences the taxonomy does
// not know written as unbulleted "Name: text" paragraphs, a running header and footer on
// every page and a table of contents without leader dots imports exactly; and each rule
// on its own, with the look-alikes it must leave alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "index/corpus_metadata.h"
#include "kb/corpus.h"
#include "kb/importers.h"
#include "kb/model.h"
#include "kb/taxonomy.h"
#include "kb/text_source.h"

namespace fs = std::filesystem;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

const std::string kSeeds = std::string(KB_SOURCE_DIR) + "/corpus";
const std::string kLayouts = std::string(KB_FIXTURES_DIR) + "/layouts";

bool contains(const std::string& s, const std::string& needle) {
  return s.find(needle) != std::string::npos;
}

// A corpus holding `file` (copied from the fixtures) with the seed taxonomy, listed in the
// catalog as a framework when `listed`, else left for kb to detect.
kb::Corpus load_fixture(const std::string& file, bool listed = true) {
  TempDir dir;
  fs::create_directories(dir.path() / "documents");
  fs::copy_file(kSeeds + "/taxonomy.xml", dir / "taxonomy.xml");
  std::string entry = listed ? "  <document id=\"northwind\" file=\"documents/" + file +
                                   "\" kind=\"framework\" lang=\"en\">\n"
                                   "    <title>Keeping Number Resources Open</title>"
                                   "<publisher>Northwind Registry</publisher><date>2026-03-12"
                                   "</date><description>D</description>\n  </document>\n"
                             : "";
  write_file(dir.path() / "catalog.xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog>\n" + entry + "</catalog>\n");
  fs::copy_file(kLayouts + "/" + file, dir.path() / "documents" / file);
  return kb::load_corpus(dir.str());
}

std::vector<const kb::Unit*> of_kind(const kb::Corpus& c, const std::string& kind) {
  std::vector<const kb::Unit*> out;
  for (const auto& u : c.units)
    if (u.kind == kind) out.push_back(&u);
  return out;
}

template <class Get>
std::vector<std::string> field(const std::vector<const kb::Unit*>& units, Get get) {
  std::vector<std::string> out;
  for (const auto* u : units) out.push_back(get(*u));
  return out;
}

const std::vector<std::string> kMessageTitles = {
    "Number Resource Policy Must Stay Open, Neutral and Bottom-Up",
    "Registries Are Accountable to the Networks They Serve",
    "Unilateral Controls on Addressing Would Fragment the Network",
    "Capacity Building Turns Openness Into Participation"};

// What the fixture says, exactly, whatever format it came in.
void expect_northwind(const kb::Corpus& c) {
  auto messages = of_kind(c, kb::kind::message);
  auto pps = of_kind(c, kb::kind::proof_point);
  auto guidance = of_kind(c, kb::kind::audience_guidance);
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(field(messages, [](const kb::Unit& u) { return u.title; }), kMessageTitles);
  EXPECT_EQ(
      field(messages, [](const kb::Unit& u) { return u.id; }),
      (std::vector<std::string>{"northwind/m1", "northwind/m2", "northwind/m3", "northwind/m4"}));
  EXPECT_EQ(messages[0]->text,
            "Policies for distributing IP addresses are written by the community that uses "
            "them, in open meetings where any participant can propose a change. This keeps the "
            "rules practical and trusted.");
  ASSERT_EQ(pps.size(), 12u);
  for (const auto* m : messages) {
    int n = 0;
    for (const auto* pp : pps) n += pp->message_id == m->id;
    EXPECT_EQ(n, 3) << m->id << " has three proof points";
  }
  // The last proof point of message 2 is on the next page, under the running header.
  EXPECT_EQ(pps[5]->message_id, "northwind/m2");
  EXPECT_EQ(pps[5]->text,
            "An independent review of the registry's governance in 2024 found its "
            "accountability mechanisms in line with good practice for membership "
            "organisations.");
  EXPECT_EQ(pps[6]->text,
            "The registry database is the reference thousands of operators use to filter "
            "routes; divergent national registries would force operators to choose which "
            "data to trust.");

  ASSERT_EQ(guidance.size(), 4u);
  EXPECT_EQ(field(guidance, [](const kb::Unit& u) { return u.audiences.at(0).id; }),
            (std::vector<std::string>{"policymakers", "journalists", "network-operators",
                                      "academia-and-researchers"}));
  EXPECT_EQ(field(guidance, [](const kb::Unit& u) { return u.title; }),
            (std::vector<std::string>{"Policymakers", "Journalists", "Network operators",
                                      "Academia and researchers"}));
  EXPECT_EQ(guidance[1]->text,
            "Explain how registry data underpins routing security, and offer background "
            "briefings on resource certification and its role in preventing hijacks.");
  for (const auto* g : guidance)
    EXPECT_EQ(g->cite.section.substr(0, 50), "How to Use These Messages With Different Audiences")
        << g->id;
  EXPECT_EQ(messages[2]->cite.section.substr(0, 12), "Key Messages");

  for (const auto& u : c.units) {
    EXPECT_FALSE(contains(u.text, "Outreach Messaging Framework 2026")) << u.id << ": header";
    EXPECT_FALSE(contains(u.text, "| Internal |")) << u.id << ": footer";
    EXPECT_FALSE(contains(u.text, "Key Messages 2")) << u.id << ": table of contents";
    EXPECT_FALSE(contains(u.title, "Contents")) << u.id;
  }
  // The introduction and the closing note are passages of their sections.
  bool introduction = false, closing = false;
  for (const auto* p : of_kind(c, kb::kind::passage)) {
    introduction |= p->cite.section == "Introduction" && contains(p->text, "thirty years");
    closing |= p->cite.section == "Closing Note" && contains(p->text, "next policy meeting");
  }
  EXPECT_TRUE(introduction);
  EXPECT_TRUE(closing);
}

kb::TextSource source_of(const std::string& text) {
  return kb::parse_text_source(text, "t.txt");
}

std::string joined(const kb::TextSource& s) {
  std::string out;
  for (const auto& l : s.lines) out += l.text + "\n";
  return out;
}

std::vector<kb::Unit> framework_units(const std::string& text) {
  kb::SourceDocument source;
  source.id = "d";
  source.title = "T";
  auto taxonomy = kb::load_taxonomy(kSeeds + "/taxonomy.xml");
  return kb::import_framework(source_of(text), source, taxonomy);
}

}  // namespace

TEST(VariantFramework, TextImportsExactly) {
  expect_northwind(load_fixture("northwind-framework.txt"));
}

TEST(VariantFramework, DocxImportsExactlyAsTheText) {
  auto docx = load_fixture("northwind-framework.docx");
  expect_northwind(docx);
  auto text = load_fixture("northwind-framework.txt");
  auto texts = [](const kb::Corpus& c, const char* kind) {
    return field(of_kind(c, kind), [](const kb::Unit& u) { return u.text; });
  };
  EXPECT_EQ(texts(docx, kb::kind::proof_point), texts(text, kb::kind::proof_point));
  EXPECT_EQ(texts(docx, kb::kind::audience_guidance), texts(text, kb::kind::audience_guidance));
}

TEST(VariantFramework, NewAudiencesAreFacetValuesLabelledWithTheirNames) {
  auto metadata = kb::detail::metadata_of(load_fixture("northwind-framework.txt"), {});
  std::map<std::string, std::string> labels;
  for (const auto& v : metadata.facet_values.at("audience")) labels[v.info.value] = v.info.label;
  EXPECT_EQ(labels["journalists"], "Journalists");
  EXPECT_EQ(labels["network-operators"], "Network operators");
  EXPECT_EQ(labels["academia-and-researchers"], "Academia and researchers");
  EXPECT_EQ(labels["policymakers"], "Policymakers");  // from the taxonomy, as before
}

TEST(VariantFramework, DetectedAsAFrameworkWithoutACatalogEntry) {
  auto c = load_fixture("northwind-framework.txt", /*listed=*/false);
  ASSERT_EQ(c.sources.size(), 1u);
  EXPECT_EQ(c.sources[0].kind, kb::doc_kind::framework);
  EXPECT_EQ(of_kind(c, kb::kind::message).size(), 4u);
  EXPECT_EQ(of_kind(c, kb::kind::proof_point).size(), 12u);
  EXPECT_EQ(of_kind(c, kb::kind::audience_guidance).size(), 4u);
}

TEST(VariantFramework, FormFeedsGiveThePagesOfCitations) {
  auto c = load_fixture("northwind-framework.txt");
  auto messages = of_kind(c, kb::kind::message);
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[0]->cite.page, 2);
  EXPECT_EQ(messages[2]->cite.page, 3);
  auto pps = of_kind(c, kb::kind::proof_point);
  ASSERT_EQ(pps.size(), 12u);
  EXPECT_EQ(pps[5]->cite.page, 3);  // the proof point after the page break
}

TEST(RunningLines, HeadersAndFootersOfPagesAreDroppedEveryTime) {
  std::string text;
  for (int page = 1; page <= 4; ++page) {
    if (page > 1) text += "\f";
    text += "Acme Registry Annual Report\n\n" + std::string(page % 2 ? "Odd" : "Even") +
            " pages say one thing, page " + std::to_string(page) + " says it here.\n\n" +
            std::to_string(page) + " | Acme Registry\n";
  }
  auto s = source_of(text);
  auto all = joined(s);
  EXPECT_FALSE(contains(all, "Annual Report")) << all;
  EXPECT_FALSE(contains(all, "| Acme Registry")) << all;
  EXPECT_TRUE(contains(all, "Even pages say one thing, page 4 says it here.")) << all;
  EXPECT_EQ(s.lines.front().page, 1);
  EXPECT_EQ(s.lines.back().page, 4);
  int headers = 0, footers = 0;
  for (const auto& d : s.dropped) {
    headers += d.reason == "running header";
    footers += d.reason == "running footer";
  }
  EXPECT_EQ(headers, 4);
  EXPECT_EQ(footers, 4);
}

TEST(RunningLines, WithoutFormFeedsFootersWithChangingNumbersAndTheLinesBesideThem) {
  std::string text;
  for (int page = 1; page <= 3; ++page)
    text += "Acme Registry Annual Report\n\nParagraph number " + std::to_string(page) +
            " of the report text.\n\nQuestion " + std::to_string(page) +
            "\n\nWhat is asked here?\n\nAcme Registry | Confidential | " + std::to_string(page) +
            "\n\n";
  auto all = joined(source_of(text));
  EXPECT_FALSE(contains(all, "Confidential")) << all;
  EXPECT_FALSE(contains(all, "Annual Report")) << all;
  EXPECT_TRUE(contains(all, "Paragraph number 3 of the report text.")) << all;
  EXPECT_TRUE(contains(all, "Question 3\n")) << all << "a question label is no footer";
}

TEST(RunningLines, RepeatedSubheadingsAndNumberedLinesAreContent) {
  // "Why it matters" under each message, and lines that share words and differ by a
  // number, are what a document says, not running lines.
  std::string text;
  for (int m = 1; m <= 3; ++m)
    text += "Message " + std::to_string(m) + ": Title " + std::to_string(m) +
            "\n\nWhy it matters\n\nStatement of message " + std::to_string(m) + ".\n\n";
  auto all = joined(source_of(text));
  EXPECT_TRUE(contains(all, "Why it matters")) << all;
  EXPECT_TRUE(contains(all, "Message 3: Title 3")) << all;
  // Also on pages: a subheading at the top of two pages of six.
  auto paged = joined(
      source_of("Why it matters\n\nText one.\n\fText two.\n\fText three.\n\fWhy it matters\n\nText "
                "four.\n\fText five.\n\fText six.\n"));
  EXPECT_TRUE(contains(paged, "Why it matters")) << paged;
}

TEST(TableOfContents, EntriesWithoutLeaderDotsAreDropped) {
  auto s = source_of(
      "Title\n\nContents\n\nIntroduction 2\nKey Messages 3\nHow to Use These Messages With "
      "Different\nAudiences 7\n\nIntroduction\n\nThe text begins here and is 12 words long in "
      "all of it.\n");
  auto all = joined(s);
  EXPECT_FALSE(contains(all, "Key Messages")) << all;
  EXPECT_FALSE(contains(all, "Audiences 7")) << all;
  EXPECT_FALSE(contains(all, "With Different")) << all;
  EXPECT_TRUE(contains(all, "Introduction\n")) << all;
  EXPECT_TRUE(contains(all, "The text begins here")) << all;
  int toc = 0;
  for (const auto& d : s.dropped) toc += d.reason == "table of contents";
  EXPECT_GE(toc, 4);
  // One line ending in a number after a "Contents" heading is not a table.
  auto one = joined(source_of("Contents\n\nWe counted 2025\n\nMore text.\n"));
  EXPECT_TRUE(contains(one, "We counted 2025")) << one;
}

TEST(WrappedHeadings, MessageAndBareHeadingsJoinTheirSecondLine) {
  auto units = framework_units(
      "Key Messages\n\nMessage 1: Governance Must Be Broad-Based and\nPractical\n\nThe "
      "statement of the first message, long enough.\n\n- A proof point of the first "
      "message.\n\nMessage 2: The Technical Community Is a Pillar\n\nSecond statement of "
      "this message.\n\n- Its proof point, one line.\n\nHow This Messaging Connects "
      "Across\nAudiences\n\nPolicymakers: Guidance for policymakers in a few words.\n");
  std::vector<std::string> titles, guidance_sections;
  for (const auto& u : units) {
    if (u.kind == kb::kind::message) titles.push_back(u.title);
    if (u.kind == kb::kind::audience_guidance) guidance_sections.push_back(u.cite.section);
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"Governance Must Be Broad-Based and Practical",
                                              "The Technical Community Is a Pillar"}));
  ASSERT_EQ(guidance_sections.size(), 1u);
  EXPECT_EQ(guidance_sections[0].substr(0, 44), "How This Messaging Connects Across Audiences");
}

TEST(WrappedHeadings, ATitleAboveItsLongerSubtitleStaysTwoLines) {
  auto units = framework_units(
      "Keeping Number Resources Open\nA messaging framework for the 2026 policy cycle\n\n"
      "Message 1: One\n\nStatement one here.\n\n- Proof one.\n\nMessage 2: Two\n\nStatement "
      "two here.\n\n- Proof two.\n");
  for (const auto& u : units) EXPECT_FALSE(contains(u.title, "Open A messaging")) << u.title;
}

TEST(UnbulletedAudiences, UnknownNamesBecomeAudiencesButRemarksDoNot) {
  auto units = framework_units(
      "Message 1: One\n\nStatement one here.\n\n- Proof one.\n\nMessage 2: Two\n\nStatement "
      "two here.\n\n- Proof two.\n\nAudience Guidance\n\nNote: adapt these to the room.\n\n"
      "Journalists: Explain the registry data and how it is used\nto secure routing.\n\n"
      "Network operators: Remind them the policies are theirs.\n\nJournalist: short\n");
  std::vector<std::string> ids, texts;
  for (const auto& u : units)
    if (u.kind == kb::kind::audience_guidance) {
      ids.push_back(u.audiences.at(0).id);
      texts.push_back(u.text);
    }
  EXPECT_EQ(ids, (std::vector<std::string>{"journalists", "network-operators"}));
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[0], "Explain the registry data and how it is used to secure routing.");
}

TEST(UnbulletedAudiences, ConsecutiveLinesWithoutBlankLinesBetween) {
  auto units = framework_units(
      "Message 1: One\n\nStatement one here.\n\n- Proof one.\n\nMessage 2: Two\n\nStatement "
      "two here.\n\n- Proof two.\n\nTalking to Different Audiences\n\n"
      "Government officials: Stress the stability record and the open consultation.\n"
      "Small businesses: Explain how low fees and local support help them\n"
      "get online.\nStudents and educators: Point them to training and fellowships.\n");
  std::vector<std::string> ids, texts;
  for (const auto& u : units)
    if (u.kind == kb::kind::audience_guidance) {
      ids.push_back(u.audiences.at(0).id);
      texts.push_back(u.text);
    }
  EXPECT_EQ(ids, (std::vector<std::string>{"government-officials", "small-businesses",
                                           "students-and-educators"}));
  ASSERT_EQ(texts.size(), 3u);
  EXPECT_EQ(texts[1], "Explain how low fees and local support help them get online.");
}
