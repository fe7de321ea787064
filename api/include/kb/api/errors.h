// The error vocabulary of kb's programs, in one table: every code a client can see, with
// its HTTP status, the exit code of a program that stops on it, and the core code
// kb-query --server turns it back into. docs/api.md lists the codes.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "kb/error.h"

namespace kb::api {

inline constexpr int exit_failure = 1;  // a runtime error
inline constexpr int exit_usage = 2;    // the arguments are wrong

// Every code of the API: first the core's, named as kb::ErrorCode, then the HTTP layer's.
enum class Code {
  invalid_argument,
  invalid_query,
  query_too_complex,
  unknown_filter,
  not_found,
  index_not_found,
  index_error,
  ingest_error,
  io_error,
  search_timeout,
  shard_unavailable,
  internal,
  unknown_parameter,
  invalid_parameter,
  query_too_long,
  page_out_of_range,
  origin_not_allowed,
  route_not_found,
  method_not_allowed,
  payload_too_large,
  request_timeout,
  uri_too_long,
  headers_too_large,
  too_many_headers,
  unauthorized,  // an operator endpoint without the admin token
  forbidden,     // an operator endpoint with a wrong token, or from a non-loopback client
  rate_limited,  // the client address sent more than rate-limit allows (429, Retry-After)
  overloaded,    // the request waited past request-deadline-ms for a worker (503)
};

struct ErrorRow {
  Code code;
  std::string_view name;  // in error bodies: {"error": {"code": name, ...}}
  int http_status;
  int exit_code;
  ErrorCode client_code;  // what a client of the API raises for it
};

// One row per Code, in the enum's order.
std::span<const ErrorRow> error_table();
const ErrorRow& row(Code code);

Code code_of(ErrorCode code);
std::string_view to_string(Code code);
std::string_view to_string(ErrorCode code);
int http_status(Code code);
// The exit code of a program that stops on a core error.
int exit_code(ErrorCode code);
// The core code for an error the server answered with `name`; io_error for a name not in
// the table (the server is not kb-searchd, or a newer one).
ErrorCode client_code(std::string_view name);

// An error raised by the HTTP layer itself (parameters, routes, origins).
class ApiError : public std::runtime_error {
 public:
  ApiError(Code code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Code code() const noexcept { return code_; }

 private:
  Code code_;
};

// {"error": {"code": ..., "message": ...}}, as a value and as the body of an answer.
nlohmann::json error_json(Code code, const std::string& message);
std::string error_body(Code code, const std::string& message);

}  // namespace kb::api
