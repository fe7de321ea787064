// Request parameters <-> SearchRequest, written once in api/ (issue 10): what
// kb-query --server sends is what kb-searchd reads back, highlight and every facet of
// the schema included.
#include <gtest/gtest.h>

#include "kb/api/errors.h"
#include "kb/api/search_params.h"
#include "kb/schema.h"

namespace {

using kb::api::ParamMap;
using kb::api::QueryParams;

kb::SearchRequest read(const ParamMap& params) {
  QueryParams p(params, kb::api::search_parameter_names());
  return kb::api::search_request(p, kb::api::RequestLimits{});
}

ParamMap with_every_facet(ParamMap params) {
  for (const auto& f : kb::schema::facets) {
    params.emplace(f.name, std::string(f.name) + "-one");
    params.emplace(f.name, std::string(f.name) + "-two");
  }
  return params;
}

TEST(SearchParams, EveryFacetIsAParameter) {
  auto names = kb::api::search_parameter_names();
  for (const auto& f : kb::schema::facets) EXPECT_TRUE(names.count(std::string(f.name))) << f.name;
}

TEST(SearchParams, ParamsRoundTripThroughTheRequest) {
  for (const char* highlight : {"mark", "em", "strong", "b", "none"}) {
    auto params = with_every_facet({{"q", "dns abuse"},
                                    {"offset", "20"},
                                    {"limit", "7"},
                                    {"sort", "date"},
                                    {"partial", "true"},
                                    {"correct", "true"},
                                    {"facets", "false"},
                                    {"highlight", highlight}});
    EXPECT_EQ(kb::api::search_params(read(params)), params) << highlight;
  }
}

TEST(SearchParams, RequestRoundTripsThroughTheParams) {
  kb::SearchRequest r;
  r.query = "fragmentation";
  r.offset = 3;
  r.limit = 12;
  r.partial = true;
  r.sort_by_date = true;
  r.highlight_start = "<strong>";
  r.highlight_end = "</strong>";
  for (const auto& f : kb::schema::facets) r.filters[std::string(f.name)] = {"a", "b"};
  auto back = read(kb::api::search_params(r));
  EXPECT_EQ(back.query, r.query);
  EXPECT_EQ(back.offset, r.offset);
  EXPECT_EQ(back.limit, r.limit);
  EXPECT_EQ(back.partial, r.partial);
  EXPECT_EQ(back.sort_by_date, r.sort_by_date);
  EXPECT_EQ(back.facets, r.facets);
  EXPECT_EQ(back.highlight_start, "<strong>");
  EXPECT_EQ(back.highlight_end, "</strong>");
  EXPECT_EQ(back.filters, r.filters);
}

TEST(SearchParams, DefaultsAndPages) {
  auto r = read({});
  EXPECT_EQ(r.offset, 0u);
  EXPECT_EQ(r.limit, 10u);
  EXPECT_TRUE(r.facets);
  EXPECT_EQ(r.highlight_start, "<mark>");
  r = read({{"page", "3"}, {"per_page", "20"}});
  EXPECT_EQ(r.offset, 40u);
  EXPECT_EQ(r.limit, 20u);
}

kb::api::Code api_code_of(const ParamMap& params, kb::api::RequestLimits limits = {}) {
  try {
    QueryParams p(params, kb::api::search_parameter_names());
    kb::api::search_request(p, limits);
  } catch (const kb::api::ApiError& e) {
    return e.code();
  }
  ADD_FAILURE() << "no ApiError";
  return kb::api::Code::internal;
}

TEST(SearchParams, BadParametersAreTypedErrors) {
  using kb::api::Code;
  EXPECT_EQ(api_code_of({{"nosuch", "1"}}), Code::unknown_parameter);
  EXPECT_EQ(api_code_of({{"page", "2"}, {"limit", "5"}}), Code::invalid_parameter);
  EXPECT_EQ(api_code_of({{"highlight", "blink"}}), Code::invalid_parameter);
  EXPECT_EQ(api_code_of({{"q", "abc"}}, {2, 100}), Code::query_too_long);
  EXPECT_EQ(api_code_of({{"q", std::string("\xff")}}), Code::invalid_parameter);
}

TEST(SearchParams, ClientRefusesWhatTheApiCannotSay) {
  kb::SearchRequest unknown;
  unknown.filters["colour"] = {"red"};
  try {
    kb::api::search_params(unknown);
    FAIL() << "no error";
  } catch (const kb::Error& e) {
    EXPECT_EQ(e.code(), kb::ErrorCode::unknown_filter);
  }
  kb::SearchRequest tags;
  tags.highlight_start = "[";
  tags.highlight_end = "]";
  try {
    kb::api::search_params(tags);
    FAIL() << "no error";
  } catch (const kb::Error& e) {
    EXPECT_EQ(e.code(), kb::ErrorCode::invalid_argument);
  }
}

TEST(QueryParams, GetGivesTheFirstOfRepeatedValues) {
  ParamMap params{{"kind", "message"}, {"kind", "proof-point"}, {"kind", "passage"}};
  QueryParams p(params, {"kind"});
  EXPECT_EQ(p.get("kind"), "message");
  EXPECT_EQ(p.all("kind"), (std::vector<std::string>{"message", "proof-point", "passage"}));
  EXPECT_EQ(p.get("q", "none"), "none");
}

}  // namespace
