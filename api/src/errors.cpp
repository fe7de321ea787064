#include "kb/api/errors.h"

#include <array>

namespace kb::api {
namespace {

using E = ErrorCode;

// A server-side failure (io_error, ingest_error, internal) is, to a client, an answer it
// could not get: io_error, as for an unreachable server.
constexpr std::array<ErrorRow, 28> kTable{{
    {Code::invalid_argument, "invalid_argument", 400, exit_usage, E::invalid_argument},
    {Code::invalid_query, "invalid_query", 400, exit_usage, E::invalid_query},
    {Code::query_too_complex, "query_too_complex", 400, exit_usage, E::query_too_complex},
    {Code::unknown_filter, "unknown_filter", 400, exit_usage, E::unknown_filter},
    {Code::not_found, "not_found", 404, exit_failure, E::not_found},
    {Code::index_not_found, "index_not_found", 503, exit_failure, E::index_not_found},
    {Code::index_error, "index_error", 503, exit_failure, E::index_error},
    {Code::ingest_error, "ingest_error", 500, exit_failure, E::io_error},
    {Code::io_error, "io_error", 500, exit_failure, E::io_error},
    {Code::search_timeout, "search_timeout", 503, exit_failure, E::search_timeout},
    {Code::shard_unavailable, "shard_unavailable", 503, exit_failure, E::shard_unavailable},
    {Code::internal, "internal", 500, exit_failure, E::io_error},
    {Code::unknown_parameter, "unknown_parameter", 400, exit_usage, E::invalid_argument},
    {Code::invalid_parameter, "invalid_parameter", 400, exit_usage, E::invalid_argument},
    {Code::query_too_long, "query_too_long", 400, exit_usage, E::invalid_argument},
    {Code::page_out_of_range, "page_out_of_range", 400, exit_usage, E::invalid_argument},
    {Code::origin_not_allowed, "origin_not_allowed", 403, exit_failure, E::io_error},
    {Code::route_not_found, "route_not_found", 404, exit_failure, E::io_error},
    {Code::method_not_allowed, "method_not_allowed", 405, exit_failure, E::io_error},
    {Code::payload_too_large, "payload_too_large", 413, exit_failure, E::io_error},
    {Code::request_timeout, "request_timeout", 408, exit_failure, E::io_error},
    {Code::uri_too_long, "uri_too_long", 414, exit_failure, E::io_error},
    {Code::headers_too_large, "headers_too_large", 431, exit_failure, E::io_error},
    {Code::too_many_headers, "too_many_headers", 431, exit_failure, E::io_error},
    {Code::unauthorized, "unauthorized", 401, exit_failure, E::io_error},
    {Code::forbidden, "forbidden", 403, exit_failure, E::io_error},
    {Code::rate_limited, "rate_limited", 429, exit_failure, E::io_error},
    {Code::overloaded, "overloaded", 503, exit_failure, E::io_error},
}};

constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < kTable.size(); ++i)
    if (static_cast<std::size_t>(kTable[i].code) != i) return false;
  return true;
}
static_assert(rows_in_enum_order(), "one row per api::Code, in the enum's order");
static_assert(static_cast<std::size_t>(Code::overloaded) + 1 == kTable.size(),
              "a Code without a row");

}  // namespace

std::span<const ErrorRow> error_table() {
  return kTable;
}

const ErrorRow& row(Code code) {
  return kTable[static_cast<std::size_t>(code)];
}

Code code_of(ErrorCode code) {
  switch (code) {  // no default: a new ErrorCode without a Code is a -Wswitch warning
    case E::invalid_argument:
      return Code::invalid_argument;
    case E::invalid_query:
      return Code::invalid_query;
    case E::query_too_complex:
      return Code::query_too_complex;
    case E::unknown_filter:
      return Code::unknown_filter;
    case E::not_found:
      return Code::not_found;
    case E::index_not_found:
      return Code::index_not_found;
    case E::index_error:
      return Code::index_error;
    case E::ingest_error:
      return Code::ingest_error;
    case E::io_error:
      return Code::io_error;
    case E::search_timeout:
      return Code::search_timeout;
    case E::shard_unavailable:
      return Code::shard_unavailable;
    case E::internal:
      return Code::internal;
  }
  return Code::internal;
}

std::string_view to_string(Code code) {
  return row(code).name;
}
std::string_view to_string(ErrorCode code) {
  return to_string(code_of(code));
}
int http_status(Code code) {
  return row(code).http_status;
}
int exit_code(ErrorCode code) {
  return row(code_of(code)).exit_code;
}

ErrorCode client_code(std::string_view name) {
  for (const auto& r : kTable)
    if (r.name == name) return r.client_code;
  return ErrorCode::io_error;
}

nlohmann::json error_json(Code code, const std::string& message) {
  return {{"error", {{"code", to_string(code)}, {"message", message}}}};
}

std::string error_body(Code code, const std::string& message) {
  return error_json(code, message).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kb::api
