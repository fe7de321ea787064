// kb-searchd configuration: defaults < config file < KB_* environment < flags.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kb/search.h"

namespace kb {

struct DaemonConfig {
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: any free port (printed at start)
  int threads = 16;
  std::string index_dir;                  // default: kb::default_index_dir()
  std::vector<std::string> cors_origins;  // "*" allows every origin
  std::size_t max_query_length = 512;     // bytes
  std::size_t max_per_page = 100;
  int request_timeout = 10;    // seconds allowed to write a response
  int header_timeout = 5;      // seconds a request (line and headers) has to arrive whole
  int keep_alive_timeout = 5;  // seconds an idle keep-alive connection stays open
  // Milliseconds a search or suggest request may spend in the index before it is
  // answered 503 search_timeout (0: every search times out; for testing clients).
  int search_budget_ms = 2000;
  // Milliseconds from a request's arrival (its head complete) to its answer: a request
  // that waited this long for a worker is answered 503 overloaded without being worked
  // on, and a search's budget never runs past it (0: no deadline).
  int request_deadline_ms = 5000;
  // Requests per second each client address may send after a burst of rate_burst
  // (0: no limit); beyond, 429 rate_limited with Retry-After. Loopback clients are not
  // limited unless rate_limit_loopback is set (a proxy on the machine limits for them).
  double rate_limit = 20;
  double rate_burst = 60;
  bool rate_limit_loopback = false;
  std::string ui_dir;                      // "" serves no UI (kb-searchd fills in the default)
  bool ui_off = false;                     // ui = off: no UI, not even the default
  std::string access_log = "-";            // "-" stderr, "off", or a file path
  std::string frame_ancestors = "'none'";  // CSP frame-ancestors of the UI pages
  // Where the search statistics are kept across restarts; "" keeps them in memory only.
  std::string stats_file;
  // With a token, GET /api/v1/stats needs `Authorization: Bearer <token>` from any client;
  // without one ("") it answers loopback clients only.
  std::string admin_token;
  // Shards of a sharded index served by xapian-tcpsrv, by the name the generation's stub
  // gives them (shard-0, shard-1, ...); the others are opened from the generation folder.
  std::map<std::string, RemoteShard> remote_shards;
  // Milliseconds to connect to a remote shard and for each exchange with it: a shard that
  // takes longer is unavailable (503 shard_unavailable).
  unsigned shard_timeout_ms = 5000;

  // Sets one setting from text, as written in a config file or environment variable.
  // `origin` names where the value came from, for the error message. Throws
  // kb::Error(invalid_argument) for an unknown key or a bad value.
  void set(const std::string& key, const std::string& value, const std::string& origin);

  // Reads `key = value` lines ('#' starts a comment). Throws kb::Error with file:line.
  void load_file(const std::string& path);

  // Applies every KB_* variable that names a setting (KB_PORT, KB_CORS_ORIGINS, ...).
  void load_environment(const std::map<std::string, std::string>& env);

  // The keys `set` accepts, with their environment variable names.
  static const std::vector<std::pair<std::string, std::string>>& keys();
};

// The process environment as a map (for load_environment).
std::map<std::string, std::string> process_environment();

}  // namespace kb
