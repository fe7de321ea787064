// Errors of the HTTP API and the one table that maps their codes to statuses.
#pragma once

#include <stdexcept>
#include <string>

#include "kb/error.h"

namespace kb::http {

// An error raised by the HTTP layer itself (parameters, routes, origins).
class ApiError : public std::runtime_error {
 public:
  ApiError(std::string code, const std::string& message) : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const noexcept { return code_; }

 private:
  std::string code_;
};

// The status for an error code; 500 for codes not in the table.
int status_for(const std::string& code);

// Maps a core error to its API code (the same names as kb::ErrorCode).
std::string code_for(const kb::Error& e);

// {"error": {"code": ..., "message": ...}}
std::string error_body(const std::string& code, const std::string& message);

}  // namespace kb::http
