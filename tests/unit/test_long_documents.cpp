// Very long paragraphs (issue 9, finding 10): a multi-megabyte one-line document, a long
// hard-wrapped paragraph, a blob without spaces, a huge answer or message statement are
// cut into units of bounded size that together keep every word and cite their own lines.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "import/import_util.h"
#include "kb/importers.h"
#include "kb/taxonomy.h"
#include "kb/text.h"
#include "kb/text_source.h"

namespace {

constexpr std::size_t kMax = kb::detail::max_unit_text_bytes;

// Deterministic prose: words from a fixed vocabulary, a full stop every 13 words.
std::string generated_prose(std::size_t bytes, unsigned seed = 7) {
  static const char* vocabulary[] = {
      "registry", "operators", "coordinate",       "resolver",  "policy", "open",
      "network",  "stable",    "multistakeholder", "forum",     "review", "access",
      "routing",  "security",  "community",        "standards", "global", "local"};
  std::string out;
  unsigned state = seed;
  for (int n = 1; out.size() < bytes; ++n) {
    state = state * 1103515245u + 12345u;
    if (!out.empty()) out += ' ';
    out += vocabulary[(state >> 16) % (sizeof vocabulary / sizeof *vocabulary)];
    out += std::to_string(n % 997);  // many distinct words, each findable
    if (n % 13 == 0) out += '.';
  }
  if (out.back() != '.') out += '.';
  return out;
}

// The words of a text, in order (whitespace of any kind separates them).
std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (!w.empty()) out.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

std::vector<std::string> words_of_units(const std::vector<kb::Unit>& units, std::size_t from = 0) {
  std::vector<std::string> out;
  for (std::size_t i = from; i < units.size(); ++i)
    for (auto& w : words(units[i].text)) out.push_back(w);
  return out;
}

kb::SourceDocument source(const std::string& id, const std::string& kind = "") {
  kb::SourceDocument s;
  s.id = id;
  s.title = "Long " + id;
  s.kind = kind;
  return s;
}

TEST(LongDocuments, OneLineMultiMegabyteDocumentBecomesBoundedUnitsKeepingEveryWord) {
  auto line = generated_prose(3 << 20);
  auto text = kb::parse_text_source(line + "\n", "oneline.txt");
  auto doc = kb::import_text(text, source("oneline"), kb::Taxonomy{});
  ASSERT_GT(doc.units.size(), (3u << 20) / kMax) << "a 3 MB paragraph is many units, not one";
  for (const auto& u : doc.units) {
    ASSERT_LE(u.text.size(), kMax) << u.id;
    ASSERT_FALSE(u.text.empty()) << u.id;
    EXPECT_EQ(u.cite.first_line, 1) << u.id;
    EXPECT_EQ(u.cite.last_line, 1) << u.id;
    EXPECT_EQ(u.text.back(), '.') << u.id << " is cut at a sentence end";
  }
  EXPECT_EQ(words_of_units(doc.units), words(line)) << "every word, in order, once";
  std::set<std::string> ids;
  for (const auto& u : doc.units) EXPECT_TRUE(ids.insert(u.id).second) << "duplicate id " << u.id;
}

TEST(LongDocuments, WrappedLongParagraphPiecesCiteTheirOwnLines) {
  // 4,000 lines of about 60 bytes, hard-wrapped inside one paragraph (no full stops, so
  // nothing closes the paragraph early): each unit cites the lines its words come from.
  std::vector<std::string> lines;
  std::string content;
  for (int i = 1; i <= 4000; ++i) {
    std::string l =
        "line" + std::to_string(i) + " continues the long paragraph about open coordination";
    lines.push_back(l);
    content += l + "\n";
  }
  auto doc = kb::import_text(kb::parse_text_source(content, "wrapped.txt"), source("wrapped"),
                             kb::Taxonomy{});
  ASSERT_GT(doc.units.size(), 20u);
  int previous_last = 0;
  for (const auto& u : doc.units) {
    ASSERT_LE(u.text.size(), kMax) << u.id;
    auto w = words(u.text);
    ASSERT_FALSE(w.empty());
    ASSERT_GE(u.cite.first_line, 1);
    ASSERT_LE(u.cite.last_line, 4000);
    EXPECT_NE(lines[u.cite.first_line - 1].find(w.front()), std::string::npos)
        << u.id << " starts with \"" << w.front() << "\", cited from line " << u.cite.first_line;
    EXPECT_NE(lines[u.cite.last_line - 1].find(w.back()), std::string::npos)
        << u.id << " ends with \"" << w.back() << "\", cited to line " << u.cite.last_line;
    EXPECT_GE(u.cite.first_line, previous_last) << "pieces follow each other";
    previous_last = u.cite.last_line;
  }
  EXPECT_EQ(words_of_units(doc.units), words(content));
}

TEST(LongDocuments, BlobWithoutSpacesIsCutBetweenCharacters) {
  std::string blob;
  while (blob.size() < 100000)
    blob += "\xC3\xA9x\xE2\x82\xAC";  // é, x, € : cuts must not split them
  auto doc = kb::import_text(kb::parse_text_source(blob + "\n", "blob.txt"), source("blob"),
                             kb::Taxonomy{});
  ASSERT_GT(doc.units.size(), 1u) << "one enormous \"word\" is not a short paragraph to drop";
  std::string joined;
  for (const auto& u : doc.units) {
    ASSERT_LE(u.text.size(), kMax);
    EXPECT_EQ(kb::find_invalid_utf8(u.text), std::string::npos)
        << u.id << " was cut inside a character";
    joined += u.text;
  }
  EXPECT_EQ(joined, blob);
}

TEST(LongDocuments, HugeAnswerContinuesInPassagesOfItsQuestion) {
  auto answer = generated_prose(200000, 11);
  std::string content =
      "1. How should the review strengthen the Forum?\n" + answer +
      "\n2. What are the main challenges?\nConnecting discussion to implementation.\n"
      "3. Which technologies should the review consider?\nArtificial intelligence.\n";
  auto units =
      kb::import_qa(kb::parse_text_source(content, "qa.txt"), source("qa", "consultation"));
  ASSERT_GT(units.size(), 3u);
  EXPECT_EQ(units[0].id, "qa/q1");
  EXPECT_EQ(units[0].kind, "answer");
  EXPECT_EQ(units[0].cite.first_line, 1) << "the answer still cites its question's line";
  std::size_t continuation = 1;
  std::vector<std::string> answer_words = words(units[0].text);
  for (; continuation < units.size() && units[continuation].kind == "passage"; ++continuation) {
    EXPECT_EQ(units[continuation].title, units[0].title)
        << "a continuation is titled with the question";
    EXPECT_EQ(units[continuation].cite.first_line, 2);
    for (auto& w : words(units[continuation].text)) answer_words.push_back(w);
  }
  for (const auto& u : units) EXPECT_LE(u.text.size(), kMax) << u.id;
  EXPECT_EQ(answer_words, words(answer));
  ASSERT_LT(continuation, units.size());
  EXPECT_EQ(units[continuation].id, "qa/q2");
}

TEST(LongDocuments, HugeMessageStatementKeepsItsMessage) {
  auto statement = generated_prose(60000, 5);
  std::string content = "Message 1: Coordination Works\n" + statement +
                        "\nProof Points:\n- The DNS has run without interruption.\n"
                        "Message 2: Security Is Shared\nSecurity is built together.\n";
  auto units = kb::import_framework(kb::parse_text_source(content, "fw.txt"),
                                    source("fw", "framework"), kb::Taxonomy{});
  ASSERT_FALSE(units.empty());
  EXPECT_EQ(units[0].id, "fw/m1");
  EXPECT_EQ(units[0].cite.first_line, 1);
  std::vector<std::string> statement_words;
  for (const auto& u : units) {
    EXPECT_LE(u.text.size(), kMax) << u.id;
    if (u.message_id == "fw/m1" && u.kind != "proof-point")
      for (auto& w : words(u.text)) statement_words.push_back(w);
  }
  EXPECT_EQ(statement_words, words(statement))
      << "the statement's continuations belong to message 1";
}

}  // namespace
