// GET /api/v1/sources/{id}: the cleaned source text a citation's line numbers refer to, so
// a reader can check a sentence in its context; ?unit= names the lines that unit cites.
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <sstream>

#include "server_fixture.h"

namespace {

using nlohmann::json;

class Sources : public kb::testing::BundledServerSuite<Sources> {};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The words of 6+ letters of a text, lower-cased: what the cited lines must contain.
std::set<std::string> long_words(const std::string& text) {
  std::set<std::string> out;
  std::string w;
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (w.size() >= 6) out.insert(w);
      w.clear();
    }
  }
  return out;
}

TEST_F(Sources, TheTextComesWithTheCatalogEntryAndNumberedLines) {
  auto r = get_json("/api/v1/sources/wsis20-framework");
  EXPECT_EQ(r["source"]["id"], "wsis20-framework");
  EXPECT_EQ(r["source"]["publisher"], "ICANN");
  EXPECT_TRUE(r["marked"].is_null());
  ASSERT_GT(r["lines"].size(), 20u);
  int previous = 0;
  for (const auto& l : r["lines"]) {
    EXPECT_GT(l["n"].get<int>(), previous) << "line numbers rise";
    previous = l["n"].get<int>();
    EXPECT_TRUE(l["text"].is_string());
  }
}

TEST_F(Sources, AUnitMarksTheLinesItCitesAndTheyHoldItsWords) {
  for (const char* id : {"wsis20-framework/m4/pp1", "tccm-consultation-2025/q1"}) {
    auto unit = get_json(std::string("/api/v1/units/") + id)["unit"];
    std::string source = unit["source"]["id"];
    auto r = get_json("/api/v1/sources/" + source + "?unit=" + id);
    ASSERT_TRUE(r["marked"].is_array()) << id;
    int first = r["marked"][0], last = r["marked"][1];
    EXPECT_EQ(first, unit["location"]["first_line"].get<int>()) << id;
    EXPECT_EQ(last, unit["location"]["last_line"].get<int>()) << id;
    std::string cited;
    for (const auto& l : r["lines"])
      if (l["n"].get<int>() >= first && l["n"].get<int>() <= last)
        cited += lower(l["text"].get<std::string>()) + " ";
    auto words = long_words(unit["text"].get<std::string>());
    ASSERT_FALSE(words.empty()) << id;
    for (const auto& w : words) EXPECT_NE(cited.find(w), std::string::npos) << id << ": " << w;
  }
}

TEST_F(Sources, UnknownSourcesAndUnitsAre404AndAForeignUnitIs400) {
  EXPECT_EQ(get_json("/api/v1/sources/no-such-source", 404)["error"]["code"], "not_found");
  EXPECT_EQ(
      get_json("/api/v1/sources/wsis20-framework?unit=wsis20-framework/m99", 404)["error"]["code"],
      "not_found");
  auto foreign = get_json("/api/v1/sources/wsis20-framework?unit=tccm-consultation-2025/q1", 400);
  EXPECT_EQ(foreign["error"]["code"], "invalid_parameter");
  EXPECT_EQ(get_json("/api/v1/sources/wsis20-framework?lines=1-3", 400)["error"]["code"],
            "unknown_parameter");
}

}  // namespace
