// The queue of complete requests waiting for a worker (http_front.cpp). Under load a
// kept-alive client sends its next request as soon as the last is answered, so with more
// busy connections than workers every request waits for the whole queue ahead of it; a
// person opening the page (a new connection) would wait as long as a benchmark's 64
// clients. A connection's first request therefore goes ahead of kept-alive ones, but
// while both wait the two take turns, so a flood of new connections (the rate limiter's
// job) still leaves kept-alive clients half the workers.
#pragma once

#include <deque>
#include <optional>
#include <utility>

namespace kb::http {

template <typename Job>
class JobQueue {
 public:
  // `first`: the connection's first request.
  void push(Job job, bool first) { (first ? first_ : kept_).push_back(std::move(job)); }

  bool empty() const { return first_.empty() && kept_.empty(); }

  // Every job still waiting, in no particular order (closing down).
  template <typename F>
  void for_each(F f) {
    for (auto& job : first_) f(job);
    for (auto& job : kept_) f(job);
  }

  std::optional<Job> pop() {
    bool take_first = !first_.empty() && (kept_.empty() || !last_was_first_);
    auto& from = take_first ? first_ : kept_;
    if (from.empty()) return std::nullopt;
    Job job = std::move(from.front());
    from.pop_front();
    last_was_first_ = take_first;
    return job;
  }

 private:
  std::deque<Job> first_, kept_;
  bool last_was_first_ = false;
};

}  // namespace kb::http
