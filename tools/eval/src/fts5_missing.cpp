// Built when libsqlite3-dev is missing: the baseline cannot run.
#include <stdexcept>

#include "fts5_baseline.h"

namespace kb::eval {

namespace {
[[noreturn]] void missing() {
  throw std::runtime_error(
      "kb-eval was built without SQLite: install libsqlite3-dev and rebuild, or pass "
      "--no-baseline");
}
}  // namespace

std::string fts5_query(const std::string&) {
  missing();
}
std::map<std::string, Ranking> run_fts5(const Collection&, std::size_t) {
  missing();
}
std::string sqlite_version() {
  return "(not built)";
}

}  // namespace kb::eval
