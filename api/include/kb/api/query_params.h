// The query-string parameters of one request, checked against what the endpoint takes.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kb::api {

// Name -> value, a name repeated for each value: the very type of httplib::Params.
using ParamMap = std::multimap<std::string, std::string>;

class QueryParams {
 public:
  // Throws ApiError(unknown_parameter) for a name the endpoint does not take, and
  // ApiError(invalid_parameter) for a value that is not UTF-8 or holds a NUL byte.
  // `params` must outlive this object.
  QueryParams(const ParamMap& params, const std::set<std::string>& accepted);

  bool has(const std::string& name) const;
  // The first value of `name`, or `fallback`.
  std::string get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> all(const std::string& name) const;
  // An integer within [min, max]; ApiError(invalid_parameter) otherwise.
  std::optional<long> number(const std::string& name, long min, long max) const;
  // One of `choices`; ApiError(invalid_parameter) otherwise.
  std::string choice(const std::string& name, const std::vector<std::string>& choices,
                     const std::string& fallback) const;
  bool flag(const std::string& name) const;

 private:
  const ParamMap& params_;
};

}  // namespace kb::api
