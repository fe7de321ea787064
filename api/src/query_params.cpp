#include "kb/api/query_params.h"

#include <charconv>

#include "kb/api/errors.h"
#include "kb/text.h"

namespace kb::api {

QueryParams::QueryParams(const ParamMap& params, const std::set<std::string>& accepted)
    : params_(params) {
  for (const auto& [name, value] : params) {
    if (!accepted.count(name)) {
      std::string list;
      for (const auto& a : accepted) list += (list.empty() ? "" : ", ") + a;
      throw ApiError(Code::unknown_parameter,
                     "unknown parameter \"" + name.substr(0, 64) + "\"" +
                         (list.empty() ? "; this endpoint takes none" : "; accepted: " + list));
    }
    if (value.find('\0') != std::string::npos || kb::find_invalid_utf8(value) != std::string::npos)
      throw ApiError(Code::invalid_parameter, "parameter \"" + name + "\" is not valid UTF-8 text");
  }
}

bool QueryParams::has(const std::string& name) const {
  return params_.count(name) > 0;
}

std::string QueryParams::get(const std::string& name, const std::string& fallback) const {
  auto it = params_.lower_bound(name);  // the first of its values (find may give any)
  return it == params_.end() || it->first != name ? fallback : it->second;
}

std::vector<std::string> QueryParams::all(const std::string& name) const {
  std::vector<std::string> out;
  auto range = params_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

std::optional<long> QueryParams::number(const std::string& name, long min, long max) const {
  if (!has(name)) return std::nullopt;
  auto value = get(name);
  long n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || value.empty() || n < min ||
      n > max)
    throw ApiError(Code::invalid_parameter,
                   "parameter \"" + name + "\" must be a whole number from " + std::to_string(min) +
                       " to " + std::to_string(max) + ", not \"" + value.substr(0, 32) + "\"");
  return n;
}

std::string QueryParams::choice(const std::string& name, const std::vector<std::string>& choices,
                                const std::string& fallback) const {
  if (!has(name)) return fallback;
  auto value = get(name);
  for (const auto& c : choices)
    if (c == value) return value;
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  throw ApiError(Code::invalid_parameter, "parameter \"" + name + "\" must be one of " + list +
                                              ", not \"" + value.substr(0, 32) + "\"");
}

bool QueryParams::flag(const std::string& name) const {
  return choice(name, {"true", "false", "1", "0"}, "false") == "true" || get(name) == "1";
}

}  // namespace kb::api
