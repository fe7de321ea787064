#include "search/facet_counts.h"

#include <algorithm>
#include <map>

namespace kb::detail {

FacetSpy::FacetSpy(const schema::Facet& facet, Xapian::Enquire& enquire) : facet_(&facet) {
  for (unsigned i = 0; i < facet.slot_count; ++i) {
    spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(facet.slot_base + i));
    enquire.add_matchspy(spies_.back().get());
  }
}

FacetResult FacetSpy::result(const FacetCatalog& catalog,
                             const std::vector<std::string>& active) const {
  std::map<std::string, std::size_t> counts;
  for (const auto& spy : spies_)
    for (auto it = spy->values_begin(); it != spy->values_end(); ++it)
      counts[*it] += it.get_termfreq();
  for (const auto& a : active) counts.emplace(a, 0);
  FacetResult r;
  r.name = std::string(facet_->name);
  for (const auto& [value, count] : counts)
    r.values.push_back({value, catalog.label(r.name, value), count});
  std::stable_sort(r.values.begin(), r.values.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.label < b.label;
  });
  return r;
}

}  // namespace kb::detail
