// Errors raised by the kb core. Every error carries a stable code (the error table in
// api/ gives its name, exit code and HTTP status) and a message a user can act on.
#pragma once

#include <stdexcept>
#include <string>

namespace kb {

enum class ErrorCode {
  invalid_argument,   // a caller passed a value that makes no sense (bad limit, bad id form)
  invalid_query,      // the query string could not be parsed
  query_too_complex,  // the query holds more words or terms than a search may expand
  unknown_filter,     // a facet name or facet value that does not exist
  not_found,          // a unit id that is not in the index
  index_not_found,    // no published index where one was expected
  index_error,        // the index exists but cannot be read (corrupt, wrong version)
  ingest_error,       // a corpus file is malformed: always carries file and line
  io_error,           // a file system operation failed (permissions, disk full)
  search_timeout,     // a search used up its time budget (SearchRequest::time_budget)
  shard_unavailable,  // a remote shard (xapian-tcpsrv) did not answer in time, or is stale
  internal,           // a bug: should never reach a user
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

// A problem in a corpus file. what() reads "file:line: message" (line omitted when 0),
// the form editors and terminals recognise.
class IngestError : public Error {
 public:
  IngestError(std::string file, int line, const std::string& message);
  const std::string& file() const noexcept { return file_; }
  int line() const noexcept { return line_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string file_;
  int line_;
  std::string reason_;
};

}  // namespace kb
