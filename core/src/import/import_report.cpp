// kb-index --explain: one document imported as a build would, and what came of it; and
// the import warnings the build gives for a document that looks cut wrong.
#include "kb/import_report.h"

#include <algorithm>
#include <filesystem>

#include "import/document_import.h"
#include "import/formats.h"
#include "kb/catalog.h"
#include "kb/text.h"
#include "text/text_util.h"

namespace fs = std::filesystem;

namespace kb {
namespace {

// "documents/x.txt" when `file` is inside the corpus's documents/ folder, else "".
std::string corpus_relative(const std::string& file, const fs::path& corpus) {
  std::error_code ec;
  auto documents = fs::canonical(corpus / "documents", ec);
  if (ec) return {};
  auto target = fs::weakly_canonical(fs::absolute(file, ec), ec);
  if (ec) return {};
  auto [d, t] = std::mismatch(documents.begin(), documents.end(), target.begin(), target.end());
  if (d != documents.end() || t == target.end()) return {};
  fs::path relative = "documents";
  for (; t != target.end(); ++t) relative /= *t;
  return relative.generic_string();
}

std::string format_of(const std::string& file) {
  auto ext = text::lower_ascii(fs::path(file).extension().string());
  if (auto f = detail::document_format(ext); !f.empty()) return std::string(f);
  if (ext == ".xml") return "xml";
  if (ext == ".md" || ext == ".markdown") return "markdown";
  return "text";
}

std::string first_section(const std::string& section) {
  auto cut = section.find(section_separator);
  return cut == std::string::npos ? section : section.substr(0, cut);
}

void widen(int& first, int& last, const Citation& cite) {
  if (cite.first_line <= 0) return;
  if (first == 0 || cite.first_line < first) first = cite.first_line;
  last = std::max({last, cite.first_line, cite.last_line});
}

}  // namespace

std::vector<ImportWarning> import_warnings(const ImportedDocument& doc) {
  std::vector<ImportWarning> out;
  const auto& units = doc.units;
  int number = 0;
  for (const auto& m : units) {
    if (m.kind != kind::message) continue;
    ++number;
    bool proved = std::any_of(units.begin(), units.end(), [&](const Unit& u) {
      return u.kind == kind::proof_point && u.message_id == m.message_id;
    });
    if (!proved)
      out.push_back({m.cite.first_line, "message " + std::to_string(number) + " '" +
                                            shorten(m.title, 80) + "' has no proof points"});
  }
  if (doc.source.kind == doc_kind::framework &&
      std::none_of(units.begin(), units.end(),
                   [](const Unit& u) { return u.kind == kind::audience_guidance; }))
    out.push_back({0,
                   "framework without audience guidance: no section whose heading names "
                   "audiences (\"Audience guidance\", \"Tailoring for audiences\") was found"});
  return out;
}

ImportReport explain_document(const std::string& file, const std::string& corpus_dir) {
  ImportReport report;
  report.file = file;
  report.format = format_of(file);

  Catalog catalog;
  Taxonomy taxonomy;
  fs::path corpus(corpus_dir);
  std::error_code ec;
  if (!corpus_dir.empty() && fs::is_directory(corpus, ec)) {
    if (fs::is_regular_file(corpus / "catalog.xml", ec))
      catalog = load_catalog((corpus / "catalog.xml").string());
    if (fs::is_regular_file(corpus / "taxonomy.xml", ec))
      taxonomy = load_taxonomy((corpus / "taxonomy.xml").string());
    report.corpus_file = corpus_relative(file, corpus);
  }
  SourceDocument meta;
  if (auto it = catalog.documents.find(report.corpus_file);
      !report.corpus_file.empty() && it != catalog.documents.end()) {
    meta = it->second;
  } else {
    meta.id = slugify(fs::path(file).stem().string());
    meta.file = report.corpus_file.empty() ? file : report.corpus_file;
  }
  bool kind_given = !meta.kind.empty();

  auto imported = detail::import_document_file(file, meta, taxonomy, file);
  const auto& text = imported.text;
  report.doc = std::move(imported.doc);
  report.kind = report.doc.source.kind;
  report.kind_source = kind_given ? "catalog" : "detected";
  if (report.format != "xml") report.detected_kind = detect_document_kind(text);
  for (const auto& line : text.lines) {
    report.lines = std::max(report.lines, line.number);
    report.pages = std::max(report.pages, line.page);
  }
  for (const auto& d : text.dropped) report.lines = std::max(report.lines, d.number);
  report.dropped = text.dropped;

  for (const auto& u : report.doc.units) {
    ++report.units_by_kind[u.kind];
    auto title = first_section(u.cite.section);
    auto section = std::find_if(report.sections.begin(), report.sections.end(),
                                [&](const ReportSection& s) { return s.title == title; });
    if (section == report.sections.end())
      section = report.sections.insert(report.sections.end(), ReportSection{title, 0, 0, {}});
    widen(section->first_line, section->last_line, u.cite);
    ++section->units[u.kind];

    if (u.kind == kind::message) {
      report.messages.push_back({u.id, u.title, u.cite.first_line, {}});
      for (const auto& p : report.doc.units)
        if (p.kind == kind::proof_point && p.message_id == u.message_id)
          report.messages.back().proof_points.push_back({p.id, p.cite.first_line, p.text});
    } else if (u.kind == kind::audience_guidance) {
      ReportGuidance g;
      g.audience = u.audiences.empty() ? std::string() : u.audiences.front().id;
      g.label = u.title;
      g.known = std::any_of(taxonomy.audiences.begin(), taxonomy.audiences.end(),
                            [&](const TaxonomyEntry& e) { return e.id == g.audience; });
      g.first_line = u.cite.first_line;
      g.last_line = std::max(u.cite.first_line, u.cite.last_line);
      report.audience_guidance.push_back(std::move(g));
    }
  }
  report.warnings = import_warnings(report.doc);
  return report;
}

}  // namespace kb
