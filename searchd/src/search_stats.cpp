#include "search_stats.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>

#include "kb/text.h"

namespace kb::http {

using json = nlohmann::json;

std::string normalise_query(std::string_view query, std::size_t max_bytes) {
  auto text = collapse_whitespace(query);
  for (auto& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (text.size() > max_bytes) {
    text.resize(utf8_prefix_length(text, max_bytes));
    while (!text.empty() && text.back() == ' ') text.pop_back();
  }
  return text;
}

template <typename V>
V& SearchStats::Recent<V>::touch(const std::string& key, std::size_t cap) {
  if (auto it = items.find(key); it != items.end()) {
    order.splice(order.begin(), order, it->second.second);
    return it->second.first;
  }
  while (!order.empty() && items.size() >= cap) {
    items.erase(order.back());
    order.pop_back();
  }
  order.push_front(key);
  return items.emplace(key, std::make_pair(V{}, order.begin())).first->second.first;
}

SearchStats::SearchStats(StatsLimits limits) : limits_(limits) {
  limits_.max_queries = std::max<std::size_t>(limits_.max_queries, 1);
  limits_.max_units = std::max<std::size_t>(limits_.max_units, 1);
}

bool SearchStats::record_search(std::string_view query, std::size_t total,
                                const std::vector<std::string>& shown, const std::string& when) {
  auto key = normalise_query(query, limits_.max_query_bytes);
  if (key.empty()) return false;
  std::lock_guard lock(mutex_);
  ++searches_;
  ++version_;
  auto& q = queries_.touch(key, limits_.max_queries);
  q.query = key;
  ++q.count;
  q.last = when;
  if (total == 0) {
    ++zero_results_;
    ++q.no_results;
    q.last_no_results = when;
  }
  for (const auto& id : shown) {
    auto& u = units_.touch(id, limits_.max_units);
    u.id = id;
    ++u.shown;
  }
  return true;
}

void SearchStats::record_open(const std::string& unit_id) {
  std::lock_guard lock(mutex_);
  ++version_;
  auto& u = units_.touch(unit_id, limits_.max_units);
  u.id = unit_id;
  ++u.opened;
}

std::uint64_t SearchStats::searches() const {
  std::lock_guard lock(mutex_);
  return searches_;
}

std::uint64_t SearchStats::zero_result_searches() const {
  std::lock_guard lock(mutex_);
  return zero_results_;
}

std::uint64_t SearchStats::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

namespace {

// The first `limit` of `items` by `before`, as JSON rows.
template <typename T, typename Before, typename Row>
json first(std::vector<T> items, std::size_t limit, Before before, Row row) {
  auto n = std::min(limit, items.size());
  std::partial_sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(n), items.end(),
                    before);
  json out = json::array();
  for (std::size_t i = 0; i < n; ++i) out.push_back(row(items[i]));
  return out;
}

}  // namespace

json SearchStats::report(std::size_t limit) const {
  std::vector<QueryCount> queries, empty;
  std::vector<UnitCount> units;
  json body;
  {
    std::lock_guard lock(mutex_);
    body["searches"] = searches_;
    body["zero_result_searches"] = zero_results_;
    for (const auto& [key, item] : queries_.items) {
      queries.push_back(item.first);
      if (item.first.no_results > 0) empty.push_back(item.first);
    }
    for (const auto& [key, item] : units_.items) units.push_back(item.first);
  }
  body["no_results"] = first(
      std::move(empty), limit,
      [](const QueryCount& a, const QueryCount& b) {
        return a.no_results != b.no_results ? a.no_results > b.no_results : a.query < b.query;
      },
      [](const QueryCount& q) {
        return json{{"query", q.query}, {"count", q.no_results}, {"last", q.last_no_results}};
      });
  body["top_queries"] = first(
      std::move(queries), limit,
      [](const QueryCount& a, const QueryCount& b) {
        return a.count != b.count ? a.count > b.count : a.query < b.query;
      },
      [](const QueryCount& q) {
        return json{
            {"query", q.query}, {"count", q.count}, {"no_results", q.no_results}, {"last", q.last}};
      });
  body["top_units"] = first(
      std::move(units), limit,
      [](const UnitCount& a, const UnitCount& b) {
        if (a.shown != b.shown) return a.shown > b.shown;
        if (a.opened != b.opened) return a.opened > b.opened;
        return a.id < b.id;
      },
      [](const UnitCount& u) {
        return json{{"id", u.id}, {"count", u.shown}, {"opened", u.opened}};
      });
  return body;
}

json SearchStats::to_file() const {
  std::lock_guard lock(mutex_);
  json queries = json::array(), units = json::array();
  for (auto it = queries_.order.rbegin(); it != queries_.order.rend(); ++it) {
    const auto& q = queries_.items.at(*it).first;
    queries.push_back({{"query", q.query},
                       {"count", q.count},
                       {"no_results", q.no_results},
                       {"last", q.last},
                       {"last_no_results", q.last_no_results}});
  }
  for (auto it = units_.order.rbegin(); it != units_.order.rend(); ++it) {
    const auto& u = units_.items.at(*it).first;
    units.push_back({{"id", u.id}, {"shown", u.shown}, {"opened", u.opened}});
  }
  return {{"format", "kb-search-stats"},           {"version", 1},       {"searches", searches_},
          {"zero_result_searches", zero_results_}, {"queries", queries}, {"units", units}};
}

namespace {

const json& field(const json& object, const char* name, json::value_t type,
                  const std::string& where) {
  if (!object.is_object() || !object.contains(name))
    throw std::runtime_error(where + " has no \"" + name + "\"");
  const auto& v = object[name];
  bool ok = type == json::value_t::number_unsigned
                ? v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0)
                : v.type() == type;
  if (!ok) throw std::runtime_error(where + ": \"" + name + "\" has the wrong type");
  return v;
}

std::uint64_t count(const json& object, const char* name, const std::string& where) {
  return field(object, name, json::value_t::number_unsigned, where).get<std::uint64_t>();
}

std::string text(const json& object, const char* name, const std::string& where) {
  return field(object, name, json::value_t::string, where).get<std::string>();
}

}  // namespace

void SearchStats::from_file(const json& doc) {
  if (!doc.is_object() || doc.value("format", "") != "kb-search-stats")
    throw std::runtime_error(
        "it is not a kb search statistics file (no \"format\": "
        "\"kb-search-stats\")");
  if (count(doc, "version", "the file") != 1)
    throw std::runtime_error("its version is not 1 (written by a newer kb-searchd?)");
  SearchStats loaded(limits_);
  loaded.searches_ = count(doc, "searches", "the file");
  loaded.zero_results_ = count(doc, "zero_result_searches", "the file");
  std::size_t i = 0;
  for (const auto& q : field(doc, "queries", json::value_t::array, "the file")) {
    auto where = "queries[" + std::to_string(i++) + "]";
    auto key = normalise_query(text(q, "query", where), limits_.max_query_bytes);
    if (key.empty()) throw std::runtime_error(where + ": an empty query");
    auto& item = loaded.queries_.touch(key, limits_.max_queries);
    item.query = key;
    item.count += count(q, "count", where);
    item.no_results += count(q, "no_results", where);
    item.last = text(q, "last", where);
    item.last_no_results = text(q, "last_no_results", where);
  }
  i = 0;
  for (const auto& u : field(doc, "units", json::value_t::array, "the file")) {
    auto where = "units[" + std::to_string(i++) + "]";
    auto id = text(u, "id", where);
    if (id.empty()) throw std::runtime_error(where + ": an empty id");
    auto& item = loaded.units_.touch(id, limits_.max_units);
    item.id = id;
    item.shown += count(u, "shown", where);
    item.opened += count(u, "opened", where);
  }
  std::lock_guard lock(mutex_);
  searches_ = loaded.searches_;
  zero_results_ = loaded.zero_results_;
  queries_ = std::move(loaded.queries_);
  units_ = std::move(loaded.units_);
  ++version_;
}

}  // namespace kb::http
