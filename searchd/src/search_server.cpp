#include "kb/search_server.h"

#include <fcntl.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "admin_access.h"
#include "http_front.h"
#include "index_pool.h"
#include "kb/api/brief_json.h"
#include "kb/api/errors.h"
#include "kb/api/offline_bundle.h"
#include "kb/api/query_params.h"
#include "kb/api/responses.h"
#include "kb/api/result_json.h"
#include "kb/api/search_params.h"
#include "kb/error.h"
#include "kb/index_folder.h"
#include "kb/openapi.h"
#include "kb/review.h"
#include "kb/schema.h"
#include "kb/text.h"
#include "metrics.h"
#include "rate_limit.h"
#include "search_stats.h"
#include "static_files.h"
#include "stats_file.h"

namespace kb {

namespace {

using api::ApiError;
using api::Code;
using api::QueryParams;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// When the request being handled on this thread started (set by the worker before
// httplib parses it, so requests refused before routing are timed too).
thread_local Clock::time_point request_started;
thread_local bool request_timed = false;
thread_local std::string request_client;         // the socket's peer address
thread_local Clock::time_point request_arrived;  // when its head was complete, before any queue

constexpr std::size_t kMaxHeaders = 100;

void send_json(httplib::Response& res, const json& body, int status = 200) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, Code code, const std::string& message) {
  res.status = api::http_status(code);
  res.set_content(api::error_body(code, message), "application/json; charset=utf-8");
}

// A refusal the client should retry: Retry-After in whole seconds, and in the body.
void send_retry_later(httplib::Response& res, Code code, const std::string& message,
                      double seconds) {
  auto whole = std::max<long>(1, static_cast<long>(std::ceil(seconds)));
  auto body = api::error_json(code, message);
  body["error"]["retry_after"] = whole;
  res.set_header("Retry-After", std::to_string(whole));
  send_json(res, body, api::http_status(code));
}

// The route label used in metrics: a fixed set, never the raw path.
std::string route_of(const std::string& path) {
  static const std::pair<const char*, const char*> exact[] = {
      {"/api/v1/search", "search"}, {"/api/v1/messages", "messages"},
      {"/api/v1/facets", "facets"}, {"/api/v1/suggest", "suggest"},
      {"/api/v1/brief", "brief"},   {"/api/v1/openapi.json", "openapi"},
      {"/healthz", "healthz"},      {"/readyz", "readyz"},
      {"/metrics", "metrics"},      {"/api/v1/stats", "stats"},
  };
  for (const auto& [route, name] : exact)
    if (path == route) return name;
  if (path.empty()) return "malformed";  // a request refused before its path was read
  if (path.rfind("/api/v1/units/", 0) == 0) return "unit";
  if (path.rfind("/api/v1/messages/", 0) == 0) return "message";
  if (path.rfind("/api/v1/sources/", 0) == 0) return "source";
  return path.rfind("/api/", 0) == 0 ? "unmatched" : "static";
}

std::string iso_time_now() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

struct SearchServer::Impl {
  DaemonConfig config;
  http::FrontServer server;
  http::IndexPool pool;
  http::Metrics metrics;
  http::RateLimiter limiter;
  std::mutex log_mutex;  // internal-error messages to stderr
  // The access log: stderr or a file opened O_APPEND (-1: off). Each line goes out in one
  // write(2), with no lock: appends of one write do not interleave.
  int log_fd = -1;
  bool own_log_fd = false;
  std::unique_ptr<http::StaticFiles> ui;
  http::SearchStats stats;
  std::unique_ptr<http::StatsFile> stats_file;  // with --stats-file
  std::atomic<bool> stopping{false}, run_called{false}, run_finished{false};
  // The offline data of the generation served (api/offline_bundle.h), made on the first
  // request for it after a publish: the installed web app's service worker caches it.
  struct OfflineData {
    std::string generation;
    std::vector<api::OfflineFile> files;
  };
  std::mutex offline_mutex;
  std::shared_ptr<const OfflineData> offline;

  static http::FrontLimits limits_of(const DaemonConfig& c) {
    http::FrontLimits l;
    l.threads = static_cast<std::size_t>(c.threads);
    l.header_timeout = std::chrono::seconds(c.header_timeout);
    l.keep_alive_timeout = std::chrono::seconds(c.keep_alive_timeout);
    l.write_timeout = std::chrono::seconds(c.request_timeout);
    // httplib closes a keep-alive connection after 5 requests by default; reconnecting
    // costs more than the request.
    l.max_requests_per_connection = 1000;
    return l;
  }

  explicit Impl(DaemonConfig c)
      : config(std::move(c)),
        server(limits_of(config)),
        pool(config.index_dir.empty() ? default_index_dir() : config.index_dir,
             ShardOptions{config.remote_shards, config.shard_timeout_ms}),
        limiter({config.rate_limit, config.rate_burst, config.rate_limit_loopback}) {
    if (config.access_log == "-") {
      log_fd = STDERR_FILENO;
    } else if (config.access_log != "off") {
      log_fd = ::open(config.access_log.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
      if (log_fd < 0)
        throw Error(ErrorCode::io_error, "cannot open access log " + config.access_log);
      own_log_fd = true;
    }
    configure();
    routes();
    if (!config.stats_file.empty())
      stats_file = std::make_unique<http::StatsFile>(config.stats_file, stats);
    pool.prime();
  }

  ~Impl() {
    if (own_log_fd) ::close(log_fd);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // Runs a handler, turning every error into the JSON error body with its status.
  template <typename Handler>
  httplib::Server::Handler guarded(Handler handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      try {
        try {
          handler(req, res);
        } catch (const Error& e) {
          if (e.code() != ErrorCode::shard_unavailable) throw;
          // This thread's connection to a shard failed: the shard may have restarted
          // since the connection was made. Connect anew once before answering 503.
          pool.forget_thread_index();
          handler(req, res);  // handlers set the body last: nothing of the first try is left
        }
      } catch (const ApiError& e) {
        send_error(res, e.code(), e.what());
      } catch (const Error& e) {
        if (e.code() == ErrorCode::shard_unavailable) pool.forget_thread_index();
        send_error(res, api::code_of(e.code()), client_message(req, e));
      } catch (const std::exception& e) {
        log_internal(req, e.what());
        send_error(res, Code::internal, "internal error; it has been logged");
      }
    };
  }

  // What a client is told of a core error. Index and file errors carry server paths and
  // library messages: those go to the log, the client gets what to do.
  std::string client_message(const httplib::Request& req, const Error& e) {
    switch (e.code()) {
      case ErrorCode::index_not_found:
      case ErrorCode::index_error:
        log_internal(req, e.what());
        return "the index cannot be read; rebuild it with kb-index (the server log says why)";
      case ErrorCode::shard_unavailable:
        log_internal(req, e.what());
        return "a shard of the index does not answer; /readyz names it (the server log says "
               "more)";
      case ErrorCode::io_error:
      case ErrorCode::ingest_error:
      case ErrorCode::internal:
        log_internal(req, e.what());
        return "internal error; it has been logged";
      default:
        return e.what();
    }
  }

  void log_internal(const httplib::Request& req, const std::string& what) {
    std::lock_guard lock(log_mutex);
    std::cerr << "kb-searchd: internal error on " << req.method << " " << req.path << ": " << what
              << "\n";
  }

  bool origin_allowed(const std::string& origin) const {
    for (const auto& o : config.cors_origins)
      if (o == "*" || o == origin) return true;
    return false;
  }

  void configure() {
    server.set_payload_max_length(64 * 1024);
    server.on_request_start = [](const std::string& client, Clock::time_point arrived) {
      request_arrived = arrived;
      request_started = Clock::now();
      request_timed = true;
      request_client = client;
    };
    // Every answer, also those httplib or the front give before routing (a malformed
    // request line, an overlong head), carries the security headers and a JSON body.
    server.error_body = api::error_body;
    server.refusal_headers = {{"X-Content-Type-Options", "nosniff"}, {"Vary", "Origin"}};
    server.after_routing = [](const httplib::Request& req, httplib::Response& res) {
      if (!res.has_header("X-Content-Type-Options"))
        res.set_header("X-Content-Type-Options", "nosniff");
      if (!res.has_header("Vary")) res.set_header("Vary", "Origin");
      // httplib advertises byte ranges on HEAD; the front drops Range headers.
      if (req.method == "HEAD") {
        res.headers.erase("Accept-Ranges");
        res.set_header("Accept-Ranges", "none");
      }
    };
    server.on_refused = [this](const std::string& client, int status) {
      metrics.record("malformed", status, 0.0);
      write_access_log("", "", status, 0.0, client);
    };

    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      // Refusals that cost nothing come first: the client over its rate, and the request
      // that waited out its deadline in the queue (answering it late helps no one).
      auto client = req.remote_addr.empty() ? request_client : req.remote_addr;
      if (auto wait = limiter.take(client)) {
        char rate[32];
        std::snprintf(rate, sizeof rate, "%g", config.rate_limit);
        send_retry_later(res, Code::rate_limited,
                         std::string("too many requests from this address (the limit is ") + rate +
                             " a second); retry after Retry-After seconds",
                         *wait);
        return httplib::Server::HandlerResponse::Handled;
      }
      if (config.request_deadline_ms > 0 &&
          Clock::now() - request_arrived > std::chrono::milliseconds(config.request_deadline_ms)) {
        send_retry_later(res, Code::overloaded,
                         "the server is overloaded: the request waited longer than " +
                             std::to_string(config.request_deadline_ms) + " ms for a worker",
                         1.0);
        return httplib::Server::HandlerResponse::Handled;
      }
      // The API takes no request bodies. httplib 0.11 would read a chunked body past
      // its size limit, so refuse any body before it is read, and close the
      // connection so the unread bytes are never parsed as a request.
      bool chunked = req.has_header("Transfer-Encoding");
      auto length = req.get_header_value("Content-Length");
      bool body = !length.empty() && length.find_first_not_of("0") != std::string::npos;
      if (chunked || body) {
        res.set_header("Connection", "close");
        if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS")
          send_error(res, Code::payload_too_large, "this API takes no request body");
        else {
          res.set_header("Allow", "GET, HEAD, OPTIONS");
          send_error(res, Code::method_not_allowed, req.method + " is not allowed here; use GET");
        }
        return httplib::Server::HandlerResponse::Handled;
      }
      // httplib 0.11 does not bound the number of headers.
      if (req.headers.size() > kMaxHeaders) {
        res.set_header("Connection", "close");
        send_error(res, Code::too_many_headers,
                   "more than " + std::to_string(kMaxHeaders) + " request headers");
        return httplib::Server::HandlerResponse::Handled;
      }
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Vary", "Origin");  // responses differ by origin, allowed or not
      auto origin = req.get_header_value("Origin");
      if (origin.empty()) {
        if (req.method == "OPTIONS") {
          res.status = 204;
          res.set_header("Allow", "GET, HEAD, OPTIONS");
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      }
      bool allowed = origin_allowed(origin);
      if (allowed)
        res.set_header(
            "Access-Control-Allow-Origin",
            config.cors_origins.size() == 1 && config.cors_origins[0] == "*" ? "*" : origin);
      if (req.method == "OPTIONS") {
        if (!allowed) {
          send_error(res, Code::origin_not_allowed,
                     "origin " + origin.substr(0, 200) + " may not use this API");
          return httplib::Server::HandlerResponse::Handled;
        }
        res.status = 204;
        res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        res.set_header("Access-Control-Allow-Headers", "Content-Type");
        res.set_header("Access-Control-Max-Age", "600");
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });

    // Routing failures (and statuses set without a body) get a JSON error.
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                     httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      if (res.status == 404)
        send_error(res, Code::route_not_found,
                   "no such endpoint: " + req.path.substr(0, 200) + " (see /api/v1/openapi.json)");
      else if (res.status == 413)
        send_error(res, Code::payload_too_large, "request body too large");
      else if (res.status == 414)
        send_error(res, Code::uri_too_long, "request line too long (the limit is 8 KiB)");
      else if (res.status == 400 && !req.method.empty() && req.method != "GET" &&
               req.method != "HEAD" && req.method != "OPTIONS") {
        // httplib refuses a body-less POST before routing; it is still a wrong method.
        res.set_header("Allow", "GET, HEAD, OPTIONS");
        send_error(res, Code::method_not_allowed, req.method + " is not allowed here; use GET");
      } else if (res.status == 400)
        send_error(res, Code::invalid_argument, "malformed request");
      else
        send_error(res, Code::internal, "request failed");
      return httplib::Server::HandlerResponse::Handled;
    }));

    // Last resort: an exception that escaped a handler. Its text never goes to the client.
    server.set_exception_handler(
        [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
          try {
            if (ep) std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            log_internal(req, e.what());
          } catch (...) {
            log_internal(req, "unknown exception");
          }
          send_error(res, Code::internal, "internal error; it has been logged");
        });

    server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      double seconds = request_timed
                           ? std::chrono::duration<double>(Clock::now() - request_started).count()
                           : 0.0;
      request_timed = false;
      metrics.record(route_of(req.path), res.status, seconds);
      write_access_log(req.method, req.path, res.status, seconds,
                       req.remote_addr.empty() ? request_client : req.remote_addr);
    });

    if (!config.ui_dir.empty()) {
      if (!std::filesystem::is_directory(config.ui_dir))
        throw Error(ErrorCode::invalid_argument, "ui folder " + config.ui_dir + " does not exist");
      ui = std::make_unique<http::StaticFiles>(config.ui_dir, config.frame_ancestors);
    }
  }

  void write_access_log(const std::string& method, const std::string& path, int status,
                        double seconds, const std::string& client) {
    if (log_fd < 0) return;
    json line = {
        {"time", iso_time_now()},          {"method", method}, {"path", path}, {"status", status},
        {"duration_ms", seconds * 1000.0}, {"client", client}};
    auto text = line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    for (std::size_t sent = 0; sent < text.size();) {
      auto n = ::write(log_fd, text.data() + sent, text.size() - sent);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // a full disk loses log lines, never requests
      sent += static_cast<std::size_t>(n);
    }
  }

  api::RequestLimits request_limits() const {
    return {config.max_query_length, config.max_per_page};
  }

  // A search answers 503 search_timeout past this (search-budget-ms). Taken once the
  // thread's index is open: opening it is not the search's work.
  // It never runs past the request's own deadline (request-deadline-ms from arrival).
  Clock::time_point search_deadline() const {
    auto budget = Clock::now() + std::chrono::milliseconds(config.search_budget_ms);
    if (config.request_deadline_ms <= 0) return budget;
    return std::min(budget,
                    request_arrived + std::chrono::milliseconds(config.request_deadline_ms));
  }

  void get_search(const httplib::Request& req, httplib::Response& res) {
    auto started = Clock::now();
    QueryParams p(req.params, api::search_parameter_names());
    auto request = api::search_request(p, request_limits());
    bool grouped = api::grouped_by_message(p);
    const auto& index = pool.current();
    request.deadline = search_deadline();
    auto result = index.search(request);
    api::check_page_in_range(p, request, result);
    auto body = api::search_json(result, request, grouped);
    body["took_ms"] = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    if (req.method == "GET") record_search(request, result);  // HEAD: a probe, not a search
    send_json(res, body);
  }

  // A submitted search counts; one sent while typing (partial=true) or without words
  // does not (SearchStats skips a blank query).
  void record_search(const SearchRequest& request, const SearchResult& result) {
    if (request.partial) return;
    std::vector<std::string> shown;
    shown.reserve(result.hits.size());
    for (const auto& h : result.hits) shown.push_back(h.view.unit.id);
    if (stats.record_search(request.query, result.total, shown, iso_utc_now()))
      metrics.record_search(result.total == 0);
  }

  void get_unit(const httplib::Request& req, httplib::Response& res) {
    QueryParams p(req.params, api::unit_parameter_names());
    auto marking = api::unit_marking_request(p, request_limits());
    if (marking) marking->deadline = search_deadline();
    auto id = req.matches[1].str();
    auto detail = api::unit_detail(pool.current(), id, marking);
    if (!detail) throw ApiError(Code::not_found, "no unit with id \"" + id.substr(0, 200) + "\"");
    auto body = api::to_json(*detail);
    if (req.method == "GET") stats.record_open(id);
    send_json(res, body);
  }

  // The operator's view of the statistics: loopback clients, or the admin token.
  void get_stats(const httplib::Request& req, httplib::Response& res) {
    // For tools, not pages: no browser origin may read it, whatever cors-origins allows.
    res.headers.erase("Access-Control-Allow-Origin");
    auto client = req.remote_addr.empty() ? request_client : req.remote_addr;
    switch (http::admin_access(client, config.admin_token, req.get_header_value("Authorization"))) {
      case http::AdminAccess::allow:
        break;
      case http::AdminAccess::unauthorized:
        res.set_header("WWW-Authenticate", "Bearer realm=\"kb-searchd\"");
        throw ApiError(Code::unauthorized,
                       "this endpoint needs the admin token: send Authorization: Bearer <token>");
      case http::AdminAccess::forbidden:
        throw ApiError(Code::forbidden,
                       config.admin_token.empty()
                           ? "this endpoint answers loopback clients only (or configure "
                             "admin-token and send it as Authorization: Bearer <token>)"
                           : "the admin token sent is not the configured one");
    }
    QueryParams p(req.params, {"limit"});
    auto limit = p.number("limit", 1, 100).value_or(20);
    auto body = stats.report(static_cast<std::size_t>(limit));
    body["persisted"] = stats_file != nullptr;
    res.set_header("Cache-Control", "no-store");
    send_json(res, body);
  }

  void get_source(const httplib::Request& req, httplib::Response& res) {
    QueryParams p(req.params, {"unit"});
    std::optional<std::string> unit;
    if (p.has("unit")) unit = p.get("unit");
    send_json(res, api::source_text_json(pool.current(), req.matches[1].str(), unit));
  }

  void get_messages(const httplib::Request& req, httplib::Response& res) {
    QueryParams p(req.params, {});
    const auto& index = pool.current();
    send_json(res, api::messages_json(index.messages(), index.audience_guidance()));
  }

  void get_message(const httplib::Request& req, httplib::Response& res) {
    QueryParams p(req.params, {});
    auto id = req.matches[1].str();
    const auto& index = pool.current();
    auto view = index.unit(id);
    if (!view || view->unit.kind != kb::kind::message)
      throw ApiError(Code::not_found, "no message with id \"" + id.substr(0, 200) + "\"");
    send_json(res, api::to_json(kb::MessageOutline{*view, index.proof_points(id)}));
  }

  std::shared_ptr<const OfflineData> offline_data() {
    const auto& index = pool.current();
    auto generation = std::filesystem::path(index.generation()).filename().string();
    std::lock_guard lock(offline_mutex);  // one export at a time; the rest wait for it
    if (!offline || offline->generation != generation)
      offline = std::make_shared<OfflineData>(OfflineData{generation, api::offline_data(index)});
    return offline;
  }

  // GET /offline/manifest.json: the generation and the files the service worker caches.
  void get_offline_manifest(const httplib::Request& req, httplib::Response& res) {
    QueryParams p(req.params, {});
    auto data = offline_data();
    json files = json::array();
    for (const auto& f : data->files) files.push_back("offline/" + f.name);
    res.set_header("Cache-Control", "no-cache");
    send_json(res, {{"generation", data->generation}, {"files", files}});
  }

  // GET /offline/{file}: one data file of the offline engine (ui/offline.js).
  void get_offline_file(const httplib::Request& req, httplib::Response& res) {
    QueryParams p(req.params, {});
    auto data = offline_data();
    auto name = req.matches[1].str();
    for (const auto& f : data->files)
      if (f.name == name) {
        res.set_header("Cache-Control", "no-cache");
        res.set_header("ETag", "\"" + data->generation + "\"");
        res.set_content(f.content, "text/javascript; charset=utf-8");
        return;
      }
    throw ApiError(Code::route_not_found, "no offline data file " + name.substr(0, 200));
  }

  void get_facets(const httplib::Request& req, httplib::Response& res) {
    QueryParams p(req.params, {});
    const auto& index = pool.current();
    kb::SearchRequest all;
    all.limit = 0;
    all.deadline = search_deadline();
    send_json(res, api::facets_json(index, index.search(all)));
  }

  void get_suggest(const httplib::Request& req, httplib::Response& res) {
    QueryParams p(req.params, api::suggest_parameter_names());
    auto s = api::suggest_request(p, request_limits());
    const auto& index = pool.current();
    send_json(res, api::suggest_json(s.query, index.suggest(s.query, s.limit, search_deadline())));
  }

  void get_brief(const httplib::Request& req, httplib::Response& res) {
    QueryParams p(req.params, api::brief_parameter_names());
    auto request = api::brief_request(p, request_limits());
    request.deadline = search_deadline();
    send_json(res, api::to_json(kb::make_brief(pool.current(), request)));
  }

  // The generation that cannot be opened, if the published one is such, for /readyz.
  json bad_generation_detail(const http::IndexPool::Health& health) const {
    if (health.bad_generation.empty()) return nullptr;
    return {{"generation", health.bad_generation},
            {"message", "the published generation " + health.bad_generation + " cannot be opened" +
                            (health.serving.empty() ? std::string()
                                                    : "; serving " + health.serving + " instead") +
                            "; rebuild the index with kb-index (the server log says why)"}};
  }

  // Spelling works without the English dictionaries, but then corrects words that are
  // real English yet absent from the corpus: /readyz says which are loaded.
  static json dictionaries_json() {
    auto d = kb::dictionary_status();
    return {{"available", d.available}, {"languages", d.languages}};  // no server path
  }

  // The shards of the published generation, each asked whether it answers (a sharded
  // index only), for /readyz and /metrics.
  std::vector<ShardStatus> published_shards(const kb::Index* serving) const {
    try {
      if (serving) return serving->shards();
      return kb::probe_shards(kb::resolve_published_generation(pool.index_dir()),
                              pool.shard_options());
    } catch (const Error&) {
      return {};  // nothing published, or a stub that cannot be read: said elsewhere
    }
  }

  static json shards_json(const std::vector<ShardStatus>& shards) {
    json out = json::array();
    for (const auto& s : shards) {
      json one = {{"name", s.name}, {"remote", s.remote}, {"up", s.up}};
      if (s.remote) one["where"] = s.where;  // host:port, never a server path
      // Xapian's message names paths and addresses: the log has it, the client a summary.
      if (!s.up)
        one["problem"] = s.problem.rfind("serves another", 0) == 0
                             ? "serves another generation's shard"
                             : "does not answer (the server log says why)";
      out.push_back(std::move(one));
    }
    return out;
  }

  void log_shards_down(const std::vector<ShardStatus>& shards) {
    std::lock_guard lock(log_mutex);
    for (const auto& s : shards)
      if (!s.up)
        std::cerr << "kb-searchd: shard " << s.name << " at " << s.where << ": " << s.problem
                  << "\n";
  }

  static bool all_up(const std::vector<ShardStatus>& shards) {
    return std::all_of(shards.begin(), shards.end(), [](const auto& s) { return s.up; });
  }

  void get_readyz(const httplib::Request&, httplib::Response& res) {
    try {
      const auto& index = pool.current();
      json body = {{"status", "ready"},
                   {"generation", std::filesystem::path(index.generation()).filename().string()},
                   {"units", index.unit_count()},
                   {"dictionaries", dictionaries_json()}};
      if (auto bad = bad_generation_detail(pool.health()); !bad.is_null())
        body["bad_generation"] = bad;
      auto shards = published_shards(&index);
      if (!shards.empty()) body["shards"] = shards_json(shards);
      if (!all_up(shards)) {
        log_shards_down(shards);
        // A search would fail: a balancer must send it to another kb-searchd.
        pool.forget_thread_index();
        body["status"] = "not ready";
        body["error"] = api::error_json(Code::shard_unavailable,
                                        "a shard of the index does not answer")["error"];
        send_json(res, body, 503);
        return;
      }
      send_json(res, body);
    } catch (const ApiError& e) {
      auto body = api::error_json(e.code(), e.what());
      body["status"] = "not ready";
      if (auto bad = bad_generation_detail(pool.health()); !bad.is_null())
        body["bad_generation"] = bad;
      send_json(res, body, 503);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::shard_unavailable) throw;
      pool.forget_thread_index();
      auto body = api::error_json(Code::shard_unavailable, "a shard of the index does not answer");
      body["status"] = "not ready";
      auto shards = published_shards(nullptr);
      log_shards_down(shards);
      body["shards"] = shards_json(shards);
      send_json(res, body, 503);
    }
  }

  void get_metrics(const httplib::Request&, httplib::Response& res) {
    std::string extra;
    try {
      const auto& index = pool.current();
      auto generation = std::filesystem::path(index.generation()).filename().string();
      extra =
          "# HELP kb_index_units Units in the index being served.\n# TYPE kb_index_units gauge\n"
          "kb_index_units " +
          std::to_string(index.unit_count()) +
          "\n"
          "# HELP kb_index_generation_info The index generation being served.\n# TYPE "
          "kb_index_generation_info gauge\n"
          "kb_index_generation_info{generation=\"" +
          generation + "\"} 1\n";
    } catch (const std::exception&) {  // nothing servable, or a shard down (below)
      extra =
          "# HELP kb_index_units Units in the index being served.\n# TYPE kb_index_units "
          "gauge\nkb_index_units 0\n";
    }
    std::vector<ShardStatus> shards;
    try {
      shards = published_shards(&pool.current());
    } catch (const std::exception&) {
      shards = published_shards(nullptr);
    }
    if (!shards.empty()) {
      extra +=
          "# HELP kb_shard_up 1 when the shard answers and serves this generation's shard, "
          "else 0.\n# TYPE kb_shard_up gauge\n";
      for (const auto& shard : shards)
        extra += "kb_shard_up{shard=\"" + shard.name + "\",remote=\"" +
                 (shard.remote ? "true" : "false") + "\"} " + (shard.up ? "1" : "0") + "\n";
    }
    auto health = pool.health();
    extra +=
        "# HELP kb_index_published_generation_ok 1 when the published generation is the one "
        "served, 0 when it "
        "cannot be opened.\n# TYPE kb_index_published_generation_ok gauge\n"
        "kb_index_published_generation_ok " +
        std::string(health.bad_generation.empty() ? "1" : "0") + "\n";
    if (!health.bad_generation.empty())
      extra +=
          "# HELP kb_index_bad_generation_info The published generation that cannot be opened.\n"
          "# TYPE kb_index_bad_generation_info gauge\n"
          "kb_index_bad_generation_info{generation=\"" +
          health.bad_generation + "\"} 1\n";
    res.set_content(metrics.render(extra), "text/plain; version=0.0.4; charset=utf-8");
  }

  void routes() {
    server.Get("/api/v1/search", guarded([this](auto& req, auto& res) { get_search(req, res); }));
    server.Get(R"(/api/v1/units/(.+))",
               guarded([this](auto& req, auto& res) { get_unit(req, res); }));
    server.Get(R"(/api/v1/sources/(.+))",
               guarded([this](auto& req, auto& res) { get_source(req, res); }));
    server.Get("/api/v1/messages",
               guarded([this](auto& req, auto& res) { get_messages(req, res); }));
    server.Get(R"(/api/v1/messages/(.+))",
               guarded([this](auto& req, auto& res) { get_message(req, res); }));
    server.Get("/api/v1/facets", guarded([this](auto& req, auto& res) { get_facets(req, res); }));
    server.Get("/api/v1/suggest", guarded([this](auto& req, auto& res) { get_suggest(req, res); }));
    server.Get("/api/v1/brief", guarded([this](auto& req, auto& res) { get_brief(req, res); }));
    server.Get("/offline/manifest.json",
               guarded([this](auto& req, auto& res) { get_offline_manifest(req, res); }));
    server.Get(R"(/offline/([a-z0-9-]+\.js))",
               guarded([this](auto& req, auto& res) { get_offline_file(req, res); }));
    server.Get("/api/v1/openapi.json", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(openapi_json(), "application/json; charset=utf-8");
    });
    server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
      send_json(res, {{"status", "ok"}});
    });
    server.Get("/readyz", guarded([this](auto& req, auto& res) { get_readyz(req, res); }));
    server.Get("/metrics", guarded([this](auto& req, auto& res) { get_metrics(req, res); }));
    server.Get("/api/v1/stats", guarded([this](auto& req, auto& res) { get_stats(req, res); }));

    // Known paths with another method: 405 with the methods that are allowed.
    auto not_allowed = [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", "GET, HEAD, OPTIONS");
      send_error(res, Code::method_not_allowed, req.method + " is not allowed here; use GET");
    };
    for (const char* pattern : {R"(/.*)"}) {
      server.Post(pattern, not_allowed);
      server.Put(pattern, not_allowed);
      server.Patch(pattern, not_allowed);
      server.Delete(pattern, not_allowed);
    }

    // Everything else: the UI's files, if configured (registered last: API routes win).
    server.Get(R"(/.*)", guarded([this](const httplib::Request& req, httplib::Response& res) {
                 if (req.path.rfind("/api/", 0) != 0 && ui && ui->serve(req, res)) return;
                 throw ApiError(Code::route_not_found,
                                "no such endpoint or file: " + req.path.substr(0, 200) +
                                    " (the API is described at /api/v1/openapi.json)");
               }));
  }
};

SearchServer::SearchServer(DaemonConfig config)
    : impl_(std::make_unique<Impl>(std::move(config))) {}
SearchServer::~SearchServer() {
  // The last counts reach the stats file even when stop() was never called.
  if (impl_->stats_file) impl_->stats_file->stop();
}

int SearchServer::bind() {
  auto& c = impl_->config;
  int port = impl_->server.open_listener(c.bind, c.port);
  if (port < 0)
    throw Error(ErrorCode::io_error, "cannot listen on " + c.bind + ":" + std::to_string(c.port) +
                                         " (address in use or not available)");
  return port;
}

void SearchServer::run() {
  impl_->run_called = true;
  if (!impl_->stopping) impl_->server.serve();
  impl_->run_finished = true;
}

void SearchServer::stop() {
  // A stop that comes between bind() and run() (a quick SIGTERM) must not be lost:
  // run() checks `stopping` before serving, and the front sees its own stop flag.
  impl_->stopping = true;
  impl_->server.request_stop();
  if (impl_->run_called)
    while (!impl_->run_finished) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // Requests have been answered: write what they counted.
  if (impl_->stats_file) impl_->stats_file->flush();
}

}  // namespace kb
