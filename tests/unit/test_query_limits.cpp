// The work of one query is bounded (issue 9, finding 1): repeats collapse, words and
// terms are capped with Error(query_too_complex), a partial word expands to a bounded
// number of terms, and a search past its deadline is Error(search_timeout), never a
// partial answer. And text is normalised (finding 10): NFC and NFD forms of a word find
// each other, and accents are folded for matching.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "../support/temp_dir.h"
#include "kb/api/errors.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_writer.h"
#include "kb/search.h"
#include "search/query_builder.h"
#include "text/text_util.h"

namespace {

using kb::detail::QueryBuilder;
using namespace std::chrono_literals;

std::string repeated(const std::string& word, int times, const std::string& separator = " ") {
  std::string out;
  for (int i = 0; i < times; ++i) out += (i ? separator : "") + word;
  return out;
}

kb::ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const kb::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no kb::Error thrown";
  return kb::ErrorCode::internal;
}

std::vector<std::string> ids(const kb::SearchResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.view.unit.id);
  return out;
}

// The IDN entry of the bundled glossary: one acronym, five more forms.
const std::vector<std::vector<std::string>> kIdnGlossary = {
    {"IDN", "Internationalized Domain Name", "IDNs", "Internationalised Domain Name",
     "Internationalized Domain Names", "Internationalised Domain Names"}};

class BuilderBounds : public ::testing::Test {
 protected:
  Xapian::Database db_{Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY)};
};

// ---------------------------------------------------------------------------
// Repeats

TEST(QueryBounds, RepeatsBeyondTheSecondInAClauseGoOperandsAndTrailingBlanksStay) {
  const std::pair<const char*, const char*> cases[] = {
      {"IDN IDN IDN IDN IDN", "IDN IDN"},
      {"IDN IDN", "IDN IDN"},  // a word typed twice weighs twice, as before
      {"dns abuse dns abuse dns abuse", "dns abuse dns abuse"},
      {"\"dns abuse\" \"dns abuse\" \"dns abuse\" igf", "\"dns abuse\" \"dns abuse\" igf"},
      {"+igf +igf +igf -wsis -wsis -wsis", "+igf +igf -wsis -wsis"},
      {"a OR a OR a OR a", "a OR a OR a OR a"},  // operands of OR are kept
      {"a a a a OR b", "a a a OR b"},            // the last a is OR's operand
      {"a a OR b a a", "a a OR b a a"},          // a new clause after OR
      {"a a a NEAR b", "a a a NEAR b"},          // a OR/AND (a NEAR b): the operand stays
      {"(IDN IDN IDN IDN IDN)", "(IDN IDN IDN IDN)"},
      {"igf igf igf ", "igf igf "},  // a trailing blank ends a partial word: kept
      {"  igf\tigf igf", "  igf\tigf"},
      {"", ""},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(QueryBuilder::collapse_repeats(in), out) << in;
}

TEST_F(BuilderBounds, TheQueryFor128RepeatsOfAGlossaryAcronymIsTheQueryForTwo) {
  QueryBuilder builder(db_, kIdnGlossary);
  auto once = builder.parse("IDN", false).query;
  auto twice = builder.parse("IDN IDN", false).query;
  for (const char* word : {"IDN", "idn", "Idn"}) {
    auto many = builder.parse(repeated(word, 128), false).query;
    EXPECT_EQ(many.serialise(), twice.serialise()) << word;
    EXPECT_LE(many.get_length(), 2 * once.get_length()) << word;
  }
  EXPECT_GT(once.get_length(), 10u) << "the glossary forms are part of the query";
}

// ---------------------------------------------------------------------------
// Caps

TEST_F(BuilderBounds, MoreWordsThanTheCapIsQueryTooComplex) {
  QueryBuilder builder(db_, {});
  auto limit = builder.options().max_words;
  std::string words, anded;
  for (std::size_t i = 0; i < limit; ++i) {
    words += "w" + std::to_string(i) + " ";
    anded += (i ? " AND w" : "w") + std::to_string(i);
  }
  EXPECT_NO_THROW(builder.parse(words, false));
  EXPECT_EQ(code_of([&] { builder.parse(words + "x", false); }), kb::ErrorCode::query_too_complex);
  EXPECT_EQ(code_of([&] { builder.parse(words + "x", true); }), kb::ErrorCode::query_too_complex);
  EXPECT_NO_THROW(builder.parse(anded, false)) << "operators are not words";
}

TEST_F(BuilderBounds, AWordThatStandsForTooManyTermsIsQueryTooComplex) {
  // "IDN,IDN,..." is one token, so no repeat collapses; each IDN stands for its six forms.
  QueryBuilder builder(db_, kIdnGlossary);
  try {
    builder.parse(repeated("IDN", 60, ","), false);
    FAIL() << "no error";
  } catch (const kb::Error& e) {
    EXPECT_EQ(e.code(), kb::ErrorCode::query_too_complex);
    EXPECT_NE(std::string(e.what()).find("limit"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(builder.parse(repeated("IDN", 5, ","), false));
}

TEST(QueryBounds, APartialWordExpandsToItsMostFrequentCompletionsOnly) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  // 150 words starting "pre", each in its own document; every third (50 of them, more
  // than the cap) in two.
  for (int i = 0; i < 150; ++i) {
    Xapian::Document doc;
    doc.add_term("pre" + std::to_string(i));
    db.add_document(doc);
    if (i % 3 == 0) db.add_document(doc);
  }
  QueryBuilder builder(db, {});
  auto parsed = builder.parse("pre", /*partial=*/true);
  Xapian::Enquire enquire(db);
  enquire.set_query(parsed.query);
  auto mset = enquire.get_mset(0, 1000, 1000);
  auto cap = builder.options().max_expansion;
  EXPECT_GT(mset.size(), 0u);
  EXPECT_LE(mset.size(), 2 * cap) << "at most `max_expansion` terms, each in one or two documents";
  // The more frequent completions are the ones kept.
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    auto term = *it.get_document().termlist_begin();
    EXPECT_EQ(std::stoi(term.substr(3)) % 3, 0) << term;
  }
}

// ---------------------------------------------------------------------------
// Over the bundled corpus: results unchanged, deadlines

class BoundedSearch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new kb::testing::TempDir;
    kb::publish_index(kb::load_corpus(std::string(KB_SOURCE_DIR) + "/corpus"), dir_->str());
    index_ = new kb::Index(dir_->str());
  }
  static void TearDownTestSuite() {
    delete index_;
    delete dir_;
  }
  static kb::SearchRequest request(const std::string& q) {
    kb::SearchRequest r;
    r.query = q;
    r.limit = 50;
    return r;
  }
  static inline kb::testing::TempDir* dir_ = nullptr;
  static inline kb::Index* index_ = nullptr;
};

TEST_F(BoundedSearch, OneHundredTwentyEightRepeatsFindWhatOneFinds) {
  for (const char* word : {"IDN", "NRI", "GDC"}) {
    auto once = index_->search(request(word));
    auto many = index_->search(request(repeated(word, 128)));
    ASSERT_GT(once.total, 0u) << word;
    EXPECT_EQ(many.total, once.total) << word;
    EXPECT_EQ(ids(many), ids(once)) << word;
  }
  // With five filters too (the costliest form: one more match per filtered facet).
  auto filtered = [](kb::SearchRequest r) {
    r.filters = {{"audience", {"technical-community", "policymakers"}},
                 {"theme", {"universal-acceptance-idn", "multistakeholder-model"}},
                 {"kind", {"glossary", "proof-point", "passage"}},
                 {"source", {"glossary", "wsis20-framework", "tccm-statement-2024"}},
                 {"message", {"wsis20-framework/m1", "wsis20-framework/m2"}}};
    return r;
  };
  auto once = index_->search(filtered(request("IDN")));
  auto many = index_->search(filtered(request(repeated("IDN", 128))));
  EXPECT_EQ(ids(many), ids(once));
  EXPECT_EQ(many.facets.size(), once.facets.size());
}

TEST_F(BoundedSearch, APassedDeadlineIsSearchTimeoutNotAPartialAnswer) {
  auto r = request("internet governance");
  r.deadline = std::chrono::steady_clock::now() - 1ms;
  EXPECT_EQ(code_of([&] { index_->search(r); }), kb::ErrorCode::search_timeout);
  r.query.clear();  // browsing too
  r.filters = {{"kind", {"message"}}};
  EXPECT_EQ(code_of([&] { index_->search(r); }), kb::ErrorCode::search_timeout);
  EXPECT_EQ(
      code_of([&] { index_->suggest("internet gov", 5, std::chrono::steady_clock::now() - 1ms); }),
      kb::ErrorCode::search_timeout);
  EXPECT_EQ(kb::api::to_string(kb::ErrorCode::search_timeout), "search_timeout");
  EXPECT_EQ(kb::api::to_string(kb::ErrorCode::query_too_complex), "query_too_complex");
}

TEST_F(BoundedSearch, ADeadlineAheadChangesNothing) {
  auto r = request("internet governance");
  auto without = index_->search(r);
  r.deadline = std::chrono::steady_clock::now() + 1h;
  auto with = index_->search(r);
  EXPECT_EQ(ids(with), ids(without));
  EXPECT_EQ(with.total, without.total);
  auto s = index_->suggest("internet gov", 5, std::chrono::steady_clock::now() + 1h);
  EXPECT_FALSE(s.units.empty());
}

// ---------------------------------------------------------------------------
// Normalisation: NFC, and accents folded for matching

const std::string kNfc = "caf\xC3\xA9";       // U+00E9
const std::string kNfd = "cafe\xCC\x81";      // e + U+0301
const std::string kUpperNfc = "CAF\xC3\x89";  // U+00C9

TEST(Normalisation, NfcComposesAndFoldingDropsLatinAccentsOnly) {
  EXPECT_EQ(kb::text::nfc(kNfd), kNfc);
  EXPECT_EQ(kb::text::nfc(kNfc), kNfc);
  EXPECT_EQ(kb::text::nfc("plain ascii"), "plain ascii");
  EXPECT_EQ(kb::text::nfc("\xFF\xFE broken"), "\xFF\xFE broken") << "not UTF-8: unchanged";
  EXPECT_EQ(kb::text::fold_accents(kNfc), "cafe");
  EXPECT_EQ(kb::text::fold_accents(kNfd), "cafe");
  EXPECT_EQ(kb::text::fold_accents("\xC3\x85ngstr\xC3\xB6m"), "Angstrom");  // Ångström
  EXPECT_EQ(kb::text::fold_accents("\xCE\xAC"), "\xCE\xB1");                // ά -> α
  EXPECT_EQ(kb::text::fold_accents("\xE0\xA4\x95\xE0\xA4\xBF"), "\xE0\xA4\x95\xE0\xA4\xBF")
      << "a Devanagari vowel sign is not an accent";
}

class AccentFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new kb::testing::TempDir;
    kb::publish_index(kb::load_corpus(std::string(KB_FIXTURES_DIR) + "/accents"), dir_->str());
    index_ = new kb::Index(dir_->str());
  }
  static void TearDownTestSuite() {
    delete index_;
    delete dir_;
  }
  // The text of every unit the query finds.
  static std::vector<std::string> texts_for(const std::string& q) {
    kb::SearchRequest r;
    r.query = q;
    r.limit = 50;
    std::vector<std::string> out;
    for (const auto& h : index_->search(r).hits) out.push_back(h.view.unit.text);
    return out;
  }
  static bool has(const std::vector<std::string>& texts, const std::string& words) {
    return std::any_of(texts.begin(), texts.end(),
                       [&](const auto& t) { return t.find(words) != std::string::npos; });
  }
  static inline kb::testing::TempDir* dir_ = nullptr;
  static inline kb::Index* index_ = nullptr;
};

TEST_F(AccentFixture, EveryFormOfTheWordFindsEveryFormInTheText) {
  for (const auto& q : {kNfc, kNfd, std::string("cafe"), kUpperNfc, std::string("CAFE"),
                        "\"corner " + kNfd + "\""}) {
    auto found = texts_for(q);
    EXPECT_TRUE(has(found, "corner")) << q << ": the NFC passage";
    if (q.find('"') != std::string::npos) continue;  // the phrase is only in the first
    EXPECT_TRUE(has(found, "decomposed accent")) << q << ": the NFD passage";
    EXPECT_TRUE(has(found, "without any accent")) << q << ": the unaccented passage";
  }
}

TEST_F(AccentFixture, StoredTextIsNfcWithItsAccents) {
  auto found = texts_for("decomposed");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].find("second " + kNfc + " review"), std::string::npos) << found[0];
  EXPECT_EQ(found[0].find(kNfd), std::string::npos) << "no decomposed sequence left";
}

TEST_F(AccentFixture, TheUnaccentedQueryHighlightsTheAccentedWord) {
  kb::SearchRequest r;
  r.query = "cafe espresso";
  bool seen = false;
  for (const auto& h : index_->search(r).hits) {
    if (h.view.unit.text.find("corner") == std::string::npos) continue;
    seen = true;
    EXPECT_NE(h.snippet.find("<mark>" + kNfc + "</mark>"), std::string::npos) << h.snippet;
  }
  EXPECT_TRUE(seen);
}

}  // namespace
