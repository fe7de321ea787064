// The facet values an index knows (its metadata): their labels, and the resolution of
// what people type in filters to value ids. Internal to kb_core.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "kb/facet_value.h"

namespace kb::detail {

// Filters as resolved to value ids: facet name -> distinct ids, in the order asked for.
using ResolvedFilters = std::map<std::string, std::vector<std::string>>;

class FacetCatalog {
 public:
  FacetCatalog() = default;
  explicit FacetCatalog(std::map<std::string, std::vector<FacetValueInfo>> values);

  const std::vector<FacetValueInfo>& values(const std::string& facet) const;
  std::string label(const std::string& facet, const std::string& value) const;
  // id, label or alias (case-insensitive, punctuation-insensitive) -> id.
  // Throws Error(unknown_filter) naming the facet and listing the valid values.
  std::string resolve(const std::string& facet, const std::string& value) const;
  // Every value of every filter resolved (resolve); a facet given no values is left out.
  ResolvedFilters resolve(const std::map<std::string, std::vector<std::string>>& filters) const;

 private:
  std::map<std::string, std::vector<FacetValueInfo>> values_;
  // facet -> value -> label: every search labels every counted value (thousands of
  // sources at archive scale), so a lookup builds no key.
  std::map<std::string, std::unordered_map<std::string, std::string>, std::less<>> labels_;
};

}  // namespace kb::detail
