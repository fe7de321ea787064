// Query building: text rewrites, filters, facet value resolution, and the schema's
// internal consistency. Table-driven where the cases are alike.
#include <gtest/gtest.h>

#include <set>

#include "../support/temp_dir.h"
#include "kb/error.h"
#include "kb/schema.h"
#include "search/facet_catalog.h"
#include "search/query_builder.h"

namespace {

using kb::detail::FacetCatalog;
using kb::detail::QueryBuilder;

struct RewriteCase {
  const char* input;
  const char* expected;
  const char* note;
};

class Rewrites : public ::testing::Test {
 protected:
  Rewrites()
      : builder_(db_, {{"IGF", "Internet Governance Forum"},
                       {"IXP", "Internet Exchange Point"},
                       {"DNS abuse"},
                       {"alternate root", "alternative root", "parallel root"}}) {}
  Xapian::Database db_{Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY)};
  QueryBuilder builder_;
};

TEST_F(Rewrites, GlossaryFormsExpandToAllTheirForms) {
  const RewriteCase cases[] = {
      {"IGF funding", "(igf OR \"internet governance forum\") funding", "acronym to phrase"},
      {"internet governance forum mandate", "(igf OR \"internet governance forum\") mandate",
       "phrase to acronym"},
      {"\"IGF funding\"", "\"IGF funding\"", "quoted phrases are left alone"},
      {"title:IGF", "title:IGF", "prefixed values are left alone"},
      {"parallel root", "(\"alternate root\" OR \"alternative root\" OR \"parallel root\")",
       "multi-word synonyms"},
      {"registry", "registry", "no glossary word"},
      {"ixps", "ixps", "only whole forms, not inflections (stemming handles those)"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(builder_.expand_synonyms(c.input, false), c.expected) << c.note;
}

TEST_F(Rewrites, PartialLastWordIsNotExpanded) {
  EXPECT_EQ(builder_.expand_synonyms("funding IGF", true), "funding IGF");
  EXPECT_EQ(builder_.expand_synonyms("IGF fund", true),
            "(igf OR \"internet governance forum\") fund");
}

TEST(Hyphenation, HyphenatedWordsAlsoSearchTheirJoinedForm) {
  const RewriteCase cases[] = {
      {"multi-stakeholder", "(multi-stakeholder OR multistakeholder)", "simple"},
      {"e-government services", "(e-government OR egovernment) services", "with other words"},
      {"\"multi-stakeholder model\"", "\"multi-stakeholder model\"", "inside quotes: untouched"},
      {"kind:proof-point", "kind:proof-point", "prefixed value: untouched"},
      {"a - b", "a - b", "a spaced dash is not a hyphen"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(QueryBuilder::expand_hyphenation(c.input), c.expected) << c.note;
}

TEST(Filters, OrWithinAFacetAndAcrossFacetsAnd) {
  auto audience = QueryBuilder::facet_filter("audience", {"policymakers", "business"});
  EXPECT_EQ(audience.get_description(), "Query((XApolicymakers OR XAbusiness))");
  std::map<std::string, Xapian::Query> filters{
      {"audience", audience}, {"kind", QueryBuilder::facet_filter("kind", {"proof-point"})}};
  auto all = QueryBuilder::combine(Xapian::Query("dns"), filters);
  EXPECT_EQ(all.get_description(),
            "Query((dns FILTER ((XApolicymakers OR XAbusiness) AND XKproof-point)))");
  // Disjunctive facet counting drops one facet's own filter.
  auto without_audience = QueryBuilder::combine(Xapian::Query("dns"), filters, "audience");
  EXPECT_EQ(without_audience.get_description(), "Query((dns FILTER XKproof-point))");
  EXPECT_THROW(QueryBuilder::facet_filter("colour", {"red"}), kb::Error);
}

TEST(FacetCatalogResolve, IdLabelAndAliasCaseAndPunctuationInsensitive) {
  FacetCatalog catalog({{"audience",
                         {{"civil-society", "Civil Society", {"NGOs"}},
                          {"business", "Business and Industry", {"private sector"}}}},
                        {"message",
                         {{"fw-a/m1", "First", {"m1", "Message 1"}},
                          {"fw-b/m1", "Other first", {"m1", "Message 1"}}}}});
  EXPECT_EQ(catalog.resolve("audience", "civil-society"), "civil-society");
  EXPECT_EQ(catalog.resolve("audience", "Civil Society"), "civil-society");
  EXPECT_EQ(catalog.resolve("audience", "CIVIL  SOCIETY"), "civil-society");
  EXPECT_EQ(catalog.resolve("audience", "ngos"), "civil-society");
  EXPECT_EQ(catalog.resolve("audience", "Private-Sector"), "business");
  EXPECT_EQ(catalog.label("audience", "business"), "Business and Industry");
  try {
    catalog.resolve("message", "m1");
    FAIL() << "an alias shared by two values must be refused";
  } catch (const kb::Error& e) {
    EXPECT_EQ(e.code(), kb::ErrorCode::unknown_filter);
    EXPECT_NE(std::string(e.what()).find("ambiguous"), std::string::npos) << e.what();
  }
  EXPECT_EQ(catalog.resolve("message", "fw-b/m1"), "fw-b/m1");
  EXPECT_THROW(catalog.resolve("audience", "astronauts"), kb::Error);
  EXPECT_THROW(catalog.resolve("planet", "mars"), kb::Error);
}

TEST(Parse, EmptyTextBrowsesAndWordsGetBothBranches) {
  Xapian::Database db = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
  QueryBuilder builder(db, {});
  auto empty = builder.parse("   ", false);
  EXPECT_TRUE(empty.empty);
  EXPECT_EQ(empty.query.get_description(),
            Xapian::Query(Xapian::Query::MatchAll).get_description());
  auto words = builder.parse("fragmentation risk", false);
  EXPECT_FALSE(words.empty);
  // Both the AND branch (units with every word) and the OR branch are in the query.
  auto d = words.query.get_description();
  EXPECT_NE(d.find(" AND "), std::string::npos) << d;
  EXPECT_NE(d.find(" OR "), std::string::npos) << d;
  EXPECT_NE(d.find("Zfragment"), std::string::npos) << "English stemming: " << d;
}

TEST(Schema, FacetPrefixesAndSlotsDoNotOverlap) {
  std::set<std::string_view> names, prefixes;
  std::set<unsigned> slots{kb::schema::slot_date, kb::schema::slot_position};
  for (const auto& f : kb::schema::facets) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
    EXPECT_TRUE(prefixes.insert(f.prefix).second) << f.prefix;
    for (unsigned i = 0; i < f.slot_count; ++i)
      EXPECT_TRUE(slots.insert(f.slot_base + i).second) << f.name << i;
    EXPECT_EQ(f.prefix.substr(0, 1), "X") << "our own prefixes start with X";
  }
  EXPECT_EQ(kb::schema::find_facet("theme")->prefix, "XT");
  EXPECT_EQ(kb::schema::find_facet("nope"), nullptr);
  EXPECT_NE(kb::schema::prefix_id, kb::schema::prefix_title);
}

}  // namespace
