// A value a facet can take, as an index records it: what to show for it, and what people
// may type for it in a filter.
#pragma once

#include <string>
#include <vector>

namespace kb {

struct FacetValueInfo {
  std::string value;
  std::string label;
  std::vector<std::string> aliases;
};

}  // namespace kb
