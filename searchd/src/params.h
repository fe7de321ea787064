// Query-string parameters of one request, checked against what the route accepts.
#pragma once

#include <httplib.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kb::http {

class Params {
 public:
  // Throws ApiError(unknown_parameter) for a name the route does not take, and
  // ApiError(invalid_parameter) for a value that is not UTF-8 or holds a NUL byte.
  Params(const httplib::Request& req, const std::set<std::string>& accepted);

  bool has(const std::string& name) const;
  std::string get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> all(const std::string& name) const;
  // An integer within [min, max]; ApiError(invalid_parameter) otherwise.
  std::optional<long> number(const std::string& name, long min, long max) const;
  // One of `choices`; ApiError(invalid_parameter) otherwise.
  std::string choice(const std::string& name, const std::vector<std::string>& choices, const std::string& fallback) const;
  bool flag(const std::string& name) const;

 private:
  const httplib::Request& req_;
};

}  // namespace kb::http
