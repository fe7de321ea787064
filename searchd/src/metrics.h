// Request counters and latency histograms, rendered in the Prometheus text format.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>

namespace kb::http {

class Metrics {
 public:
  void record(const std::string& route, int status, double seconds);
  // A search that counts in the statistics (a submitted one, not one sent while typing).
  void record_search(bool zero_results);
  // Request metrics plus the given extra lines (index gauges), in exposition format.
  std::string render(const std::string& extra) const;

 private:
  static constexpr std::array<double, 12> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                 0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<unsigned long long, bounds.size()> buckets{};
    unsigned long long count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, unsigned long long> requests_;
  std::map<std::string, Histogram> latency_;
  unsigned long long searches_ = 0, zero_result_searches_ = 0;
};

}  // namespace kb::http
