// kb-searchd: serves the kb index over HTTP (JSON API, widget and search page).
// Exit codes: 0 after a clean shutdown (SIGTERM/SIGINT), 1 runtime error, 2 usage error.
#include <pthread.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "kb/api/errors.h"
#include "kb/daemon_config.h"
#include "kb/error.h"
#include "kb/index_folder.h"
#include "kb/installation.h"
#include "kb/search_server.h"

int main(int argc, char** argv) {
  CLI::App app{
      "kb-searchd: the kb search daemon.\n\n"
      "Serves the index published by kb-index as a JSON API (/api/v1/search, /api/v1/units/{id},\n"
      "/api/v1/sources/{id}, /api/v1/messages, /api/v1/facets, /api/v1/suggest, /api/v1/brief;\n"
      "/api/v1/openapi.json describes them), search statistics for operators (/api/v1/stats),\n"
      "health and metrics endpoints (/healthz, /readyz, /metrics) and the widget and search\n"
      "page at / (from share/kb/ui beside the program, e.g. /usr/share/kb/ui; --ui overrides,\n"
      "--no-ui serves the API only). A newly published index is picked up without a restart.\n"
      "SIGTERM or SIGINT finish the requests in flight and exit 0.\n\n"
      "Settings come from defaults < config file < KB_* environment variables < flags.",
      "kb-searchd"};
  std::string config_file;
  std::string bind, port, threads, index, max_query, max_per_page, timeout, header_timeout,
      keep_alive_timeout, ui, access_log, frame_ancestors, stats_file, admin_token;
  std::string search_budget, request_deadline, rate_limit, rate_burst, rate_limit_loopback;
  std::vector<std::string> origins, remote_shards;
  std::string shard_timeout;
  app.add_option("--config", config_file, "Config file of `key = value` lines (also $KB_CONFIG)");
  app.add_option("--bind", bind, "Address to listen on (default 127.0.0.1; $KB_BIND)");
  app.add_option("--port", port, "Port; 0 picks a free one and prints it (default 8080; $KB_PORT)");
  app.add_option("--threads", threads,
                 "Worker threads, each with its own index handle (default 16; $KB_THREADS)");
  app.add_option(
      "--index", index,
      "Index folder published by kb-index (default $KB_INDEX or ~/.local/share/kb/index)");
  app.add_option("--cors-origin", origins,
                 "Origin allowed to call the API from a browser, e.g. https://example.org; "
                 "repeatable; * allows all "
                 "($KB_CORS_ORIGINS, comma-separated)")
      ->allow_extra_args(false)
      ->type_size(1);
  app.add_option("--max-query-length", max_query, "Longest accepted q, in bytes (default 512)");
  app.add_option("--max-per-page", max_per_page, "Largest per_page/limit (default 100)");
  app.add_option("--request-timeout", timeout,
                 "Seconds allowed to write a response (default 10; $KB_REQUEST_TIMEOUT)");
  app.add_option("--header-timeout", header_timeout,
                 "Seconds a request (line and headers) has to arrive whole, else its connection is "
                 "closed (default 5; "
                 "$KB_HEADER_TIMEOUT)");
  app.add_option(
      "--keep-alive-timeout", keep_alive_timeout,
      "Seconds an idle keep-alive connection stays open (default 5; $KB_KEEP_ALIVE_TIMEOUT)");
  app.add_option(
      "--search-budget-ms", search_budget,
      "Milliseconds a search may take before it is answered 503 search_timeout (default 2000; "
      "$KB_SEARCH_BUDGET_MS)");
  app.add_option("--request-deadline-ms", request_deadline,
                 "Milliseconds from a request's arrival to its answer: one that waited this long "
                 "for a worker is answered 503 overloaded (default 5000; 0 none; "
                 "$KB_REQUEST_DEADLINE_MS)");
  app.add_option("--rate-limit", rate_limit,
                 "Requests per second each client address may send after its burst; more get "
                 "429 with Retry-After (default 20; 0 no limit; $KB_RATE_LIMIT)");
  app.add_option("--rate-burst", rate_burst,
                 "Requests a client address may send at once (default 60; $KB_RATE_BURST)");
  app.add_option("--rate-limit-loopback", rate_limit_loopback,
                 "true: limit loopback clients too (default false: a proxy on this machine "
                 "limits per real client; $KB_RATE_LIMIT_LOOPBACK)");
  bool no_ui = false;
  app.add_option("--ui", ui,
                 "Folder with the widget and search page to serve at / (default: share/kb/ui "
                 "beside the program; off serves none; $KB_UI_DIR)");
  app.add_flag("--no-ui", no_ui, "Serve the API only: no search page or widget (ui = off)")
      ->excludes("--ui");
  app.set_version_flag("--version", "kb-searchd " + kb::version());
  app.add_option("--access-log", access_log,
                 "Access log: - for stderr (default), off, or a file ($KB_ACCESS_LOG)");
  app.add_option(
      "--frame-ancestors", frame_ancestors,
      "Who may frame the search page: a CSP source list (default 'none'; $KB_FRAME_ANCESTORS)");
  app.add_option("--stats-file", stats_file,
                 "File to keep the search statistics of /api/v1/stats in across restarts "
                 "(default: none, in memory only; $KB_STATS_FILE)");
  app.add_option("--admin-token", admin_token,
                 "Token that /api/v1/stats then requires from every client as `Authorization: "
                 "Bearer TOKEN` (default: none, loopback clients only; prefer $KB_ADMIN_TOKEN "
                 "or the config file: flags are visible in ps)");
  app.add_option("--remote-shard", remote_shards,
                 "NAME=HOST:PORT: serve shard NAME (shard-0, shard-1, ... as kb-index --shards "
                 "named it) from xapian-tcpsrv at HOST:PORT instead of the generation folder; "
                 "repeat for each remote shard ($KB_REMOTE_SHARDS, comma-separated)");
  app.add_option("--shard-timeout-ms", shard_timeout,
                 "Milliseconds to connect to a remote shard and for each exchange with it; a "
                 "slower or dead shard makes searches answer 503 shard_unavailable (default "
                 "5000)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kb::api::exit_usage;
  }

  kb::DaemonConfig config;
  try {
    auto env = kb::process_environment();
    if (config_file.empty())
      if (auto it = env.find("KB_CONFIG"); it != env.end()) config_file = it->second;
    if (!config_file.empty()) config.load_file(config_file);
    config.load_environment(env);
    const std::pair<const char*, std::string*> flags[] = {
        {"bind", &bind},
        {"port", &port},
        {"threads", &threads},
        {"index", &index},
        {"max-query-length", &max_query},
        {"max-per-page", &max_per_page},
        {"request-timeout", &timeout},
        {"header-timeout", &header_timeout},
        {"keep-alive-timeout", &keep_alive_timeout},
        {"ui", &ui},
        {"access-log", &access_log},
        {"frame-ancestors", &frame_ancestors},
        {"search-budget-ms", &search_budget},
        {"request-deadline-ms", &request_deadline},
        {"rate-limit", &rate_limit},
        {"rate-burst", &rate_burst},
        {"rate-limit-loopback", &rate_limit_loopback},
        {"stats-file", &stats_file},
        {"admin-token", &admin_token},
        {"shard-timeout-ms", &shard_timeout}};
    for (const auto& [key, value] : flags)
      if (!value->empty()) config.set(key, *value, std::string("--") + key);
    if (no_ui) config.set("ui", "off", "--no-ui");
    if (config.ui_dir.empty() && !config.ui_off)
      if (auto shipped = kb::shipped_data_dir("ui")) config.ui_dir = shipped->string();
    if (!config.ui_dir.empty() && !std::filesystem::is_directory(config.ui_dir))
      throw kb::Error(kb::ErrorCode::invalid_argument,
                      "ui folder " + config.ui_dir + " is not a folder");
    if (!origins.empty()) {
      std::string joined;
      for (const auto& o : origins) joined += (joined.empty() ? "" : ",") + o;
      config.set("cors-origins", joined, "--cors-origin");
    }
    if (!remote_shards.empty()) {
      std::string joined;
      for (const auto& r : remote_shards) joined += (joined.empty() ? "" : ",") + r;
      config.set("remote-shards", joined, "--remote-shard");
    }
    if (config.index_dir.empty()) config.index_dir = kb::default_index_dir();
  } catch (const kb::Error& e) {
    std::cerr << "kb-searchd: " << e.what() << "\n";
    return kb::api::exit_code(e.code());  // a bad setting is invalid_argument: 2
  }

  // Idle and slow connections cost a descriptor each but no thread: allow as many as the
  // hard limit lets us (the soft limit is often 1024).
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }

  // Signals are taken by one thread with sigwait, so stop() never runs in a handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    kb::SearchServer server(config);
    int bound_port = server.bind();
    std::cout << "kb-searchd: listening on http://" << config.bind << ":" << bound_port
              << " (index " << config.index_dir << "; "
              << (config.ui_dir.empty() ? std::string("no UI") : "UI " + config.ui_dir) << ")"
              << std::endl;
    std::atomic<bool> ended_alone{false};
    std::thread waiter([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      if (ended_alone) return;
      std::cerr << "kb-searchd: " << (sig == SIGTERM ? "SIGTERM" : "SIGINT")
                << ": finishing requests in flight, then exiting\n";
      server.stop();
    });
    server.run();
    // run() can also end on its own (listen failure): release the waiter then.
    ended_alone = true;
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    std::cerr << "kb-searchd: stopped\n";
    return 0;
  } catch (const kb::Error& e) {
    std::cerr << "kb-searchd: " << e.what() << "\n";
    // The settings passed the checks above: what fails now is the run itself (a port in
    // use, an unwritable log, the --ui folder gone since), whatever its code.
    return kb::api::exit_failure;
  }
}
