#include "kb/error.h"

namespace kb {

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
