// Issue 11 over HTTP: corrections never rewrite real words and always say so, a query
// with no match says what to try, half-typed syntax is read leniently while typing, units
// matching the whole query rank above partial matches, name units do not crowd out
// content, and a unit's detail lists related units of other documents.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "server_fixture.h"

namespace {

using kb::testing::body_of;
using nlohmann::json;

class SearchTrust : public kb::testing::BundledServerSuite<SearchTrust> {
 protected:
  static httplib::Result get(const std::string& path, const httplib::Params& params) {
    auto c = server_->client();
    return c.Get(path, params, httplib::Headers{});
  }
  static json search(const std::string& q, httplib::Params extra = {}) {
    extra.emplace("q", q);
    auto r = get("/api/v1/search", extra);
    EXPECT_TRUE(r) << q;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, 200) << q << ": " << r->body;
    return body_of(r);
  }
  static std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
};

TEST_F(SearchTrust, RealWordsAreSearchedAsTyped) {
  for (const char* q :
       {"what is the IGF", "what did we answer about the IGF mandate", "who signed the statement",
        "satellite broadband", "xylophone quantum banana", "title:"}) {
    auto r = search(q);
    EXPECT_EQ(r["query"], q);
    EXPECT_EQ(r["searched_query"], q);
    EXPECT_TRUE(r["corrected_query"].is_null()) << q << " -> " << r["corrected_query"];
    EXPECT_EQ(r["auto_corrected"], false) << q;
  }
  // The unrelated query finds nothing, and says so: no glossary entry stands in for it.
  auto none = search("xylophone quantum banana");
  EXPECT_EQ(none["total"], 0);
  EXPECT_TRUE(none["hits"].empty());
}

TEST_F(SearchTrust, ATypoIsCorrectedAndTheResponseSaysWhatWasSearched) {
  auto r = search("fragmentaton");
  EXPECT_EQ(r["query"], "fragmentaton");
  EXPECT_EQ(r["searched_query"], "fragmentation");
  EXPECT_EQ(r["auto_corrected"], true);
  EXPECT_GT(r["total"].get<int>(), 0);
  EXPECT_EQ(search("multistakholder")["searched_query"], "multistakeholder");

  // correct=false searches what was typed and only suggests the correction.
  auto typed = search("fragmentaton", {{"correct", "false"}});
  EXPECT_EQ(typed["searched_query"], "fragmentaton");
  EXPECT_EQ(typed["auto_corrected"], false);
  EXPECT_EQ(typed["total"], 0);
  EXPECT_EQ(typed["corrected_query"], "fragmentation");
}

TEST_F(SearchTrust, ANoMatchSuggestsDroppingAWordOrAFilter) {
  auto words = search("fragmentation AND xylophone");
  EXPECT_EQ(words["total"], 0);
  ASSERT_FALSE(words["suggestions"].empty()) << words.dump();
  EXPECT_EQ(words["suggestions"][0]["action"], "drop_word");
  EXPECT_EQ(words["suggestions"][0]["value"], "xylophone");
  // Dropping a word drops the operator that joined it: the suggestion is a query that runs.
  EXPECT_EQ(words["suggestions"][0]["query"], "fragmentation");
  auto retried = search(words["suggestions"][0]["query"].get<std::string>());
  EXPECT_EQ(retried["total"], words["suggestions"][0]["total"]);

  auto filtered = search("fragmentation", {{"kind", "signatory"}});
  EXPECT_EQ(filtered["total"], 0);
  ASSERT_FALSE(filtered["suggestions"].empty()) << filtered.dump();
  EXPECT_EQ(filtered["suggestions"][0]["action"], "drop_filter");
  EXPECT_EQ(filtered["suggestions"][0]["facet"], "kind");
  EXPECT_GT(filtered["suggestions"][0]["total"].get<int>(), 0);
}

TEST_F(SearchTrust, HalfTypedSyntaxIsReadLenientlyWhileTyping) {
  for (const char* q : {"DNS AND", "IGF OR", "\"multistakeholder", "(fragmentation"}) {
    auto r = get("/api/v1/search", {{"q", q}, {"partial", "true"}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << q << ": " << r->body;
    EXPECT_GT(body_of(r)["total"].get<int>(), 0) << q;
  }
}

TEST_F(SearchTrust, ASubmittedMalformedQueryGetsAPlainMessage) {
  // (An unclosed quote or bracket is not malformed: Xapian reads it to the end.)
  for (const char* q : {"DNS AND", "AND abuse", "IGF OR"}) {
    auto r = get("/api/v1/search", {{"q", q}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << q;
    auto e = body_of(r)["error"];
    EXPECT_EQ(e["code"], "invalid_query") << q;
    auto message = e["message"].get<std::string>();
    EXPECT_EQ(message.find("Syntax:"), std::string::npos) << message;  // Xapian's text
    EXPECT_NE(message.find(q), std::string::npos) << message;
  }
}

TEST_F(SearchTrust, UnitsMatchingEveryWordRankAbovePartialMatches) {
  auto r = search("DNS abuse", {{"per_page", "50"}});
  ASSERT_GT(r["hits"].size(), 4u);
  bool partial_seen = false;
  std::size_t whole = 0;
  for (const auto& h : r["hits"]) {
    // "abus" covers abuse, abuses, abusive: the stem the index matches.
    bool has_both =
        lower(h["title"].get<std::string>() + " " + h["text"].get<std::string>()).find("abus") !=
        std::string::npos;
    if (!has_both) partial_seen = true;
    if (has_both) {
      EXPECT_FALSE(partial_seen) << h["id"] << " matches both words but ranks below a "
                                 << "unit matching only DNS";
      ++whole;
    }
  }
  EXPECT_GE(whole, 3u);
}

TEST_F(SearchTrust, NamesDoNotCrowdOutContentUnlessTheQueryAsksForPeople) {
  auto kind_of_first = [](const json& r, std::size_t n) {
    std::vector<std::string> kinds;
    for (std::size_t i = 0; i < std::min(n, r["hits"].size()); ++i)
      kinds.push_back(r["hits"][i]["kind"]);
    return kinds;
  };
  for (const char* q : {"DNS abuse", "what did we answer about the IGF mandate"}) {
    auto kinds = kind_of_first(search(q), 10);
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "signatory"), 0) << q;
  }
  // Asked for, the signatories of a statement come as one unit with the count and date.
  auto who = search("who signed the joint statement");
  ASSERT_FALSE(who["hits"].empty());
  const auto& first = who["hits"][0];
  EXPECT_EQ(first["kind"], "signatory-list");
  auto text = first["text"].get<std::string>();
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(text[0]))) << text;  // "16 signatories…"
  auto date = first["source"]["date"].get<std::string>();
  EXPECT_NE(text.find("(" + date + ")"), std::string::npos) << text;
}

TEST_F(SearchTrust, AUnitsDetailListsRelatedUnitsOfOtherDocuments) {
  auto r = get("/api/v1/units/wsis20-framework/m1/pp4", {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto body = body_of(r);
  auto source = body["unit"]["source"]["id"].get<std::string>();
  ASSERT_FALSE(body["related"].empty()) << body.dump();
  for (const auto& u : body["related"]) {
    EXPECT_NE(u["source"]["id"], source) << u["id"];
    EXPECT_TRUE(u.contains("cite")) << u["id"];
  }
}

}  // namespace
