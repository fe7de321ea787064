// The one error table of api/ (issue 10): a row for every code, the statuses and exit
// codes docs/api.md and the mains' --help promise, and the client's way back from a
// server's code to the core's.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "kb/api/errors.h"

namespace {

using kb::ErrorCode;
using kb::api::Code;

const ErrorCode kCoreCodes[] = {
    ErrorCode::invalid_argument, ErrorCode::invalid_query,     ErrorCode::query_too_complex,
    ErrorCode::unknown_filter,   ErrorCode::not_found,         ErrorCode::index_not_found,
    ErrorCode::index_error,      ErrorCode::ingest_error,      ErrorCode::io_error,
    ErrorCode::search_timeout,   ErrorCode::shard_unavailable, ErrorCode::internal,
};

TEST(ErrorTable, EveryCoreCodeHasARowOfItsName) {
  EXPECT_EQ(static_cast<int>(ErrorCode::internal) + 1, static_cast<int>(std::size(kCoreCodes)));
  std::set<std::string> names;
  for (auto code : kCoreCodes) {
    const auto& row = kb::api::row(kb::api::code_of(code));
    EXPECT_EQ(row.code, kb::api::code_of(code));
    EXPECT_EQ(kb::api::to_string(code), row.name);
    names.emplace(row.name);
  }
  EXPECT_EQ(names.size(), std::size(kCoreCodes));
  EXPECT_EQ(kb::api::to_string(ErrorCode::invalid_query), "invalid_query");
  EXPECT_EQ(kb::api::to_string(ErrorCode::search_timeout), "search_timeout");
}

TEST(ErrorTable, RowsAreInEnumOrderWithUniqueNames) {
  std::set<std::string_view> names;
  auto table = kb::api::error_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(table[i].code), i);
    EXPECT_TRUE(names.insert(table[i].name).second) << table[i].name;
  }
}

TEST(ErrorTable, StatusesAreThoseOfTheApiReference) {
  using kb::api::http_status;
  EXPECT_EQ(http_status(Code::invalid_argument), 400);
  EXPECT_EQ(http_status(Code::unknown_filter), 400);
  EXPECT_EQ(http_status(Code::unknown_parameter), 400);
  EXPECT_EQ(http_status(Code::page_out_of_range), 400);
  EXPECT_EQ(http_status(Code::query_too_complex), 400);
  EXPECT_EQ(http_status(Code::origin_not_allowed), 403);
  EXPECT_EQ(http_status(Code::unauthorized), 401);
  EXPECT_EQ(http_status(Code::forbidden), 403);
  EXPECT_EQ(http_status(Code::not_found), 404);
  EXPECT_EQ(http_status(Code::route_not_found), 404);
  EXPECT_EQ(http_status(Code::method_not_allowed), 405);
  EXPECT_EQ(http_status(Code::request_timeout), 408);
  EXPECT_EQ(http_status(Code::payload_too_large), 413);
  EXPECT_EQ(http_status(Code::uri_too_long), 414);
  EXPECT_EQ(http_status(Code::headers_too_large), 431);
  EXPECT_EQ(http_status(Code::too_many_headers), 431);
  EXPECT_EQ(http_status(Code::index_not_found), 503);
  EXPECT_EQ(http_status(Code::index_error), 503);
  EXPECT_EQ(http_status(Code::search_timeout), 503);
  EXPECT_EQ(http_status(Code::shard_unavailable), 503);
  EXPECT_EQ(http_status(Code::io_error), 500);
  EXPECT_EQ(http_status(Code::ingest_error), 500);
  EXPECT_EQ(http_status(Code::internal), 500);
}

TEST(ErrorTable, UsageErrorsExitTwoOthersOne) {
  for (auto code : {ErrorCode::invalid_argument, ErrorCode::invalid_query,
                    ErrorCode::query_too_complex, ErrorCode::unknown_filter})
    EXPECT_EQ(kb::api::exit_code(code), 2) << kb::api::to_string(code);
  for (auto code : {ErrorCode::not_found, ErrorCode::index_not_found, ErrorCode::index_error,
                    ErrorCode::ingest_error, ErrorCode::io_error, ErrorCode::search_timeout,
                    ErrorCode::internal})
    EXPECT_EQ(kb::api::exit_code(code), 1) << kb::api::to_string(code);
}

TEST(ErrorTable, ClientMapsEveryCodeBackAndExitsAsTheTableSays) {
  for (const auto& row : kb::api::error_table()) {
    auto client = kb::api::client_code(row.name);
    EXPECT_EQ(client, row.client_code) << row.name;
    EXPECT_EQ(kb::api::exit_code(client), row.exit_code) << row.name;
  }
  // The core's codes that a client can act on come back as themselves.
  for (auto code : {ErrorCode::invalid_argument, ErrorCode::invalid_query,
                    ErrorCode::query_too_complex, ErrorCode::unknown_filter, ErrorCode::not_found,
                    ErrorCode::index_not_found, ErrorCode::index_error, ErrorCode::search_timeout})
    EXPECT_EQ(kb::api::client_code(kb::api::to_string(code)), code);
  EXPECT_EQ(kb::api::client_code("unknown_parameter"), ErrorCode::invalid_argument);
  EXPECT_EQ(kb::api::client_code("page_out_of_range"), ErrorCode::invalid_argument);
  EXPECT_EQ(kb::api::client_code("internal"), ErrorCode::io_error);
  EXPECT_EQ(kb::api::client_code("route_not_found"), ErrorCode::io_error);
  EXPECT_EQ(kb::api::client_code("no_such_code"), ErrorCode::io_error);
  EXPECT_EQ(kb::api::client_code(""), ErrorCode::io_error);
}

TEST(ErrorTable, ErrorBodyNamesTheCode) {
  EXPECT_EQ(kb::api::error_body(Code::page_out_of_range, "page 9 is past the last page"),
            R"({"error":{"code":"page_out_of_range","message":"page 9 is past the last page"}})");
}

}  // namespace
