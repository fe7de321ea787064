// Search statistics: how often each query is searched and finds nothing, and how often
// each unit is shown in a result page and opened. Bounded: at most `max_queries` distinct
// queries and `max_units` units are kept, the least recently seen evicted first. Holds no
// client address or other identifier of who searched. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kb::http {

struct StatsLimits {
  std::size_t max_queries = 10000;
  std::size_t max_units = 20000;
  std::size_t max_query_bytes = 200;  // a longer query is kept cut at a UTF-8 boundary
};

// Trimmed, ASCII letters lower-cased, runs of whitespace as one space, cut to at most
// `max_bytes` bytes without splitting a UTF-8 sequence.
std::string normalise_query(std::string_view query, std::size_t max_bytes);

class SearchStats {
 public:
  struct QueryCount {
    std::string query;
    std::uint64_t count = 0;       // searches
    std::uint64_t no_results = 0;  // of which found nothing
    std::string last;              // last searched (ISO 8601 UTC)
    std::string last_no_results;   // last searched and found nothing
  };
  struct UnitCount {
    std::string id;
    std::uint64_t shown = 0;   // in a returned search page's hits
    std::uint64_t opened = 0;  // GET /api/v1/units/{id} answered
  };

  explicit SearchStats(StatsLimits limits = {});

  // One search of `query` (as typed: it is normalised here; a blank one is not counted)
  // that found `total` units, `shown` the ids of the page returned, at time `when`.
  // Returns whether it counted.
  bool record_search(std::string_view query, std::size_t total,
                     const std::vector<std::string>& shown, const std::string& when);
  void record_open(const std::string& unit_id);

  std::uint64_t searches() const;
  std::uint64_t zero_result_searches() const;
  // Grows with every change: a flush writes only when it has moved.
  std::uint64_t version() const;

  // GET /api/v1/stats: {searches, zero_result_searches, no_results, top_queries,
  // top_units}, each list at most `limit` long.
  nlohmann::json report(std::size_t limit) const;

  // Everything, for the stats file (least recently seen first, so a reload keeps the
  // eviction order), and back. from_file throws std::runtime_error saying what is wrong
  // with a document that is not such a file; the stats are unchanged then.
  nlohmann::json to_file() const;
  void from_file(const nlohmann::json& doc);

 private:
  // Key -> value, most recently touched at the front of `order_`.
  template <typename V>
  struct Recent {
    std::list<std::string> order;
    std::unordered_map<std::string, std::pair<V, std::list<std::string>::iterator>> items;
    V& touch(const std::string& key, std::size_t cap);
  };

  StatsLimits limits_;
  mutable std::mutex mutex_;
  std::uint64_t searches_ = 0, zero_results_ = 0, version_ = 0;
  Recent<QueryCount> queries_;
  Recent<UnitCount> units_;
};

}  // namespace kb::http
