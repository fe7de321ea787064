#include "metrics.h"

#include <sstream>

namespace kb::http {

void Metrics::record(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < bounds.size(); ++i)
    if (seconds <= bounds[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::record_search(bool zero_results) {
  std::lock_guard lock(mutex_);
  ++searches_;
  if (zero_results) ++zero_result_searches_;
}

std::string Metrics::render(const std::string& extra) const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP kb_http_requests_total HTTP requests answered, by route and status.\n"
         "# TYPE kb_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "kb_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} "
        << n << "\n";
  out << "# HELP kb_http_request_duration_seconds Time to answer a request, by route.\n"
         "# TYPE kb_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (std::size_t i = 0; i < bounds.size(); ++i)
      out << "kb_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << bounds[i]
          << "\"} " << h.buckets[i] << "\n";
    out << "kb_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
        << h.count << "\n";
    out << "kb_http_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n";
    out << "kb_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
  }
  out << "# HELP kb_searches_total Searches submitted (not those sent while typing).\n"
         "# TYPE kb_searches_total counter\n"
         "kb_searches_total "
      << searches_
      << "\n"
         "# HELP kb_zero_result_searches_total Submitted searches that found nothing.\n"
         "# TYPE kb_zero_result_searches_total counter\n"
         "kb_zero_result_searches_total "
      << zero_result_searches_ << "\n";
  out << extra;
  return out.str();
}

}  // namespace kb::http
