// Per-client rate limiting: a token bucket per client address.
//
// Each address may send `burst` requests at once and `per_second` a second after that;
// a request beyond gets 429 rate_limited with Retry-After. Loopback clients are exempt
// unless `loopback` is set: behind a proxy on the same machine every request comes from
// loopback, and the proxy limits per real client (deploy/nginx).
//
// The buckets live in shards, each with its own mutex held only for the arithmetic, so
// workers do not queue on one lock. A full bucket carries no information, so when a shard
// holds more than its share of `max_clients` the full ones are dropped; if that is not
// enough (a flood from many addresses) the shard starts over, which errs on the side of
// letting requests through.
#pragma once

#include <array>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace kb::http {

struct RateLimit {
  double per_second = 0;  // 0: no limit
  double burst = 0;       // bucket size; at least 1 when a limit is set
  bool loopback = false;  // limit loopback clients too
  std::size_t max_clients = 100000;
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(RateLimit limit);

  // Takes a token for a request from `client` (a numeric address). Returns nullopt when
  // the request may go, else the seconds until a token is there again (for Retry-After).
  std::optional<double> take(const std::string& client, Clock::time_point now = Clock::now());

  bool enabled() const { return limit_.per_second > 0; }
  static bool is_loopback(const std::string& address);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr std::size_t kShards = 16;
  void prune(Shard& shard, Clock::time_point now);

  RateLimit limit_;
  std::array<Shard, kShards> shards_;
};

}  // namespace kb::http
