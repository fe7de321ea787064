// search/phrase_stems: the terms of QueryParser's phrases put on stems (the index keeps
// positions for stemmed terms only), stopwords there weightless, the rest untouched.
#include <gtest/gtest.h>
#include <xapian.h>

#include <set>
#include <string>

#include "search/phrase_stems.h"

namespace {

class PhraseStems : public ::testing::Test {
 protected:
  PhraseStems() : stem_("english") {
    for (const char* w : {"to", "be", "the", "of"}) {
      stopper_.add(w);
      stopword_stems_.insert("Z" + stem_(w));
    }
    qp_.set_stemmer(stem_);
    qp_.set_stopper(&stopper_);
    qp_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME_FULL_POS);
    qp_.add_prefix("title", "S");
  }
  // The rewritten query's description, without Xapian's "Query(...)" around it.
  std::string rewritten(
      const std::string& text, unsigned flags = Xapian::QueryParser::FLAG_DEFAULT,
      Xapian::QueryParser::stem_strategy strategy = Xapian::QueryParser::STEM_SOME_FULL_POS) {
    qp_.set_stemming_strategy(strategy);
    auto d = kb::detail::phrases_on_stems(qp_.parse_query(text, flags), stem_, stopword_stems_)
                 .get_description();
    return d.substr(6, d.size() - 7);
  }
  Xapian::Stem stem_;
  Xapian::SimpleStopper stopper_;
  std::set<std::string> stopword_stems_;
  Xapian::QueryParser qp_;
};

TEST_F(PhraseStems, WordsAsWrittenInAPhraseGoOnTheirStemsAndStopwordsWeighNothing) {
  // "Right" (a capital) and "forgotten" (the last word) were left as written; the stopwords
  // keep their places (positions 2 and 3) with no weight (wqf 0).
  EXPECT_EQ(rewritten("\"Right to be forgotten\""),
            "(Zright@1 PHRASE 4 Zto#0@2 PHRASE 4 Zbe#0@3 PHRASE 4 Zforgotten@4)");
  // Numbers and title words too, the window kept.
  EXPECT_EQ(rewritten("\"RFC 1918\""), "(Zrfc@1 PHRASE 2 Z1918@2)");
  EXPECT_EQ(rewritten("title:\"Internet Governance\""), "(ZSinternet@1 PHRASE 2 ZSgovern@2)");
  EXPECT_EQ(rewritten("Internet NEAR/3 Governance"), "(Zinternet@1 NEAR 4 Zgovern@2)");
  // Parsed without stemming (kb's exact-words branch), the phrase still needs stems.
  EXPECT_EQ(rewritten("\"domain names\"", Xapian::QueryParser::FLAG_DEFAULT,
                      Xapian::QueryParser::STEM_NONE),
            "(Zdomain@1 PHRASE 2 Zname@2)");
}

TEST_F(PhraseStems, EverythingOutsideAPhraseStaysAsParsed) {
  // Words outside phrases keep QueryParser's choice (a capital stays as written), and
  // the operators around a phrase are rebuilt as they were.
  EXPECT_EQ(rewritten("Internet governance"), "(internet@1 OR Zgovern@2)");
  EXPECT_EQ(rewritten("Internet AND \"domain names\" NOT spam"),
            "((internet@1 AND (Zdomain@2 PHRASE 2 Zname@3)) AND_NOT Zspam@4)");
  auto plain = qp_.parse_query("DNS abuse");
  EXPECT_EQ(kb::detail::phrases_on_stems(plain, stem_, stopword_stems_).serialise(),
            plain.serialise());
}

TEST_F(PhraseStems, HasPositionalFindsAPhraseOrNearAnywhere) {
  EXPECT_TRUE(kb::detail::has_positional(qp_.parse_query("a OR (b AND \"c d\")")));
  EXPECT_TRUE(kb::detail::has_positional(qp_.parse_query("c NEAR d")));
  EXPECT_FALSE(kb::detail::has_positional(qp_.parse_query("c d OR e")));
}

}  // namespace
