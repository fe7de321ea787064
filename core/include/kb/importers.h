// Importers turn one source document into knowledge units. Text importers recognise
// the structure of messaging frameworks, numbered Q&A, statements with signatories and
// session proposals; the XML importer reads hand-curated frameworks.
#pragma once

#include <string>
#include <vector>

#include "kb/model.h"
#include "kb/taxonomy.h"
#include "kb/text_source.h"

namespace kb {

struct ImportedDocument {
  SourceDocument source;
  std::vector<Unit> units;
};

// The document kind (doc_kind::*) the structure of a text looks like.
std::string detect_document_kind(const TextSource& text);

// The title a document without catalog entry gets: its first heading, else first line.
std::string derive_title(const TextSource& text);

// Cuts a text document into units. `source.kind` picks the importer; an empty kind
// is detected from the structure. Audience names are resolved through the taxonomy.
ImportedDocument import_text(const TextSource& text, SourceDocument source,
                             const Taxonomy& taxonomy);

// Reads a structured <framework> XML file. Catalog metadata in `source` wins over the
// file's own attributes. Throws IngestError (file:line) on malformed or invalid XML.
ImportedDocument import_framework_xml(const std::string& path, SourceDocument source,
                                      const Taxonomy& taxonomy);

// The individual text importers, exposed for tests.
std::vector<Unit> import_framework(const TextSource& text, const SourceDocument& source,
                                   const Taxonomy& taxonomy);
std::vector<Unit> import_qa(const TextSource& text, const SourceDocument& source);
std::vector<Unit> import_statement(const TextSource& text, const SourceDocument& source);
std::vector<Unit> import_session_proposal(const TextSource& text, const SourceDocument& source);
std::vector<Unit> import_passages(const TextSource& text, const SourceDocument& source);

}  // namespace kb
