#include "search/facet_table.h"

#include <atomic>
#include <map>
#include <mutex>
#include <unordered_map>

namespace kb::detail {

namespace {
std::atomic<unsigned> tables_made{0};
}  // namespace

FacetTable::FacetTable(const Xapian::Database& db, const FacetCatalog& catalog) {
  ++tables_made;
  auto documents = static_cast<std::size_t>(db.get_lastdocid()) + 1;
  for (const auto& facet : schema::facets) {
    Column column;
    std::unordered_map<std::string, std::uint32_t> ids;
    for (unsigned i = 0; i < facet.slot_count; ++i) {
      auto slot = facet.slot_base + i;
      if (db.get_value_freq(slot) == 0) continue;
      std::vector<std::uint32_t> by_document(documents, 0);
      for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        auto [found, added] = ids.try_emplace(*it, static_cast<std::uint32_t>(ids.size() + 1));
        if (added) column.values.push_back(*it);
        by_document[it.get_docid()] = found->second;
      }
      column.slots.push_back(std::move(by_document));
    }
    for (const auto& value : column.values)
      column.labels.push_back(catalog.label(std::string(facet.name), value));
    columns_.push_back(std::move(column));
  }
}

namespace {

std::atomic<unsigned> searches_before_table{1};

struct Registry {
  struct Entry {
    unsigned searches = 0;
    bool building = false;
    std::weak_ptr<const FacetTable> table;
  };
  std::mutex mutex;
  std::map<std::string, Entry> entries;
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

unsigned facet_tables_made() {
  return tables_made.load();
}

unsigned set_searches_before_facet_table(unsigned searches) {
  return searches_before_table.exchange(searches);
}

std::shared_ptr<const FacetTable> facet_table_for(const std::string& key,
                                                  const Xapian::Database& db, bool single,
                                                  const FacetCatalog& catalog) {
  auto before = searches_before_table.load();
  if (!single || before == 0 || db.get_doccount() > max_table_units) return nullptr;
  // The key also holds what changes when a generation's database is written again (a
  // replica a xapian-replicate brings up to date).
  std::string full_key;
  try {
    full_key = key + "\n" + db.get_uuid() + "\n" + std::to_string(db.get_revision());
  } catch (const Xapian::InvalidOperationError&) {
    return nullptr;  // not one glass database: no revision to tell its versions apart
  }
  auto& r = registry();
  {
    std::lock_guard lock(r.mutex);
    // Generations come and go in a long-lived server: forget the ones no longer open.
    if (r.entries.size() > 64)
      std::erase_if(r.entries, [&](const auto& e) {
        return e.first != full_key && !e.second.building && e.second.table.expired();
      });
    auto& entry = r.entries[full_key];
    if (auto table = entry.table.lock()) return table;
    if (entry.building || ++entry.searches <= before) return nullptr;
    entry.building = true;  // the others count from the value streams meanwhile
  }
  std::shared_ptr<const FacetTable> table;
  try {
    table = std::make_shared<const FacetTable>(db, catalog);
  } catch (...) {
    std::lock_guard lock(r.mutex);
    r.entries[full_key].building = false;
    throw;
  }
  std::lock_guard lock(r.mutex);
  auto& entry = r.entries[full_key];
  entry.building = false;
  entry.table = table;
  return table;
}

}  // namespace kb::detail
