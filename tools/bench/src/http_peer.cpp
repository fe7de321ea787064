// kb-bench-http-peer: the peers kb-searchd is measured against in scripts/bench/http.
//
//   fixed   a bare cpp-httplib server answering every GET with one fixed JSON body: the
//           ceiling of the HTTP layer on this machine;
//   xapian  the same server answering /api/v1/search?q= with raw Xapian on a kb index's
//           generation (QueryParser, get_mset top 10, a snippet per hit) as JSON;
//   omega   a CGI host for Xapian's Omega (/usr/lib/cgi-bin/omega/omega): every request
//           forks and runs it with QUERY_STRING set, as a web server's CGI module does.
//
// All three use httplib's own thread-per-connection model with --threads workers (the
// bench gives them one per connection, so that they are not starved by keep-alive).
// Prints "listening on http://127.0.0.1:PORT" like kb-searchd.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "httplib.h"
#include "kb/search.h"
#include "raw_xapian.h"

extern char** environ;

namespace {

const char* const kFixedBody =
    R"({"query":"fixed","total":1,"hits":[{"id":"fixed/1","title":"A fixed answer","score":1.0}]})";

// Runs the CGI program with the request's query string; returns its body and status.
void run_cgi(const std::string& program, const std::string& config, const httplib::Request& req,
             httplib::Response& res) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    res.status = 500;
    return;
  }
  std::string query;
  for (const auto& [key, value] : req.params)
    query += (query.empty() ? "" : "&") + httplib::detail::encode_query_param(key) + "=" +
             httplib::detail::encode_query_param(value);
  std::vector<std::string> env = {"GATEWAY_INTERFACE=CGI/1.1", "REQUEST_METHOD=GET",
                                  "SERVER_PROTOCOL=HTTP/1.1",  "SCRIPT_NAME=/omega",
                                  "QUERY_STRING=" + query,     "OMEGA_CONFIG_FILE=" + config};
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  std::string path = program;
  char* argv[] = {path.data(), nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, path.c_str(), &actions, nullptr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  std::string output;
  char buf[65536];
  for (ssize_t n; rc == 0 && (n = ::read(out[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    output.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  int status = 0;
  if (rc == 0) ::waitpid(pid, &status, 0);
  auto end = output.find("\r\n\r\n");
  std::size_t skip = 4;
  if (end == std::string::npos) {
    end = output.find("\n\n");
    skip = 2;
  }
  if (rc != 0 || end == std::string::npos || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    res.status = 502;
    res.set_content("CGI failed", "text/plain");
    return;
  }
  res.status = 200;
  res.set_content(output.substr(end + skip), "text/html; charset=utf-8");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "kb-bench-http-peer: the bare servers kb-searchd is measured against "
      "(scripts/bench/http).\n\n"
      "  kb-bench-http-peer fixed --port 0\n"
      "  kb-bench-http-peer xapian --index /tmp/index --port 0\n"
      "  kb-bench-http-peer omega --omega-config /tmp/omega.conf --port 0\n"};
  std::string mode, index_dir, omega_config;
  std::string omega_program = "/usr/lib/cgi-bin/omega/omega";
  int port = 0;
  std::size_t threads = 8;
  app.add_option("mode", mode, "fixed, xapian or omega")
      ->required()
      ->check(CLI::IsMember({"fixed", "xapian", "omega"}));
  app.add_option("--port", port, "Port on 127.0.0.1; 0 picks a free one")->default_val(0);
  app.add_option("--threads", threads, "httplib worker threads")->default_val(8);
  app.add_option("--index", index_dir, "A published kb index (xapian)");
  app.add_option("--omega-config", omega_config, "omega.conf for the CGI (omega)");
  app.add_option("--omega", omega_program, "The Omega CGI program (omega)")
      ->default_val(omega_program);
  CLI11_PARSE(app, argc, argv);
  std::signal(SIGPIPE, SIG_IGN);

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(1000);
  server.set_tcp_nodelay(true);  // as kb-searchd: no Nagle delay on small answers
  std::string generation;
  if (mode == "fixed") {
    server.Get(".*", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kFixedBody, "application/json");
    });
  } else if (mode == "xapian") {
    if (index_dir.empty()) {
      std::cerr << "kb-bench-http-peer: xapian needs --index DIR\n";
      return 2;
    }
    try {
      generation = kb::Index(index_dir).generation();
    } catch (const std::exception& e) {
      std::cerr << "kb-bench-http-peer: " << e.what() << "\n";
      return 1;
    }
    server.Get(
        "/api/v1/search", [&generation](const httplib::Request& req, httplib::Response& res) {
          thread_local std::unique_ptr<kb::bench::RawXapian> raw;
          if (!raw) raw = std::make_unique<kb::bench::RawXapian>(generation);
          nlohmann::json body = {{"query", req.get_param_value("q")},
                                 {"hits", nlohmann::json::array()}};
          try {
            auto answer = raw->answer(req.get_param_value("q"));
            body["total"] = answer.estimated;
            for (const auto& h : answer.hits)
              body["hits"].push_back({{"id", h.id}, {"score", h.weight}, {"snippet", h.snippet}});
          } catch (const Xapian::Error& e) {
            res.status = 400;
            body = {{"error", e.get_msg()}};
          }
          res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                          "application/json");
        });
  } else {
    if (omega_config.empty()) {
      std::cerr << "kb-bench-http-peer: omega needs --omega-config FILE\n";
      return 2;
    }
    server.Get("/omega", [&](const httplib::Request& req, httplib::Response& res) {
      run_cgi(omega_program, omega_config, req, res);
    });
  }
  int bound = port == 0 ? server.bind_to_any_port("127.0.0.1") : port;
  if (bound <= 0 || (port != 0 && !server.bind_to_port("127.0.0.1", port))) {
    std::cerr << "kb-bench-http-peer: cannot listen on 127.0.0.1:" << port << "\n";
    return 1;
  }
  std::cout << "kb-bench-http-peer " << mode << ": listening on http://127.0.0.1:" << bound
            << std::endl;
  server.listen_after_bind();
  return 0;
}
