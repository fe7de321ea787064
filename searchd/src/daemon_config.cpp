#include "kb/daemon_config.h"

#include <charconv>
#include <fstream>

#include "kb/error.h"

extern char** environ;

namespace kb {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

long parse_number(const std::string& value, long min, long max, const std::string& what) {
  long n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < min || n > max)
    throw Error(ErrorCode::invalid_argument, what + ": \"" + value + "\" is not a number from " +
                                                 std::to_string(min) + " to " +
                                                 std::to_string(max));
  return n;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& DaemonConfig::keys() {
  static const std::vector<std::pair<std::string, std::string>> k = {
      {"bind", "KB_BIND"},
      {"port", "KB_PORT"},
      {"threads", "KB_THREADS"},
      {"index", "KB_INDEX"},
      {"cors-origins", "KB_CORS_ORIGINS"},
      {"max-query-length", "KB_MAX_QUERY_LENGTH"},
      {"max-per-page", "KB_MAX_PER_PAGE"},
      {"request-timeout", "KB_REQUEST_TIMEOUT"},
      {"search-budget-ms", "KB_SEARCH_BUDGET_MS"},
      {"request-deadline-ms", "KB_REQUEST_DEADLINE_MS"},
      {"rate-limit", "KB_RATE_LIMIT"},
      {"rate-burst", "KB_RATE_BURST"},
      {"rate-limit-loopback", "KB_RATE_LIMIT_LOOPBACK"},
      {"header-timeout", "KB_HEADER_TIMEOUT"},
      {"keep-alive-timeout", "KB_KEEP_ALIVE_TIMEOUT"},
      {"ui", "KB_UI_DIR"},
      {"access-log", "KB_ACCESS_LOG"},
      {"frame-ancestors", "KB_FRAME_ANCESTORS"},
      {"stats-file", "KB_STATS_FILE"},
      {"admin-token", "KB_ADMIN_TOKEN"},
      {"remote-shards", "KB_REMOTE_SHARDS"},
      {"shard-timeout-ms", "KB_SHARD_TIMEOUT_MS"},
  };
  return k;
}

void DaemonConfig::set(const std::string& key, const std::string& raw, const std::string& origin) {
  auto value = trim(raw);
  auto what = origin + " (" + key + ")";
  if (key == "bind") {
    if (value.empty()) throw Error(ErrorCode::invalid_argument, what + ": empty address");
    bind = value;
  } else if (key == "port") {
    port = static_cast<int>(parse_number(value, 0, 65535, what));
  } else if (key == "threads") {
    threads = static_cast<int>(parse_number(value, 1, 1024, what));
  } else if (key == "index") {
    index_dir = value;
  } else if (key == "cors-origins") {
    cors_origins.clear();
    std::size_t start = 0;
    while (start <= value.size()) {
      auto comma = value.find(',', start);
      auto item =
          trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!item.empty()) {
        if (item != "*" && item.find("://") == std::string::npos)
          throw Error(
              ErrorCode::invalid_argument,
              what + ": origin \"" + item + "\" must look like https://example.org (or be *)");
        while (!item.empty() && item.back() == '/') item.pop_back();
        cors_origins.push_back(item);
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else if (key == "max-query-length") {
    // A request line longer than 8 KiB never reaches us (httplib's limit).
    max_query_length = static_cast<std::size_t>(parse_number(value, 1, 4096, what));
  } else if (key == "max-per-page") {
    max_per_page = static_cast<std::size_t>(parse_number(value, 1, 1000, what));
  } else if (key == "request-timeout") {
    request_timeout = static_cast<int>(parse_number(value, 1, 3600, what));
  } else if (key == "search-budget-ms") {
    search_budget_ms = static_cast<int>(parse_number(value, 0, 600000, what));
  } else if (key == "request-deadline-ms") {
    request_deadline_ms = static_cast<int>(parse_number(value, 0, 3600000, what));
  } else if (key == "rate-limit") {
    rate_limit = static_cast<double>(parse_number(value, 0, 1000000, what));
  } else if (key == "rate-burst") {
    rate_burst = static_cast<double>(parse_number(value, 1, 1000000, what));
  } else if (key == "rate-limit-loopback") {
    if (value == "true" || value == "1" || value == "yes")
      rate_limit_loopback = true;
    else if (value == "false" || value == "0" || value == "no")
      rate_limit_loopback = false;
    else
      throw Error(ErrorCode::invalid_argument, what + ": \"" + value + "\" is not true or false");
  } else if (key == "header-timeout") {
    header_timeout = static_cast<int>(parse_number(value, 1, 3600, what));
  } else if (key == "keep-alive-timeout") {
    keep_alive_timeout = static_cast<int>(parse_number(value, 1, 3600, what));
  } else if (key == "ui") {
    // "off" (or "none") serves no UI; "" leaves the default, share/kb/ui beside the program.
    ui_off = value == "off" || value == "none";
    ui_dir = ui_off ? "" : value;
  } else if (key == "access-log") {
    access_log = value.empty() ? "-" : value;
  } else if (key == "frame-ancestors") {
    // A CSP source list: no ';' or ',' that could inject other directives.
    if (value.empty() || value.find_first_of(";,\r\n") != std::string::npos)
      throw Error(ErrorCode::invalid_argument,
                  what + ": \"" + value +
                      "\" is not a CSP source list such as 'none' or https://example.org");
    frame_ancestors = value;
  } else if (key == "remote-shards") {
    // NAME=HOST:PORT,...: the shards of a sharded index that xapian-tcpsrv serves.
    remote_shards.clear();
    std::size_t start = 0;
    while (start < value.size()) {
      auto comma = value.find(',', start);
      auto item =
          trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!item.empty()) {
        auto eq = item.find('=');
        auto colon = item.rfind(':');
        if (eq == std::string::npos || eq == 0 || colon == std::string::npos || colon < eq + 2)
          throw Error(
              ErrorCode::invalid_argument,
              what + ": \"" + item + "\" is not NAME=HOST:PORT (e.g. shard-1=10.0.0.2:7001)");
        auto port_number = parse_number(item.substr(colon + 1), 1, 65535, what + " port");
        remote_shards[item.substr(0, eq)] = {item.substr(eq + 1, colon - eq - 1),
                                             static_cast<unsigned>(port_number)};
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else if (key == "shard-timeout-ms") {
    shard_timeout_ms = static_cast<unsigned>(parse_number(value, 1, 600000, what));
  } else if (key == "stats-file") {
    stats_file = value;
  } else if (key == "admin-token") {
    // Printable ASCII without spaces (it travels in a header), long enough not to guess.
    // The message never repeats the value: it is a secret.
    bool printable = !value.empty();
    for (char c : value)
      if (c <= ' ' || c > '~') printable = false;
    if (!printable || value.size() < 16)
      throw Error(ErrorCode::invalid_argument,
                  what +
                      ": the token must be at least 16 printable ASCII characters without "
                      "spaces (e.g. openssl rand -hex 32)");
    admin_token = value;
  } else {
    std::string known;
    for (const auto& [k, env] : keys()) known += (known.empty() ? "" : ", ") + k;
    throw Error(ErrorCode::invalid_argument,
                origin + ": unknown setting \"" + key + "\"; settings are " + known);
  }
}

void DaemonConfig::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::invalid_argument, "cannot read config file " + path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    line = trim(line);
    if (line.empty()) continue;
    auto eq = line.find('=');
    auto where = path + ":" + std::to_string(number);
    if (eq == std::string::npos)
      throw Error(ErrorCode::invalid_argument,
                  where + ": expected \"key = value\", got \"" + line + "\"");
    set(trim(line.substr(0, eq)), line.substr(eq + 1), where);
  }
}

void DaemonConfig::load_environment(const std::map<std::string, std::string>& env) {
  for (const auto& [key, var] : keys())
    if (auto it = env.find(var); it != env.end() && !it->second.empty()) set(key, it->second, var);
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

}  // namespace kb
