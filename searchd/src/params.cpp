#include "params.h"

#include <charconv>

#include "api_error.h"
#include "kb/text.h"

namespace kb::http {

Params::Params(const httplib::Request& req, const std::set<std::string>& accepted) : req_(req) {
  for (const auto& [name, value] : req.params) {
    if (!accepted.count(name)) {
      std::string list;
      for (const auto& a : accepted) list += (list.empty() ? "" : ", ") + a;
      throw ApiError("unknown_parameter", "unknown parameter \"" + name.substr(0, 64) + "\"" +
                                              (list.empty() ? "; this endpoint takes none" : "; accepted: " + list));
    }
    if (value.find('\0') != std::string::npos || kb::find_invalid_utf8(value) != std::string::npos)
      throw ApiError("invalid_parameter", "parameter \"" + name + "\" is not valid UTF-8 text");
  }
}

bool Params::has(const std::string& name) const { return req_.has_param(name.c_str()); }

std::string Params::get(const std::string& name, const std::string& fallback) const {
  return has(name) ? req_.get_param_value(name.c_str()) : fallback;
}

std::vector<std::string> Params::all(const std::string& name) const {
  std::vector<std::string> out;
  auto range = req_.params.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

std::optional<long> Params::number(const std::string& name, long min, long max) const {
  if (!has(name)) return std::nullopt;
  auto value = get(name);
  long n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || value.empty() || n < min || n > max)
    throw ApiError("invalid_parameter", "parameter \"" + name + "\" must be a whole number from " +
                                            std::to_string(min) + " to " + std::to_string(max) + ", not \"" +
                                            value.substr(0, 32) + "\"");
  return n;
}

std::string Params::choice(const std::string& name, const std::vector<std::string>& choices,
                           const std::string& fallback) const {
  if (!has(name)) return fallback;
  auto value = get(name);
  for (const auto& c : choices)
    if (c == value) return value;
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  throw ApiError("invalid_parameter", "parameter \"" + name + "\" must be one of " + list + ", not \"" +
                                          value.substr(0, 32) + "\"");
}

bool Params::flag(const std::string& name) const {
  return choice(name, {"true", "false", "1", "0"}, "false") == "true" || get(name) == "1";
}

}  // namespace kb::http
