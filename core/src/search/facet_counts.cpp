#include "search/facet_counts.h"

#include <algorithm>
#include <cstdint>
#include <map>

namespace kb::detail {

FacetSpy::FacetSpy(const schema::Facet& facet, const Xapian::Database& db, Xapian::Enquire& enquire,
                   const FacetTable* table)
    : facet_(&facet) {
  if (table) {
    const auto& column = table->column(static_cast<std::size_t>(&facet - schema::facets.data()));
    if (column.slots.empty()) return;  // no unit fills a slot of this facet
    table_spy_ = std::make_unique<TableSpy>(column);
    enquire.add_matchspy(table_spy_.get());
    return;
  }
  for (unsigned i = 0; i < facet.slot_count; ++i) {
    // A slot no unit fills counts nothing; reading it for every match costs (most units
    // have a theme or two, few have eight; a collection without a messaging framework
    // has no audiences, themes or messages at all).
    if (db.get_value_freq(facet.slot_base + i) == 0) continue;
    spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(facet.slot_base + i));
    enquire.add_matchspy(spies_.back().get());
  }
}

void FacetSpy::TableSpy::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  auto did = doc.get_docid();
  for (const auto& slot : column_.slots)
    if (did < slot.size()) ++counts_[slot[did]];  // id 0 (no value) is counted and ignored
}

std::optional<Xapian::doccount> FacetSpy::seen() const {
  if (table_spy_) return table_spy_->seen();
  if (spies_.empty()) return std::nullopt;
  return spies_.front()->get_total();
}

FacetResult FacetSpy::result(const FacetCatalog& catalog, const std::vector<std::string>& active,
                             std::size_t scale) const {
  FacetResult r;
  r.name = std::string(facet_->name);
  if (table_spy_) {
    // A column's values are distinct and labelled: each counted id is a value of its own.
    const auto& tallies = table_spy_->counts();
    const auto& column = table_spy_->column();
    for (std::size_t id = 1; id < tallies.size(); ++id)
      if (tallies[id] > 0)
        r.values.push_back({column.values[id - 1], column.labels[id - 1],
                            static_cast<std::size_t>(tallies[id]) * scale});
    for (const auto& a : active)
      if (std::none_of(r.values.begin(), r.values.end(),
                       [&](const FacetCount& c) { return c.value == a; }))
        r.values.push_back({a, catalog.label(r.name, a), 0});
  } else {
    std::map<std::string, std::size_t> counts;
    for (const auto& spy : spies_)
      for (auto it = spy->values_begin(); it != spy->values_end(); ++it)
        counts[*it] += it.get_termfreq() * scale;
    for (const auto& a : active) counts.emplace(a, 0);
    for (const auto& [value, count] : counts)
      r.values.push_back({value, catalog.label(r.name, value), count});
  }
  // Ties by label, then by value: one order whichever way the values were counted.
  std::sort(r.values.begin(), r.values.end(), [](const FacetCount& a, const FacetCount& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.label != b.label) return a.label < b.label;
    return a.value < b.value;
  });
  return r;
}

namespace {

// A 32-bit mixing function (the finaliser of MurmurHash3): consecutive docids get
// unrelated values, so the sample does not follow any period in the corpus's order
// (a message then its proof points, source after source).
std::uint32_t mix(std::uint32_t x) {
  x ^= x >> 16;
  x *= 0x85ebca6bU;
  x ^= x >> 13;
  x *= 0xc2b2ae35U;
  x ^= x >> 16;
  return x;
}

}  // namespace

bool DocumentSample::sampled(Xapian::docid did) const {
  return mix(did) % one_in_ == 0;
}

void DocumentSample::init(const Xapian::Database& db) {
  last_ = db.get_lastdocid();
  current_ = 0;
  termfreq_ = db.get_doccount() / one_in_;
}

void DocumentSample::next(double) {
  skip_to(current_ + 1, 0);
}

void DocumentSample::skip_to(Xapian::docid did, double) {
  if (did <= current_) return;
  // About one_in_ steps of arithmetic per sampled document: nothing next to reading one.
  std::uint64_t d = did;
  while (d <= last_ && !sampled(static_cast<Xapian::docid>(d))) ++d;
  current_ = d > last_ ? last_ + 1 : static_cast<Xapian::docid>(d);
}

std::string DocumentSample::get_description() const {
  return "DocumentSample(1 in " + std::to_string(one_in_) + ")";
}

}  // namespace kb::detail
