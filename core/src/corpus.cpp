#include "kb/corpus.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "kb/error.h"
#include "kb/importers.h"
#include "kb/text_source.h"
#include "text_util.h"

namespace fs = std::filesystem;

namespace kb {
namespace {

// Larger documents are almost certainly a mistake (a binary, a dump): refuse them
// with a clear message instead of indexing megabytes of noise.
constexpr std::uintmax_t max_document_bytes = 64ull << 20;

bool is_text_extension(const std::string& ext) {
  return ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".text";
}

std::vector<fs::path> list_documents(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied)) {
    if (!entry.is_regular_file()) continue;
    auto name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    auto ext = text::lower_ascii(entry.path().extension().string());
    if (is_text_extension(ext) || ext == ".xml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Readable ids for units that collide inside one document ("…/signatory/x-2").
void make_ids_unique(std::vector<Unit>& units) {
  std::map<std::string, int> seen;
  for (auto& u : units) {
    int n = ++seen[u.id];
    if (n > 1) u.id += "-" + std::to_string(n);
  }
}

}  // namespace

Corpus load_corpus(const std::string& dir, const ImportProgress& progress) {
  fs::path root(dir);
  if (!fs::is_directory(root))
    throw Error(ErrorCode::invalid_argument, "corpus folder \"" + dir + "\" does not exist or is not a folder");
  Corpus corpus;
  corpus.dir = dir;
  auto file_of = [&](const char* name) { return (root / name).string(); };

  Catalog catalog;
  if (fs::exists(root / "catalog.xml")) catalog = load_catalog(file_of("catalog.xml"));
  if (fs::exists(root / "taxonomy.xml")) corpus.taxonomy = load_taxonomy(file_of("taxonomy.xml"));
  if (fs::exists(root / "glossary.xml")) corpus.glossary = load_glossary(file_of("glossary.xml"));

  auto files = list_documents(root / "documents");
  std::set<std::string> listed;
  for (const auto& f : files) listed.insert(fs::relative(f, root).generic_string());
  for (const auto& [file, doc] : catalog)
    if (!listed.count(file))
      throw IngestError(file_of("catalog.xml"), 0,
                        "document \"" + doc.id + "\" names file \"" + file + "\", which does not exist");

  std::set<std::string> source_ids{"glossary"};
  std::set<std::string> unit_ids;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& path = files[i];
    auto relative = fs::relative(path, root).generic_string();
    auto display = (root / relative).string();
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (ec) throw IngestError(display, 0, "cannot be read: " + ec.message());
    if (size == 0) throw IngestError(display, 0, "is empty; remove it or give it content");
    if (size > max_document_bytes)
      throw IngestError(display, 0, "is " + std::to_string(size >> 20) + " MiB; documents over " +
                                        std::to_string(max_document_bytes >> 20) + " MiB are refused");

    SourceDocument meta;
    if (auto it = catalog.find(relative); it != catalog.end()) {
      meta = it->second;
    } else {
      meta.id = slugify(path.stem().string());
      meta.file = relative;
    }
    auto ext = text::lower_ascii(path.extension().string());
    ImportedDocument doc;
    if (ext == ".xml") {
      doc = import_framework_xml(path.string(), meta, corpus.taxonomy);
    } else {
      doc = import_text(read_text_source(path.string(), display), meta, corpus.taxonomy);
      make_ids_unique(doc.units);
    }
    if (doc.source.id.empty()) doc.source.id = slugify(path.stem().string());
    if (!source_ids.insert(doc.source.id).second)
      throw IngestError(display, 0, "document id \"" + doc.source.id +
                                        "\" is already used by another document; give it a catalog entry with its own id");
    if (doc.units.empty()) throw IngestError(display, 0, "no content found to index");
    int position = 0;
    for (auto& u : doc.units) u.position = ++position;  // importers may emit a list before its lead-in
    for (auto& u : doc.units) {
      if (!unit_ids.insert(u.id).second)
        throw IngestError(display, u.cite.first_line, "unit id \"" + u.id + "\" is used twice");
      corpus.taxonomy.infer_tags(u);
      corpus.units.push_back(std::move(u));
    }
    if (progress) progress(i + 1, files.size(), display, doc.units.size());
    corpus.sources.push_back(std::move(doc.source));
  }

  if (!corpus.glossary.empty()) {
    SourceDocument glossary;
    glossary.id = "glossary";
    glossary.file = "glossary.xml";
    glossary.title = "Glossary";
    glossary.kind = "glossary";
    glossary.from_catalog = true;
    corpus.sources.push_back(glossary);
    for (auto& u : glossary_units(corpus.glossary)) {
      corpus.taxonomy.infer_tags(u);
      corpus.units.push_back(std::move(u));
    }
  }
  return corpus;
}

}  // namespace kb
