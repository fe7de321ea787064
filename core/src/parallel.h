// Running independent tasks on several threads while their results are used in order:
// the importers and the index writer use every core, and what they produce stays what
// one thread would have produced. Internal to kb_core.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace kb::detail {

// The threads to run `tasks` independent tasks on: `jobs`, or the machine's cores when
// `jobs` is 0, never more than there are tasks and at least one.
inline unsigned worker_count(unsigned jobs, std::size_t tasks) {
  unsigned n = jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
  if (tasks < n) n = static_cast<unsigned>(std::max<std::size_t>(1, tasks));
  return n;
}

// Calls produce(i) for every i in [0, n) on `workers` threads and consume(i, result) on
// the calling thread in increasing i, as a loop `consume(i, produce(i))` would. At most a
// few results per worker wait to be consumed, so memory stays bounded by the window, not
// by n. The first exception in index order (from produce or consume) stops the work and
// is rethrown here once the workers have stopped: the error a sequential run reports.
// `produce` must be safe to call from several threads at once.
template <class Produce, class Consume>
void ordered_parallel(std::size_t n, unsigned workers, Produce&& produce, Consume&& consume) {
  using Result = std::invoke_result_t<Produce&, std::size_t>;
  if (workers <= 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) consume(i, produce(i));
    return;
  }
  struct Slot {
    std::optional<Result> value;
    std::exception_ptr error;
    bool done = false;
  };
  std::vector<Slot> slots(n);
  std::mutex mutex;
  std::condition_variable produced, consumed_one;
  std::size_t next = 0, consumed = 0;
  bool stop = false;
  const std::size_t window = std::size_t{workers} * 4;

  auto work = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mutex);
        consumed_one.wait(lock, [&] { return stop || next >= n || next < consumed + window; });
        if (stop || next >= n) return;
        i = next++;
      }
      std::optional<Result> value;
      std::exception_ptr error;
      try {
        value.emplace(produce(i));
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard lock(mutex);
        slots[i].value = std::move(value);
        slots[i].error = error;
        slots[i].done = true;
      }
      produced.notify_all();
    }
  };

  std::vector<std::thread> threads;
  auto stop_and_join = [&] {
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    consumed_one.notify_all();
    for (auto& t : threads) t.join();
    threads.clear();
  };
  try {
    for (unsigned w = 0; w < workers; ++w) threads.emplace_back(work);
    for (std::size_t i = 0; i < n; ++i) {
      Slot slot;
      {
        std::unique_lock lock(mutex);
        produced.wait(lock, [&] { return slots[i].done; });
        slot = std::move(slots[i]);
        consumed = i + 1;
      }
      consumed_one.notify_all();
      if (slot.error) std::rethrow_exception(slot.error);
      consume(i, std::move(*slot.value));
    }
  } catch (...) {
    stop_and_join();
    throw;
  }
  stop_and_join();
}

}  // namespace kb::detail
