#include "api_error.h"

#include <map>
#include <nlohmann/json.hpp>

namespace kb::http {

int status_for(const std::string& code) {
  static const std::map<std::string, int> table = {
      {"invalid_argument", 400},  {"invalid_query", 400},    {"unknown_filter", 400},
      {"unknown_parameter", 400}, {"invalid_parameter", 400}, {"query_too_long", 400},
      {"page_out_of_range", 400}, {"query_too_complex", 400}, {"origin_not_allowed", 403}, {"not_found", 404},
      {"route_not_found", 404},   {"method_not_allowed", 405}, {"payload_too_large", 413}, {"uri_too_long", 414}, {"too_many_headers", 431},
      {"request_timeout", 408},   {"headers_too_large", 431},
      {"index_not_found", 503},   {"index_error", 503},       {"search_timeout", 503},    {"io_error", 500},
      {"ingest_error", 500},      {"internal", 500},
  };
  auto it = table.find(code);
  return it == table.end() ? 500 : it->second;
}

std::string code_for(const kb::Error& e) { return std::string(kb::to_string(e.code())); }

std::string error_body(const std::string& code, const std::string& message) {
  nlohmann::json j = {{"error", {{"code", code}, {"message", message}}}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kb::http
