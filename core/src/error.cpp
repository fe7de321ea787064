#include "kb/error.h"

namespace kb {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::invalid_query: return "invalid_query";
    case ErrorCode::query_too_complex: return "query_too_complex";
    case ErrorCode::unknown_filter: return "unknown_filter";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::index_not_found: return "index_not_found";
    case ErrorCode::index_error: return "index_error";
    case ErrorCode::ingest_error: return "ingest_error";
    case ErrorCode::io_error: return "io_error";
    case ErrorCode::search_timeout: return "search_timeout";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

static std::string located(const std::string& file, int line, const std::string& message) {
  if (line > 0) return file + ":" + std::to_string(line) + ": " + message;
  return file + ": " + message;
}

IngestError::IngestError(std::string file, int line, const std::string& message)
    : Error(ErrorCode::ingest_error, located(file, line, message)),
      file_(std::move(file)),
      line_(line),
      reason_(message) {}

}  // namespace kb
