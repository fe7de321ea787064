#include "search/facet_catalog.h"

#include <algorithm>

#include "kb/error.h"
#include "kb/schema.h"
#include "kb/text.h"
#include "text/text_util.h"

namespace kb::detail {
namespace {

// "audience, theme, message, kind and source"
std::string facet_names() {
  std::string names;
  for (std::size_t i = 0; i < schema::facets.size(); ++i) {
    if (i > 0) names += i + 1 == schema::facets.size() ? " and " : ", ";
    names += schema::facets[i].name;
  }
  return names;
}

}  // namespace

FacetCatalog::FacetCatalog(std::map<std::string, std::vector<FacetValueInfo>> values)
    : values_(std::move(values)) {
  for (const auto& [facet, infos] : values_)
    for (const auto& v : infos) labels_[facet].emplace(v.value, v.label);
}

const std::vector<FacetValueInfo>& FacetCatalog::values(const std::string& facet) const {
  static const std::vector<FacetValueInfo> none;
  auto it = values_.find(facet);
  return it == values_.end() ? none : it->second;
}

std::string FacetCatalog::label(const std::string& facet, const std::string& value) const {
  auto of_facet = labels_.find(facet);
  if (of_facet == labels_.end()) return value;
  auto it = of_facet->second.find(value);
  return it == of_facet->second.end() ? value : it->second;
}

std::string FacetCatalog::resolve(const std::string& facet, const std::string& value) const {
  if (!schema::find_facet(facet))
    throw Error(ErrorCode::unknown_filter,
                "unknown facet \"" + facet + "\"; facets are " + facet_names());
  auto wanted = slugify(value);
  std::vector<std::string> matches;
  for (const auto& v : values(facet)) {
    bool hit = slugify(v.value) == wanted || slugify(v.label) == wanted;
    for (const auto& a : v.aliases) hit = hit || slugify(a) == wanted;
    if (hit) matches.push_back(v.value);
  }
  if (matches.size() == 1) return matches.front();
  std::string known;
  for (const auto& v : values(facet)) known += (known.empty() ? "" : ", ") + v.value;
  if (matches.empty())
    throw Error(ErrorCode::unknown_filter,
                "unknown " + facet + " \"" + value +
                    "\"; known values: " + (known.empty() ? "(none)" : known));
  throw Error(ErrorCode::unknown_filter, facet + " \"" + value + "\" is ambiguous; it matches " +
                                             text::join(matches, ", ") + ": use the full id");
}

ResolvedFilters FacetCatalog::resolve(
    const std::map<std::string, std::vector<std::string>>& filters) const {
  ResolvedFilters resolved;
  for (const auto& [facet, values] : filters) {
    if (values.empty()) continue;
    auto& ids = resolved[facet];
    for (const auto& v : values) {
      auto id = resolve(facet, v);
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  return resolved;
}

}  // namespace kb::detail
