// Issue 11 over HTTP: corrections never rewrite real words and always say so, a query
// with no match says what to try, half-typed syntax is read leniently while typing, units
// matching the whole query rank above partial matches, name units do not crowd out
// content, a unit's detail lists related units of other documents, and a unit's page
// marks the words of the search it was reached by and tells which question it answers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <string>

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

// The HTML of a marked text read back as plain text: <mark> tags removed, entities undone.
std::string unmarked(std::string html) {
  html = std::regex_replace(html, std::regex("</?mark>"), "");
  for (auto [entity, c] :
       {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}})
    html = std::regex_replace(html, std::regex(entity), c);
  return html;
}

std::vector<std::string> marked_words(const std::string& html) {
  std::vector<std::string> out;
  std::regex mark("<mark>([^<]*)</mark>");
  for (std::sregex_iterator it(html.begin(), html.end(), mark), end; it != end; ++it)
    out.push_back((*it)[1]);
  return out;
}

TEST_F(SearchTrust, AConsultationAnswerCarriesItsQuestionNumber) {
  auto answer = get_json("/api/v1/units/tccm-consultation-2025/q3")["unit"];
  EXPECT_EQ(answer["question_number"], "3");
  auto found = search("IGF mandate", {{"kind", "answer"}});
  ASSERT_FALSE(found["hits"].empty());
  for (const auto& hit : found["hits"])
    EXPECT_TRUE(hit["question_number"].is_string() && !hit["question_number"].empty()) << hit["id"];
  // Units that answer no numbered question say so with null, not an empty string.
  EXPECT_TRUE(get_json("/api/v1/units/wsis20-framework/m1")["unit"]["question_number"].is_null());
}

TEST_F(SearchTrust, AUnitsPageMarksTheWordsOfTheSearchItWasReachedBy) {
  const std::string id = "tccm-consultation-2025/q3";
  auto plain = get_json("/api/v1/units/" + id)["unit"];
  EXPECT_FALSE(plain.contains("snippet")) << "without q there is nothing to mark";

  auto marked = get_json("/api/v1/units/" + id + "?q=IGF+mandate")["unit"];
  ASSERT_TRUE(marked["snippet"].is_string()) << marked.dump();
  auto html = marked["snippet"].get<std::string>();
  EXPECT_EQ(unmarked(html), plain["text"]) << "the whole text, escaped, only the words marked";
  auto words = marked_words(html);
  ASSERT_FALSE(words.empty()) << html;
  for (const auto& w : words) {
    auto l = lower(w);
    EXPECT_TRUE(l.rfind("igf", 0) == 0 || l.rfind("mandate", 0) == 0) << w;
  }

  // Every unit a search finds is given back whole, however its text ends (quotes, "…").
  for (const char* q : {"IGF mandate", "multistakeholder", "DNS abuse"}) {
    auto hits = search(q, {{"per_page", "50"}})["hits"];
    ASSERT_FALSE(hits.empty()) << q;
    for (const auto& hit : hits) {
      auto target = "/api/v1/units/" + hit["id"].get<std::string>() + "?q=" + q;
      std::replace(target.begin(), target.end(), ' ', '+');
      auto u = get_json(target)["unit"];
      ASSERT_TRUE(u["snippet"].is_string()) << target;
      EXPECT_EQ(unmarked(u["snippet"].get<std::string>()),
                u["text"].get<std::string>().empty() ? u["title"] : u["text"])
          << target;
      // Marked where the hit's snippet is (a unit found by its title has no word to mark).
      EXPECT_EQ(marked_words(u["snippet"].get<std::string>()).empty(),
                marked_words(hit["snippet"].get<std::string>()).empty())
          << target;
    }
  }

  // A typo is marked as its correction is, and a half-typed last word as a prefix.
  auto typo = get_json("/api/v1/units/" + id + "?q=mandte")["unit"]["snippet"].get<std::string>();
  EXPECT_FALSE(marked_words(typo).empty()) << typo;
  auto typing = get_json("/api/v1/units/" + id + "?q=manda&partial=true")["unit"];
  EXPECT_FALSE(marked_words(typing["snippet"].get<std::string>()).empty());

  // highlight= picks the tag as for a search; a query the unit does not match marks nothing.
  auto em = get_json("/api/v1/units/" + id + "?q=IGF&highlight=em")["unit"]["snippet"];
  EXPECT_NE(em.get<std::string>().find("<em>"), std::string::npos);
  auto other = get_json("/api/v1/units/" + id + "?q=xylophone")["unit"]["snippet"];
  EXPECT_EQ(other.get<std::string>().find("<mark>"), std::string::npos);
  EXPECT_EQ(unmarked(other.get<std::string>()), plain["text"]);
}

TEST_F(SearchTrust, AMarkedUnitTextIsEscapedAndBadParametersAreRefused) {
  // A unit whose text holds characters HTML must escape (e.g. "&" or quotes).
  auto all = search("", {{"per_page", "100"}});
  std::string id, text;
  for (const auto& hit : all["hits"]) {
    auto t = get_json("/api/v1/units/" + hit["id"].get<std::string>())["unit"]["text"];
    if (t.is_string() && t.get<std::string>().find_first_of("&<>\"'") != std::string::npos) {
      id = hit["id"].get<std::string>();
      text = t.get<std::string>();
      break;
    }
  }
  ASSERT_FALSE(id.empty()) << "the bundled corpus has a unit with & or quotes";
  auto html = get_json("/api/v1/units/" + id + "?q=%3Cscript%3E+the")["unit"]["snippet"];
  ASSERT_TRUE(html.is_string());
  EXPECT_EQ(html.get<std::string>().find("<script"), std::string::npos);
  EXPECT_EQ(unmarked(html.get<std::string>()), text);
  EXPECT_EQ(std::regex_replace(html.get<std::string>(), std::regex("</?mark>"), "")
                .find_first_of("<>\"'"),
            std::string::npos)
      << "nothing but the marks is markup";

  EXPECT_EQ(get_json("/api/v1/units/tccm-consultation-2025/q3?page=2", 400)["error"]["code"],
            "unknown_parameter");
  EXPECT_EQ(get_json("/api/v1/units/tccm-consultation-2025/q3?q=IGF&highlight=blink",
                     400)["error"]["code"],
            "invalid_parameter");
  EXPECT_EQ(get_json("/api/v1/units/tccm-consultation-2025/q3?q=" + std::string(5000, 'a'),
                     400)["error"]["code"],
            "query_too_long");
}

}  // namespace
