// A whole corpus folder: catalog, taxonomy, glossary and documents, imported and tagged.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kb/catalog.h"
#include "kb/glossary.h"
#include "kb/model.h"
#include "kb/taxonomy.h"

namespace kb {

struct Corpus {
  std::string dir;
  Taxonomy taxonomy;
  Glossary glossary;
  std::vector<SourceDocument> sources;
  std::vector<Unit> units;  // document units in source order, then glossary units
};

// Called after each document is imported: (index, total, file, units imported).
using ImportProgress = std::function<void(std::size_t, std::size_t, const std::string&, std::size_t)>;

// Loads and validates everything under `dir`. The first malformed file stops the load
// with an IngestError naming file and line. Files in documents/ without a catalog entry
// are imported with metadata derived from the file.
Corpus load_corpus(const std::string& dir, const ImportProgress& progress = {});

}  // namespace kb
