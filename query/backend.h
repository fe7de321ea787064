// Where kb-query gets its answers: the local index, or a running kb-searchd. Both give
// the same structures, so the output is the same either way.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kb/api/responses.h"
#include "kb/brief.h"
#include "kb/search.h"

namespace kb::cli {

class Backend {
 public:
  virtual ~Backend() = default;
  virtual SearchResult search(const SearchRequest& request) = 0;
  virtual std::optional<api::UnitDetail> unit(const std::string& id) = 0;
  virtual std::vector<MessageOutline> messages() = 0;
  virtual Brief brief(const BriefRequest& request) = 0;
  // kb-searchd's search statistics (GET /api/v1/stats?limit=, sent with $KB_ADMIN_TOKEN as
  // a bearer token when it is set); nullopt for a local index, which keeps none.
  virtual std::optional<nlohmann::json> stats(std::size_t limit) = 0;
};

std::unique_ptr<Backend> open_local(const std::string& index_dir);
// `url` like http://127.0.0.1:8080. Errors from the server become kb::Error with the
// server's message; an unreachable server, an answer not complete within
// `timeout_seconds` (connect to last byte) or one over 64 MiB is Error(io_error).
std::unique_ptr<Backend> open_remote(const std::string& url, double timeout_seconds);

}  // namespace kb::cli
