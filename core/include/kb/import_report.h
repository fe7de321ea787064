// How a document was understood: what kb-index --explain prints (its kind, sections,
// messages with their proof points, audience guidance, the lines dropped as artefacts),
// and the import warnings a build reports for a document that looks cut wrong.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "kb/importers.h"
#include "kb/text_source.h"

namespace kb {

// Something in an imported document a curator should look at: it was imported, nothing
// was skipped, but the cut looks wrong.
struct ImportWarning {
  int line = 0;         // the line it is about; 0 = the whole document
  std::string message;  // "message 3 'Title' has no proof points"
};

// The warnings of one imported document: a framework without any audience-guidance
// unit, a message without proof points. The one check kb-index runs in a build and
// kb-index --explain shows.
std::vector<ImportWarning> import_warnings(const ImportedDocument& doc);

struct ReportSection {
  std::string title;  // the first part of the units' section path: "§1 Introduction"
  int first_line = 0, last_line = 0;
  std::map<std::string, std::size_t> units;  // units per kind
};

struct ReportProofPoint {
  std::string id;
  int line = 0;
  std::string text;
};

struct ReportMessage {
  std::string id, title;
  int line = 0;
  std::vector<ReportProofPoint> proof_points;
};

struct ReportGuidance {
  std::string audience;  // the audience id
  std::string label;     // the heading as written
  bool known = false;    // the taxonomy has the audience (else it was made from the name)
  int first_line = 0, last_line = 0;
};

struct ImportReport {
  std::string file;           // as given
  std::string corpus_file;    // "documents/x.txt" when the file is in the corpus, else ""
  std::string format;         // "text", "markdown", "pdf", "docx", "html" or "xml"
  std::string kind;           // the kind it was imported as (doc_kind::*)
  std::string kind_source;    // "catalog" or "detected"
  std::string detected_kind;  // what its structure looks like ("" for XML)
  int lines = 0;              // lines of its text (as extracted, for PDF/DOCX/HTML)
  int pages = 0;              // PDF pages; 0 = the format has no pages
  ImportedDocument doc;
  std::vector<ReportSection> sections;
  std::vector<ReportMessage> messages;
  std::vector<ReportGuidance> audience_guidance;
  std::map<std::string, std::size_t> units_by_kind;
  std::vector<DroppedLine> dropped;
  std::vector<ImportWarning> warnings;
};

// Imports `file` as a build of `corpus_dir` would: a file inside its documents/ folder
// with its catalog entry (kind, title, audiences, review), any other file with the kind
// detected; audiences are resolved through the corpus taxonomy (none when `corpus_dir`
// is not a folder). Builds nothing. Throws IngestError("file: what") for a file that
// cannot be read, and the errors of load_catalog/load_taxonomy for a malformed corpus.
ImportReport explain_document(const std::string& file, const std::string& corpus_dir);

}  // namespace kb
