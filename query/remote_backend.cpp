#include <httplib.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "backend.h"
#include "kb/api/brief_json.h"
#include "kb/api/errors.h"
#include "kb/api/responses.h"
#include "kb/api/result_json.h"
#include "kb/api/search_params.h"
#include "kb/error.h"

namespace kb::cli {
namespace {

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

// kb-searchd's largest answer is a few MiB (1000 hits); anything far beyond is not kb-searchd.
constexpr std::size_t max_body_bytes = 64u << 20;

// Ends a request that is not complete by its deadline. httplib 0.11 has only per-read
// timeouts, so a server trickling a byte at a time would otherwise hold kb-query forever.
// Client::stop() shuts the socket down from this thread; the request then fails at once.
class Deadline {
 public:
  Deadline(httplib::Client& client, std::chrono::milliseconds timeout)
      : client_(client),
        at_(std::chrono::steady_clock::now() + timeout),
        thread_([this] { watch(); }) {}
  ~Deadline() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  bool passed() const { return expired_ || std::chrono::steady_clock::now() >= at_; }

 private:
  void watch() {
    std::unique_lock lock(mutex_);
    if (wake_.wait_until(lock, at_, [this] { return done_; })) return;
    expired_ = true;
    // Again and again: the request may not have opened its socket at the first stop().
    while (!done_) {
      lock.unlock();
      client_.stop();
      lock.lock();
      wake_.wait_for(lock, std::chrono::milliseconds(50), [this] { return done_; });
    }
  }

  httplib::Client& client_;
  std::chrono::steady_clock::time_point at_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::atomic<bool> expired_{false};
  std::thread thread_;  // last: started once everything it uses exists
};

std::string seconds_text(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", seconds);
  return buf;
}

class RemoteBackend : public Backend {
 public:
  RemoteBackend(std::string url, double timeout_seconds)
      : url_(std::move(url)), client_(url_), timeout_seconds_(timeout_seconds) {
    auto timeout = std::chrono::duration<double>(timeout_seconds);
    auto per_step = std::chrono::duration_cast<std::chrono::microseconds>(
        std::min<std::chrono::duration<double>>(timeout, std::chrono::seconds(30)));
    client_.set_connection_timeout(std::chrono::duration_cast<std::chrono::microseconds>(
        std::min<std::chrono::duration<double>>(timeout, std::chrono::seconds(5))));
    client_.set_read_timeout(per_step);
    client_.set_write_timeout(per_step);
    // The statistics answer only to loopback or to the admin token (docs/api.md).
    if (const char* token = std::getenv("KB_ADMIN_TOKEN"); token && *token)
      client_.set_default_headers({{"Authorization", std::string("Bearer ") + token}});
  }

  SearchResult search(const SearchRequest& request) override {
    auto target = httplib::append_query_params("/api/v1/search", api::search_params(request));
    return api::search_result_from_json(get(target));
  }

  std::optional<api::UnitDetail> unit(const std::string& id) override {
    auto j = get("/api/v1/units/" + escape_path(id), /*not_found_is_empty=*/true);
    if (j.is_null()) return std::nullopt;
    return api::unit_detail_from_json(j);
  }

  std::vector<MessageOutline> messages() override {
    std::vector<MessageOutline> out;
    auto body =
        get("/api/v1/messages");  // kept alive: a range-for over .at() of a temporary dangles
    for (const auto& m : body.at("messages")) out.push_back(api::outline_from_json(m));
    return out;
  }

  Brief brief(const BriefRequest& request) override {
    auto target = httplib::append_query_params("/api/v1/brief", api::brief_params(request));
    return api::brief_from_json(get(target));
  }

  std::optional<nlohmann::json> stats(std::size_t limit) override {
    return get("/api/v1/stats?limit=" + std::to_string(limit));
  }

 private:
  // One GET, complete within --timeout and at most max_body_bytes, as JSON.
  nlohmann::json get(const std::string& target, bool not_found_is_empty = false) {
    std::string text;
    bool too_large = false;
    httplib::Result res{nullptr, httplib::Error::Unknown};
    {
      Deadline deadline(client_,
                        std::chrono::milliseconds(static_cast<long long>(timeout_seconds_ * 1000)));
      res = client_.Get(
          target,
          [&](const httplib::Response& head) {
            // Refuse an announced oversized body before reading any of it.
            auto announced = head.get_header_value("Content-Length");
            unsigned long long length = 0;
            auto [end, error] =
                std::from_chars(announced.data(), announced.data() + announced.size(), length);
            if (error == std::errc::result_out_of_range ||
                (error == std::errc() && length > max_body_bytes))
              too_large = true;
            return !too_large && !deadline.passed();
          },
          [&](const char* data, std::size_t size) {
            if (text.size() + size > max_body_bytes) {
              too_large = true;
              return false;
            }
            text.append(data, size);
            return !deadline.passed();
          });
      if (too_large)
        throw Error(ErrorCode::io_error, "the answer from " + url_ + " is larger than " +
                                             std::to_string(max_body_bytes >> 20) +
                                             " MiB; kb-query refuses it (is it kb-searchd?)");
      if (deadline.passed())
        throw Error(ErrorCode::io_error,
                    "no complete answer from " + url_ + " within " +
                        seconds_text(timeout_seconds_) +
                        " s; giving up (--timeout or KB_TIMEOUT sets the limit)");
    }
    if (!res)
      throw Error(ErrorCode::io_error,
                  "cannot reach kb-searchd at " + url_ + ": " + httplib::to_string(res.error()));
    res->body = std::move(text);
    nlohmann::json body;
    try {
      body = nlohmann::json::parse(res->body);
    } catch (const nlohmann::json::exception&) {
      throw Error(ErrorCode::io_error, url_ + " answered HTTP " + std::to_string(res->status) +
                                           " without JSON: is it kb-searchd?");
    }
    if (res->status == 200) return body;
    if (res->status == 404 && not_found_is_empty && body.contains("error") &&
        body["error"].value("code", "") == "not_found")
      return nullptr;
    auto code = body.contains("error") ? body["error"].value("code", "") : "";
    auto message = body.contains("error") ? body["error"].value("message", "") : res->body;
    throw Error(api::client_code(code),
                message + " (HTTP " + std::to_string(res->status) + " from " + url_ + ")");
  }

  std::string url_;
  httplib::Client client_;
  double timeout_seconds_;
};

}  // namespace

std::unique_ptr<Backend> open_remote(const std::string& url, double timeout_seconds) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    throw Error(ErrorCode::invalid_argument,
                "--server takes a URL such as http://127.0.0.1:8080, not \"" + url + "\"");
  return std::make_unique<RemoteBackend>(url, timeout_seconds);
}

}  // namespace kb::cli
