// corpus/catalog.xml: one entry of metadata per source document.
#pragma once

#include <map>
#include <string>

#include "kb/model.h"

namespace kb {

// Keyed by the document's path relative to the corpus folder ("documents/x.txt").
using Catalog = std::map<std::string, SourceDocument>;

// Throws IngestError (file:line) on malformed XML, a missing id/file, or a duplicate id.
Catalog load_catalog(const std::string& path);

}  // namespace kb
