#include "rate_limit.h"

#include <algorithm>
#include <functional>

namespace kb::http {

RateLimiter::RateLimiter(RateLimit limit) : limit_(limit) {
  if (limit_.per_second > 0) limit_.burst = std::max(1.0, limit_.burst);
}

bool RateLimiter::is_loopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

std::optional<double> RateLimiter::take(const std::string& client, Clock::time_point now) {
  if (!enabled() || (!limit_.loopback && is_loopback(client))) return std::nullopt;
  auto& shard = shards_[std::hash<std::string>{}(client) % kShards];
  std::lock_guard lock(shard.mutex);
  auto [it, fresh] = shard.buckets.try_emplace(client, Bucket{limit_.burst, now});
  auto& bucket = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens =
        std::min(limit_.burst, bucket.tokens + std::max(0.0, elapsed) * limit_.per_second);
    bucket.updated = now;
  }
  std::optional<double> wait;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
  } else {
    wait = (1 - bucket.tokens) / limit_.per_second;
  }
  if (fresh && shard.buckets.size() > limit_.max_clients / kShards + 1) prune(shard, now);
  return wait;
}

void RateLimiter::prune(Shard& shard, Clock::time_point now) {
  std::erase_if(shard.buckets, [&](const auto& entry) {
    double elapsed = std::chrono::duration<double>(now - entry.second.updated).count();
    return entry.second.tokens + elapsed * limit_.per_second >= limit_.burst;
  });
  if (shard.buckets.size() > limit_.max_clients / kShards) shard.buckets.clear();
}

}  // namespace kb::http
