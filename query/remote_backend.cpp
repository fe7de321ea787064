#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>

#include "backend.h"
#include "kb/error.h"
#include "kb/result_json.h"

namespace kb::cli {
namespace {

// The server's error codes, as the core's (so kb-query exits the same way).
ErrorCode code_from(const std::string& code) {
  static const std::map<std::string, ErrorCode> codes = {
      {"invalid_argument", ErrorCode::invalid_argument}, {"invalid_query", ErrorCode::invalid_query},
      {"unknown_filter", ErrorCode::unknown_filter},     {"unknown_parameter", ErrorCode::invalid_argument},
      {"invalid_parameter", ErrorCode::invalid_argument}, {"query_too_long", ErrorCode::invalid_argument},
      {"page_out_of_range", ErrorCode::invalid_argument}, {"not_found", ErrorCode::not_found},
      {"index_not_found", ErrorCode::index_not_found},   {"index_error", ErrorCode::index_error},
      {"query_too_complex", ErrorCode::query_too_complex}, {"search_timeout", ErrorCode::search_timeout}};
  auto it = codes.find(code);
  return it == codes.end() ? ErrorCode::io_error : it->second;
}

// Unit ids are path segments joined by '/': escape anything else.
std::string escape_path(const std::string& id) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

class RemoteBackend : public Backend {
 public:
  explicit RemoteBackend(std::string url) : url_(std::move(url)), client_(url_) {
    client_.set_connection_timeout(5, 0);
    client_.set_read_timeout(30, 0);
  }

  SearchResult search(const SearchRequest& request) override {
    httplib::Params params{{"q", request.query},
                           {"offset", std::to_string(request.offset)},
                           {"limit", std::to_string(request.limit)},
                           {"sort", request.sort_by_date ? "date" : "relevance"},
                           {"partial", request.partial ? "true" : "false"},
                           {"facets", request.facets ? "true" : "false"}};
    for (const auto& [facet, values] : request.filters)
      for (const auto& v : values) params.emplace(facet, v);
    return search_result_from_json(get(httplib::append_query_params("/api/v1/search", params)));
  }

  std::optional<UnitDetail> unit(const std::string& id) override {
    auto j = get("/api/v1/units/" + escape_path(id), /*not_found_is_empty=*/true);
    if (j.is_null()) return std::nullopt;
    UnitDetail d{unit_view_from_json(j.at("unit")), {}};
    if (d.unit.unit.kind == kind::message)
      for (const auto& p : j.at("proof_points")) d.proof_points.push_back(unit_view_from_json(p));
    return d;
  }

  std::vector<MessageOutline> messages() override {
    std::vector<MessageOutline> out;
    auto body = get("/api/v1/messages");  // kept alive: a range-for over .at() of a temporary dangles
    for (const auto& m : body.at("messages")) out.push_back(outline_from_json(m));
    return out;
  }

 private:
  nlohmann::json get(const std::string& target, bool not_found_is_empty = false) {
    auto res = client_.Get(target);
    if (!res)
      throw Error(ErrorCode::io_error, "cannot reach kb-searchd at " + url_ + ": " + httplib::to_string(res.error()));
    nlohmann::json body;
    try {
      body = nlohmann::json::parse(res->body);
    } catch (const nlohmann::json::exception&) {
      throw Error(ErrorCode::io_error, url_ + " answered HTTP " + std::to_string(res->status) + " without JSON: is it kb-searchd?");
    }
    if (res->status == 200) return body;
    if (res->status == 404 && not_found_is_empty && body.contains("error") && body["error"].value("code", "") == "not_found")
      return nullptr;
    auto code = body.contains("error") ? body["error"].value("code", "") : "";
    auto message = body.contains("error") ? body["error"].value("message", "") : res->body;
    throw Error(code_from(code), message + " (HTTP " + std::to_string(res->status) + " from " + url_ + ")");
  }

  std::string url_;
  httplib::Client client_;
};

}  // namespace

std::unique_ptr<Backend> open_remote(const std::string& url) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    throw Error(ErrorCode::invalid_argument, "--server takes a URL such as http://127.0.0.1:8080, not \"" + url + "\"");
  return std::make_unique<RemoteBackend>(url);
}

}  // namespace kb::cli
