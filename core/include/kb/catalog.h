// corpus/catalog.xml: one entry of metadata per source document.
#pragma once

#include <map>
#include <string>

#include "kb/model.h"

namespace kb {

struct Catalog {
  // Keyed by the document's path relative to the corpus folder ("documents/x.txt").
  std::map<std::string, SourceDocument> documents;
  // The <catalog> element's review attributes: the corpus-wide default (review-every,
  // and a reviewed date and reviewer if a whole corpus was checked at once).
  Review review;
};

// Throws IngestError (file:line) on malformed XML, a missing id/file, or a duplicate id.
Catalog load_catalog(const std::string& path);

}  // namespace kb
