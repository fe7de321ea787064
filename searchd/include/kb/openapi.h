// The OpenAPI document kb-searchd serves at /api/v1/openapi.json.
#pragma once

#include <string>
#include <string_view>

namespace kb {

// searchd/openapi.json (compiled in) completed from kb::schema::facets: every facet has a
// filter parameter on /api/v1/search, a property in the search and /api/v1/facets facet
// objects, and a taxonomy facet has its tag list in Unit. What the file already describes
// is kept as written, so only a facet the file does not know gets generated text.
const std::string& openapi_json();

// `document` (an OpenAPI document in kb's shape) completed as above; throws
// nlohmann::json::exception when it is not JSON.
std::string complete_openapi(std::string_view document);

}  // namespace kb
