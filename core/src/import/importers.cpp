// Chooses the importer for a text document and derives metadata for documents that
// have no catalog entry.
#include "kb/importers.h"

#include <set>

#include "import/import_util.h"
#include "text/text_util.h"

namespace kb {
std::string detect_document_kind(const TextSource& text) {
  std::set<std::string> message_headings;
  int roles = 0, questions = 0, last_question = 0;
  bool signatories = false;
  SourceDocument scratch_source;
  detail::UnitFactory scratch_factory(scratch_source);
  for (std::size_t i = 0; i < text.lines.size(); ++i) {
    const auto& t = text.lines[i].text;
    if (t.empty()) continue;
    if (detail::is_message_heading(t)) message_headings.insert(t);
    if (detail::role_line(t)) ++roles;
    if (auto q = detail::numbered_question(text.lines, i, last_question)) {
      ++questions;
      last_question = q->number;
    }
    if (!signatories) {
      std::vector<Unit> scratch;
      signatories = detail::take_signatories(text.lines, i, scratch_factory, scratch) > 0;
    }
  }
  if (message_headings.size() >= 2) return doc_kind::framework;
  if (roles >= 2) return doc_kind::session_proposal;
  if (questions >= 3) return doc_kind::consultation;
  if (signatories) return doc_kind::statement;
  return doc_kind::document;
}

std::string derive_title(const TextSource& text) {
  const SourceLine* first = nullptr;
  for (const auto& line : text.lines) {
    if (line.text.empty()) continue;
    if (line.heading_level > 0) return line.text;
    if (!first) first = &line;
  }
  if (!first) return {};
  std::string title = first->text;
  if (title.size() > 120) {
    auto cut = title.rfind(' ', 117);
    title = title.substr(0, cut == std::string::npos ? 117 : cut) + "\xE2\x80\xA6";
  }
  return title;
}

ImportedDocument import_text(const TextSource& text, SourceDocument source,
                             const Taxonomy& taxonomy) {
  if (source.kind.empty()) source.kind = detect_document_kind(text);
  if (source.title.empty()) source.title = derive_title(text);
  ImportedDocument doc;
  if (source.kind == doc_kind::framework)
    doc.units = import_framework(text, source, taxonomy);
  else if (source.kind == doc_kind::consultation)
    doc.units = import_qa(text, source);
  else if (source.kind == doc_kind::session_proposal)
    doc.units = import_session_proposal(text, source);
  else if (source.kind == doc_kind::statement)
    doc.units = import_statement(text, source);
  else
    doc.units = import_passages(text, source);
  doc.source = std::move(source);
  return doc;
}

}  // namespace kb
