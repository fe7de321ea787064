// Comparing two index folders as a reader sees them: every unit's stored data, terms
// and values, the browse order, spelling, synonyms and metadata, and the results of
// searches. Used where two ways of building must give the same index (an incremental
// update and a full build; one writer and several).
#pragma once

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kb/schema.h"
#include "kb/search.h"

namespace kb::testing {

// Everything a generation holds that a reader can see, position values aside (an
// update places units between their neighbours'; their order is compared instead).
struct Snapshot {
  std::map<std::string, std::string> data;                                // unit id -> stored
  std::map<std::string, std::map<std::string, Xapian::termcount>> terms;  // unit id -> wdf
  std::map<std::string, std::map<unsigned, std::string>> values;          // unit id -> values
  std::vector<std::string> browse;                                        // ids, source order
  std::map<std::string, Xapian::doccount> spelling;
  std::map<std::string, std::set<std::string>> synonyms;
  std::map<std::string, std::string> metadata;  // built_at and stat times left out
  Xapian::totallength total_length = 0;
};

inline Snapshot snapshot(const std::string& index_dir) {
  Snapshot s;
  Xapian::Database db((std::filesystem::path(index_dir) / "current").string());
  s.total_length = db.get_total_length();
  std::vector<std::pair<double, std::string>> order;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    auto doc = db.get_document(*it);
    auto id = doc.get_value(kb::schema::slot_id);
    s.data[id] = doc.get_data();
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) s.terms[id][*t] = t.get_wdf();
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
      if (v.get_valueno() != kb::schema::slot_position) s.values[id][v.get_valueno()] = *v;
    order.emplace_back(Xapian::sortable_unserialise(doc.get_value(kb::schema::slot_position)), id);
  }
  std::sort(order.begin(), order.end());
  for (const auto& [p, id] : order) s.browse.push_back(id);
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
    s.spelling[*it] = it.get_termfreq();
  for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k)
    for (auto v = db.synonyms_begin(*k); v != db.synonyms_end(*k); ++v) s.synonyms[*k].insert(*v);
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    std::string key = *k, value = db.get_metadata(key);
    if (key == kb::schema::meta_built_at) continue;
    if (key.rfind(kb::schema::meta_source_state_prefix, 0) == 0) {
      auto j = nlohmann::json::parse(value);
      j.erase("stat_ns");
      value = j.dump();
    }
    s.metadata[key] = value;
  }
  return s;
}

// Hits as (score, id), sorted: the order of exactly tied scores may differ.
inline std::vector<std::pair<long long, std::string>> scored(const kb::SearchResult& r) {
  std::vector<std::pair<long long, std::string>> out;
  for (const auto& h : r.hits) out.emplace_back(std::llround(h.score * 1e6), h.view.unit.id);
  std::sort(out.begin(), out.end());
  return out;
}

inline void expect_same_searches(const std::string& a, const std::string& b,
                                 const std::vector<std::string>& queries) {
  kb::Index ia(a), ib(b);
  for (const auto& q : queries) {
    kb::SearchRequest r;
    r.query = q;
    r.limit = 1000;  // every hit: among exactly tied scores a top-k cut may differ
    auto ra = ia.search(r), rb = ib.search(r);
    EXPECT_EQ(ra.total, rb.total) << q;
    EXPECT_EQ(scored(ra), scored(rb)) << q;
    ASSERT_EQ(ra.facets.size(), rb.facets.size()) << q;
    for (std::size_t f = 0; f < ra.facets.size(); ++f) {
      ASSERT_EQ(ra.facets[f].values.size(), rb.facets[f].values.size()) << q;
      for (std::size_t v = 0; v < ra.facets[f].values.size(); ++v) {
        EXPECT_EQ(ra.facets[f].values[v].value, rb.facets[f].values[v].value) << q;
        EXPECT_EQ(ra.facets[f].values[v].count, rb.facets[f].values[v].count) << q;
      }
    }
    EXPECT_EQ(ra.corrected_query, rb.corrected_query) << q;
  }
}

inline void expect_equal(const Snapshot& a, const Snapshot& b) {
  EXPECT_EQ(a.data, b.data);
  EXPECT_EQ(a.terms, b.terms);
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.browse, b.browse);
  EXPECT_EQ(a.spelling, b.spelling);
  EXPECT_EQ(a.synonyms, b.synonyms);
  EXPECT_EQ(a.total_length, b.total_length);
  ASSERT_EQ(a.metadata.size(), b.metadata.size());
  for (const auto& [k, v] : a.metadata) {
    auto it = b.metadata.find(k);
    ASSERT_NE(it, b.metadata.end()) << k;
    EXPECT_EQ(v, it->second) << k;
  }
}

}  // namespace kb::testing
