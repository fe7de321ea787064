// Language handling: British/American spellings, hyphenated and joined compounds,
// glossary synonyms both ways (multi-word too), stemming per document language
// (tests/fixtures/lang: French, Spanish and British English documents), spelling
// correction, phrase, boolean and partial-word syntax.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/index_writer.h"
#include "kb/search.h"
#include "search/query_builder.h"
#include "text/language.h"

namespace fs = std::filesystem;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

std::vector<std::string> ids_for(const kb::Index& index, const std::string& query,
                                 bool partial = false) {
  kb::SearchRequest r;
  r.query = query;
  r.partial = partial;
  r.limit = 200;
  r.facets = false;
  std::vector<std::string> out;
  for (const auto& h : index.search(r).hits) out.push_back(h.view.unit.id);
  return out;
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// ---------------------------------------------------------------------------
// British and American spellings

TEST(Spelling, BritishAndAmericanFormsShareOneKey) {
  const std::pair<const char*, const char*> pairs[] = {
      {"internationalised", "internationalized"},
      {"organisation", "organization"},
      {"organisational", "organizational"},
      {"realised", "realized"},
      {"prioritising", "prioritizing"},
      {"behaviour", "behavior"},
      {"favourite", "favorite"},
      {"honourable", "honorable"},
      {"neighbourhoods", "neighborhoods"},
      {"analyse", "analyze"},
      {"paralysed", "paralyzed"},
      {"centre", "center"},
      {"metres", "meters"},
      {"centred", "centered"},
      {"dialogue", "dialog"},
      {"catalogued", "cataloged"},
      {"defence", "defense"},
      {"licences", "licenses"},
      {"programme", "program"},
      {"programmes", "programs"},
  };
  for (const auto& [british, american] : pairs) {
    EXPECT_EQ(kb::detail::american_spelling(british), kb::detail::american_spelling(american))
        << british << " / " << american;
    EXPECT_EQ(kb::detail::american_spelling(american), american)
        << "American forms are kept: " << american;
  }
}

TEST(Spelling, WordsThatOnlyLookLikeVariantsAreLeftAlone) {
  // Rewriting these would merge different words or invent a variant of a word that
  // has none in the -ize/-or/-er families.
  for (const char* w :
       {"rise", "raise", "noise", "advise", "prise", "hour", "your", "four", "tour", "scoured",
        "string", "hamstrings", "rogue", "vogue", "fence", "sense", "organism", "journal"})
    EXPECT_EQ(kb::detail::american_spelling(w), w) << w;
  EXPECT_NE(kb::detail::american_spelling("prise"), kb::detail::american_spelling("prize"));
  EXPECT_NE(kb::detail::american_spelling("scoured"), kb::detail::american_spelling("scored"));
}

TEST(Spelling, EnglishStemmersFoldVariantsThatPorter2Alone_DoesNot) {
  Xapian::Stem porter2("english");
  // Without the folding the stems differ: the test below would fail.
  ASSERT_NE(porter2("internationalised"), porter2("internationalized"));
  ASSERT_NE(porter2("behaviour"), porter2("behavior"));
  for (const char* lang : {"en", "en-GB", "EN_us"}) {
    auto stem = kb::detail::stemmer_for(lang);
    EXPECT_EQ(stem("internationalised"), stem("internationalized")) << lang;
    EXPECT_EQ(stem("behaviour"), stem("behavior")) << lang;
    EXPECT_EQ(stem("analysing"), stem("analyzing")) << lang;
    EXPECT_EQ(stem("dialogue"), stem("dialog")) << lang;
  }
  auto porter = kb::detail::stemmer_for("en", kb::detail::porter);
  EXPECT_EQ(porter("organisations"), porter("organizations"));
}

TEST(Language, AMemoisedStemmerStemsAsItsStemmerDoesPastItsCapacity) {
  auto base = kb::detail::stemmer_for("en");
  auto memo = kb::detail::memoised(kb::detail::stemmer_for("en"), 3);
  // Repeats, British forms, accents and more distinct words than the memory holds.
  for (const char* word : {"organisations", "organisations", "colour", "cafés", "running", "colour",
                           "ran", "organisations", "analysed", "analysed", "café"})
    EXPECT_EQ(memo(word), base(word)) << word;
  EXPECT_NE(memo.get_description().find(base.get_description()), std::string::npos);
}

TEST(Language, PrimarySubtagPicksTheStemmer) {
  EXPECT_EQ(kb::detail::primary_language("fr-CA"), "fr");
  EXPECT_EQ(kb::detail::primary_language("ES"), "es");
  EXPECT_EQ(kb::detail::primary_language(""), "en");
  EXPECT_EQ(kb::detail::stemmer_for("fr-CA")("coopération"),
            kb::detail::stemmer_for("fr")("coopérer"));
  // A language without a Snowball stemmer matches words as written.
  EXPECT_EQ(kb::detail::stemmer_for("tlh")("qapla"), "qapla");
  EXPECT_NE(kb::detail::stopper_for("fr"), nullptr);
  EXPECT_EQ(kb::detail::stopper_for("tlh"), nullptr);
  EXPECT_TRUE((*kb::detail::stopper_for("fr"))("les"));
  EXPECT_FALSE((*kb::detail::stopper_for("en"))("les"));
}

// ---------------------------------------------------------------------------
// Query text rewrites

TEST(QueryText, HyphenatedWordsWithAccentsAlsoSearchTheirJoinedForm) {
  using kb::detail::QueryBuilder;
  EXPECT_EQ(QueryBuilder::expand_hyphenation("e-government"), "(e-government OR egovernment)");
  EXPECT_EQ(QueryBuilder::expand_hyphenation("socio-\xC3\xA9"
                                             "conomique"),
            "(socio-\xC3\xA9"
            "conomique OR socio\xC3\xA9"
            "conomique)");
  // An em dash is punctuation, not part of a word.
  EXPECT_EQ(QueryBuilder::expand_hyphenation("pillar\xE2\x80\x94not"), "pillar\xE2\x80\x94not");
}

TEST(QueryText, CapitalisedWordsAreLowerCasedButOperatorsAndPrefixValuesAreNot) {
  using kb::detail::QueryBuilder;
  EXPECT_EQ(QueryBuilder::lower_case_words("Internationalised Domain NAMES"),
            "internationalised domain names");
  EXPECT_EQ(QueryBuilder::lower_case_words("IGF AND Funding NOT Norway"),
            "igf AND funding NOT norway");
  EXPECT_EQ(QueryBuilder::lower_case_words("message:fw/M1 Title"), "message:fw/M1 title");
  EXPECT_EQ(QueryBuilder::lower_case_words("title:Models"), "title:models")
      << "title: takes text, not an id";
  EXPECT_EQ(QueryBuilder::lower_case_words("\xC3\x89tat"), "\xC3\xA9tat");  // É -> é
}

// ---------------------------------------------------------------------------
// The language fixture: French, Spanish and British-English documents

class LanguageFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    corpus_ = new kb::Corpus(kb::load_corpus(std::string(KB_FIXTURES_DIR) + "/lang"));
    kb::publish_index(*corpus_, dir_->str());
    index_ = new kb::Index(dir_->str());
  }
  static void TearDownTestSuite() {
    delete index_;
    delete corpus_;
    delete dir_;
  }
  // The id of the unit of `source` whose text contains `words`.
  static std::string unit_with(const std::string& source, const std::string& words) {
    for (const auto& u : corpus_->units)
      if (u.source_id == source && u.text.find(words) != std::string::npos) return u.id;
    ADD_FAILURE() << "no unit of " << source << " contains \"" << words << "\"";
    return {};
  }
  static TempDir* dir_;
  static kb::Corpus* corpus_;
  static kb::Index* index_;
};

TempDir* LanguageFixture::dir_ = nullptr;
kb::Corpus* LanguageFixture::corpus_ = nullptr;
kb::Index* LanguageFixture::index_ = nullptr;

TEST_F(LanguageFixture, UnitsCarryTheirDocumentsLanguageAndTheIndexListsThem) {
  for (const auto& u : corpus_->units) {
    if (u.source_id == "gouvernance-fr") {
      EXPECT_EQ(u.lang, "fr") << u.id;
    } else if (u.source_id == "gobernanza-es") {
      EXPECT_EQ(u.lang, "es") << u.id;
    }
  }
  auto langs = index_->languages();
  EXPECT_EQ(std::set<std::string>(langs.begin(), langs.end()),
            (std::set<std::string>{"en-GB", "es", "fr"}));
}

TEST_F(LanguageFixture, FrenchQueriesFindFrenchUnitsThroughFrenchStemming) {
  // The English stemmer does not relate these forms; the French one does.
  auto en = kb::detail::stemmer_for("en");
  ASSERT_NE(en("coopérer"), en("coopération"));
  ASSERT_NE(en("gouvernementaux"), en("gouvernementale"));
  auto cooperation = unit_with("gouvernance-fr", "coopération");
  EXPECT_TRUE(contains(ids_for(*index_, "coopérer"), cooperation));
  EXPECT_TRUE(contains(ids_for(*index_, "gouvernances"), cooperation))
      << "the unit says \"gouvernance\"";
  EXPECT_TRUE(contains(ids_for(*index_, "gouvernementaux"),
                       unit_with("gouvernance-fr", "politique gouvernementale")));
  EXPECT_TRUE(contains(ids_for(*index_, "systèmes fragmentés"),
                       unit_with("gouvernance-fr", "fragmentation")));
}

TEST_F(LanguageFixture, FrenchWordsTypedWithoutAccentsFindTheAccentedText) {
  // French stemming applies to the word as written, then accents are folded: the
  // accented queries above still match as before, and so do these. (A word whose
  // ending carries the accent, "interoperabilite" for "interopérabilité", stems
  // otherwise without it: docs/relevance.md.)
  auto cooperation = unit_with("gouvernance-fr", "coopération");
  EXPECT_TRUE(contains(ids_for(*index_, "cooperation"), cooperation));
  EXPECT_TRUE(contains(ids_for(*index_, "societe civile"), cooperation));
  EXPECT_TRUE(contains(ids_for(*index_, "systemes fragmentes"),
                       unit_with("gouvernance-fr", "fragmentation")));
  EXPECT_TRUE(contains(ids_for(*index_, "coherente"),
                       unit_with("gouvernance-fr", "politique gouvernementale")));
}

TEST_F(LanguageFixture, SpanishQueriesFindSpanishUnits) {
  auto en = kb::detail::stemmer_for("en");
  ASSERT_NE(en("fragmentada"), en("fragmentación"));
  EXPECT_TRUE(
      contains(ids_for(*index_, "fragmentada"), unit_with("gobernanza-es", "fragmentación")));
  EXPECT_TRUE(contains(ids_for(*index_, "comunidad técnica"),
                       unit_with("gobernanza-es", "comunidades técnicas")));
}

TEST_F(LanguageFixture, LanguageStopwordsAreDroppedPerLanguage) {
  // "les" and "de" are French function words: alone they find nothing French.
  auto ids = ids_for(*index_, "les de");
  for (const auto& id : ids) EXPECT_NE(id.rfind("gouvernance-fr/", 0), 0u) << id;
}

TEST_F(LanguageFixture, AmericanSpellingsFindBritishText) {
  // No glossary here: the spellings meet through the English stemmer alone.
  auto internationalised = unit_with("governance-en", "Internationalised domain names");
  for (const char* q :
       {"internationalized", "Internationalized Domain Name", "\"internationalized domain names\""})
    EXPECT_TRUE(contains(ids_for(*index_, q), internationalised)) << q;
  auto behaviour = unit_with("governance-en", "behaviour");
  for (const char* q : {"behavior", "organizations", "cooperation among organization"})
    EXPECT_TRUE(contains(ids_for(*index_, q), behaviour)) << q;
  auto centre = unit_with("governance-en", "centre");
  for (const char* q : {"center", "analyzing", "dialog"})
    EXPECT_TRUE(contains(ids_for(*index_, q), centre)) << q;
}

// Positions are kept for stemmed terms only, every word's (index/unit_codec.h); a
// phrase's words as written are put on their stems (search/phrase_stems.h).
TEST_F(LanguageFixture, PhrasesMatchOnStemsWithStopwordsCapitalsAndOrder) {
  auto operators = unit_with("governance-en", "the behaviour of each operator");
  for (const char* q : {"\"of each operator\"", "\"the Internet working\"",
                        "\"Internationalised Domain Names\"", "title:\"internet governance\"",
                        "\"keeps the internet\"", "cooperation NEAR/3 organisations"}) {
    auto ids = ids_for(*index_, q);
    EXPECT_FALSE(ids.empty()) << q;
    if (std::string(q).find("each") != std::string::npos)
      EXPECT_TRUE(contains(ids, operators)) << q;
  }
  // The words are checked in order and next to each other, not only present.
  for (const char* q : {"\"each of operator\"", "\"names domain\"", "\"the working\""})
    EXPECT_TRUE(ids_for(*index_, q).empty()) << q;

  Xapian::Database db((std::filesystem::path(dir_->str()) / "current").string());
  auto stem = kb::detail::stemmer_for("en-GB");
  for (const std::string word : {"operator", "internet", "each", "of"}) {
    auto stemmed = "Z" + stem(word);
    ASSERT_GT(db.get_termfreq(stemmed), 0u) << stemmed;
    for (auto d = db.postlist_begin(stemmed); d != db.postlist_end(stemmed); ++d)
      EXPECT_NE(db.positionlist_begin(*d, stemmed), db.positionlist_end(*d, stemmed)) << stemmed;
    for (auto d = db.postlist_begin(word); d != db.postlist_end(word); ++d)
      EXPECT_EQ(db.positionlist_begin(*d, word), db.positionlist_end(*d, word))
          << word << ": a word as written has no positions";
  }
  EXPECT_EQ(db.get_termfreq("of"), 0u) << "stopwords as written are not indexed";
  EXPECT_GT(db.get_termfreq("operator"), 0u);
}

TEST_F(LanguageFixture, HyphenatedAndJoinedCompoundsFindEachOther) {
  auto hyphenated = unit_with("governance-en", "e-government");  // also says "multi-stakeholder"
  auto joined = unit_with("governance-en", "eGovernment");       // also says "Multistakeholder"
  EXPECT_TRUE(contains(ids_for(*index_, "egovernment"), hyphenated));
  EXPECT_TRUE(contains(ids_for(*index_, "e-government"), joined));
  EXPECT_TRUE(contains(ids_for(*index_, "multistakeholder"), hyphenated));
  EXPECT_TRUE(contains(ids_for(*index_, "multi-stakeholder"), joined));
}

// ---------------------------------------------------------------------------
// Glossary synonyms both ways, on a corpus whose units each hold one form only

class SynonymCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    fs::create_directories(dir_->path() / "corpus");
    fs::copy_file(std::string(KB_SOURCE_DIR) + "/corpus/glossary.xml",
                  dir_->path() / "corpus/glossary.xml", fs::copy_options::none);
    write_file(dir_->path() / "corpus/documents/notes.txt",
               "Field notes\n\n"
               "The IGF met in Riyadh.\n\n"
               "The Internet Governance Forum met in Kyoto.\n\n"
               "An IXP opened in Nairobi.\n\n"
               "The new Internet Exchange Point cut latency.\n\n"
               "Rules for AI are debated.\n\n"
               "Artificial intelligence needs open standards.\n");
    corpus_ = new kb::Corpus(kb::load_corpus((dir_->path() / "corpus").string()));
    kb::publish_index(*corpus_, (dir_->path() / "index").string());
    index_ = new kb::Index((dir_->path() / "index").string());
  }
  static void TearDownTestSuite() {
    delete index_;
    delete corpus_;
    delete dir_;
  }
  static std::string unit_with(const std::string& words) {
    for (const auto& u : corpus_->units)
      if (u.source_id == "notes" && u.text.find(words) != std::string::npos) return u.id;
    ADD_FAILURE() << "no note contains \"" << words << "\"";
    return {};
  }
  static TempDir* dir_;
  static kb::Corpus* corpus_;
  static kb::Index* index_;
};

TempDir* SynonymCorpus::dir_ = nullptr;
kb::Corpus* SynonymCorpus::corpus_ = nullptr;
kb::Index* SynonymCorpus::index_ = nullptr;

TEST_F(SynonymCorpus, AcronymsFindTheirExpansionsAndBack) {
  struct Case {
    const char* query;
    const char* finds;  // words of the unit that holds only the other form
  };
  const Case cases[] = {
      {"IGF", "Internet Governance Forum met"},      {"Internet Governance Forum", "IGF met"},
      {"IXP", "Internet Exchange Point cut"},        {"Internet Exchange Point", "An IXP opened"},
      {"internet exchange points", "An IXP opened"}, {"AI", "Artificial intelligence needs"},
      {"artificial intelligence", "Rules for AI"},
  };
  for (const auto& c : cases) {
    auto id = unit_with(c.finds);
    auto ids = ids_for(*index_, c.query);
    EXPECT_TRUE(contains(ids, id))
        << c.query << " should find \"" << c.finds << "\" (" << id << ")";
  }
  // A glossary form inside a phrase is left as typed.
  EXPECT_FALSE(
      contains(ids_for(*index_, "\"IGF met\""), unit_with("Internet Governance Forum met")));
}

// ---------------------------------------------------------------------------
// The bundled corpus: spelling correction, syntax, partial words

class BundledLanguage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    kb::publish_index(kb::load_corpus(std::string(KB_SOURCE_DIR) + "/corpus"), dir_->str());
    index_ = new kb::Index(dir_->str());
  }
  static void TearDownTestSuite() {
    delete index_;
    delete dir_;
  }
  static kb::SearchResult run(const std::string& q, bool partial = false) {
    kb::SearchRequest r;
    r.query = q;
    r.partial = partial;
    r.limit = 200;
    r.facets = false;
    return index_->search(r);
  }
  static TempDir* dir_;
  static kb::Index* index_;
};

TempDir* BundledLanguage::dir_ = nullptr;
kb::Index* BundledLanguage::index_ = nullptr;

TEST_F(BundledLanguage, BritishSuffixFindsAmericanTextWithoutAGlossaryEntry) {
  // Only "Cross-organizational" is in the corpus; the glossary has no "organisational".
  auto r = run("organisational collaboration");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].view.unit.id, "wsis20-framework/m2/pp1");
}

TEST_F(BundledLanguage, MisspeltWordIsSuggestedAndSearchedWhenNothingMatches) {
  auto r = run("fragmentaton");
  ASSERT_TRUE(r.corrected_query.has_value());
  EXPECT_EQ(*r.corrected_query, "fragmentation");
  EXPECT_TRUE(r.auto_corrected);
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].view.unit.message_id, "wsis20-framework/m4");
  // A misspelling next to a good word is suggested, but the good word still matches.
  auto partly = run("IGF fundng");
  ASSERT_TRUE(partly.corrected_query.has_value());
  EXPECT_EQ(*partly.corrected_query, "IGF funding");
  EXPECT_FALSE(partly.auto_corrected);
  EXPECT_GT(partly.total, 0u);
}

TEST_F(BundledLanguage, PhrasesBooleansAndPartialWords) {
  auto phrase = run("\"equal footing\"");
  ASSERT_GT(phrase.total, 0u);
  for (const auto& h : phrase.hits)
    EXPECT_NE(h.view.unit.text.find("equal footing"), std::string::npos) << h.view.unit.id;

  for (const auto& h : run("DNS NOT abuse").hits) {
    auto t = h.view.unit.title + " " + h.view.unit.text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_EQ(t.find("abuse"), std::string::npos) << h.view.unit.id;
  }
  auto both = run("IGF AND Norway");
  ASSERT_EQ(both.total, 2u);
  for (const auto& h : both.hits) EXPECT_NE(h.view.unit.text.find("Norway"), std::string::npos);

  auto partial = run("fragm", true);
  ASSERT_FALSE(partial.hits.empty());
  EXPECT_EQ(partial.hits[0].view.unit.message_id, "wsis20-framework/m4");
  EXPECT_EQ(run("fragm", false).total, 0u)
      << "without --partial, \"fragm\" is a whole word nobody wrote";
}

}  // namespace
