// One corpus document read and imported the way load_corpus does it (format by
// extension, catalog metadata, unique unit ids, PDF pages cited, signatory lists,
// positions), shared with kb::explain_document. Internal to kb_core.
#pragma once

#include <string>

#include "kb/importers.h"
#include "kb/taxonomy.h"
#include "kb/text_source.h"

namespace kb::detail {

struct DocumentImport {
  ImportedDocument doc;
  TextSource text;           // the cleaned lines (empty for a structured XML framework)
  std::string content_hash;  // of the file's bytes as read (text::content_hash)
  // The cleaned lines as the index records them for the source view (a framework's too:
  // its XML with the tags removed, line numbers kept); text/source_text_record.h.
  std::string text_record;
};

// `meta`: the catalog entry, or an id and file for a document without one. Throws
// IngestError(display, ...) for a file that cannot be read or is empty. Review
// inheritance and tag inference are left to the caller.
DocumentImport import_document_file(const std::string& path, const SourceDocument& meta,
                                    const Taxonomy& taxonomy, const std::string& display);

}  // namespace kb::detail
