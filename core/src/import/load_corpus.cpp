#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>

#include "corpus/xml_file.h"
#include "import/corpus_load.h"
#include "import/document_import.h"
#include "import/formats.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/import_report.h"
#include "kb/importers.h"
#include "kb/review.h"
#include "kb/text.h"
#include "kb/text_source.h"
#include "parallel.h"
#include "text/hash.h"
#include "text/source_text_record.h"
#include "text/text_util.h"

namespace fs = std::filesystem;

namespace kb {
namespace {

bool is_text_extension(const std::string& ext) {
  return ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".text";
}

bool is_document_extension(const fs::path& path) {
  auto ext = text::lower_ascii(path.extension().string());
  return is_text_extension(ext) || ext == ".xml" || !detail::document_format(ext).empty();
}

// Whether `path` (canonical) is `root` (canonical) or inside it.
bool is_within(const fs::path& path, const fs::path& root) {
  auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return r == root.end();
}

std::string file_type_of(const fs::file_status& status) {
  switch (status.type()) {
    case fs::file_type::fifo:
      return "a FIFO (named pipe)";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

// Where a corpus path may lead: a symbolic link must stay inside the corpus folder.
// Returns the status of what the path names (following a link), for the caller to check
// the type. Throws IngestError naming `display` for a link that leaves or is broken.
fs::file_status resolve_inside(const fs::path& path, const fs::path& canonical_root,
                               const std::string& display) {
  std::error_code ec;
  auto own = fs::symlink_status(path, ec);
  if (!fs::is_symlink(own)) return own;
  auto written = fs::read_symlink(path, ec).string();
  auto target = fs::canonical(path, ec);
  if (ec)
    throw IngestError(
        display, 0,
        "is a symbolic link to " + written + ", which cannot be followed (" + ec.message() + ")");
  if (!is_within(target, canonical_root))
    throw IngestError(display, 0,
                      "is a symbolic link to " + target.string() +
                          ", outside the corpus folder; kb reads only files inside " +
                          canonical_root.string());
  return fs::status(path, ec);
}

// Collects the documents under documents/, depth first in name order. Unreadable folders
// and files that are not documents are skipped with a warning; hidden entries are ignored.
class DocumentWalk {
 public:
  DocumentWalk(fs::path canonical_root, std::vector<CorpusWarning>& warnings)
      : canonical_root_(std::move(canonical_root)), warnings_(warnings) {}

  struct File {
    fs::path path;         // the corpus folder joined with `relative`
    std::string relative;  // inside the corpus, as the catalog names it: "documents/x.txt"
  };

  // `relative`: `dir` inside the corpus folder ("documents", "documents/sub").
  void walk(const fs::path& dir, const std::string& relative) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
      warn(dir, "cannot read folder (" + ec.message() + ")");
      return;
    }
    std::vector<fs::path> entries;
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      entries.push_back(it->path());
    }
    if (ec) warn(dir, "part of the folder could not be read (" + ec.message() + ")");
    std::sort(entries.begin(), entries.end());
    for (const auto& path : entries) visit(path, relative + "/" + path.filename().string());
  }

  std::vector<File> files;

 private:
  void visit(const fs::path& path, const std::string& relative) {
    auto name = path.filename().string();
    if (name.empty() || name[0] == '.') return;
    std::error_code ec;
    bool link = fs::is_symlink(fs::symlink_status(path, ec));
    auto status = resolve_inside(path, canonical_root_, path.string());
    if (fs::is_directory(status)) {
      if (link)
        warn(path, "is a symbolic link to a folder; links to folders are not followed");
      else
        walk(path, relative);
    } else if (fs::is_regular_file(status)) {
      if (is_document_extension(path))
        files.push_back({path, relative});
      else
        warn(path,
             "is not a document (.txt, .md, .markdown, .text, .pdf, .docx, .html, .htm, "
             ".xhtml or .xml)");
    } else {
      throw IngestError(path.string(), 0,
                        "is " + file_type_of(status) +
                            ", not a regular file; documents/ holds only documents and folders");
    }
  }

  void warn(const fs::path& path, std::string message) {
    warnings_.push_back({path.string(), std::move(message)});
  }

  fs::path canonical_root_;
  std::vector<CorpusWarning>& warnings_;
};

// The PDF pages of each unit's first and last line (nothing for a source without pages).
void cite_pages(const TextSource& text, std::vector<Unit>& units) {
  std::vector<std::pair<int, int>> pages;  // (line number, page), in line order
  for (const auto& line : text.lines)
    if (line.page > 0) pages.emplace_back(line.number, line.page);
  if (pages.empty()) return;
  auto page_of = [&](int number) {
    auto it = std::upper_bound(pages.begin(), pages.end(), std::make_pair(number, INT32_MAX));
    return it == pages.begin() ? pages.front().second : std::prev(it)->second;
  };
  for (auto& u : units) {
    if (u.cite.first_line <= 0) continue;
    u.cite.page = page_of(u.cite.first_line);
    u.cite.last_page = page_of(std::max(u.cite.first_line, u.cite.last_line));
  }
}

// Readable ids for units that collide inside one document ("…/signatory/x-2").
void make_ids_unique(std::vector<Unit>& units) {
  std::map<std::string, int> seen;
  for (auto& u : units) {
    int n = ++seen[u.id];
    if (n > 1) u.id += "-" + std::to_string(n);
  }
}

// One signatory-list unit before each run of signatories under one introducer: "who
// signed X" is answered by one unit with every name, their count and the date, not by a
// unit per name. Its id is "<source>/signatories" ("-2", ... for further lists).
void add_signatory_lists(const SourceDocument& source, std::vector<Unit>& units) {
  std::vector<Unit> out;
  out.reserve(units.size() + 1);
  int lists = 0;
  for (std::size_t i = 0; i < units.size();) {
    if (units[i].kind != kind::signatory) {
      out.push_back(std::move(units[i++]));
      continue;
    }
    std::size_t end = i;
    while (end < units.size() && units[end].kind == kind::signatory &&
           units[end].cite.section == units[i].cite.section)
      ++end;
    if (end - i >= 2) {
      Unit list = units[i];  // source, section, language and tags of the list
      list.kind = kind::signatory_list;
      list.id = source.id + "/signatories" + (++lists > 1 ? "-" + std::to_string(lists) : "");
      list.title = "Signatories of " + source.title;
      std::string names;
      for (std::size_t k = i; k < end; ++k) names += (k > i ? "; " : "") + units[k].title;
      list.text = std::to_string(end - i) + " signatories signed " + source.title +
                  (source.date.empty() ? "" : " (" + source.date + ")") + ": " + names + ".";
      list.cite.last_line = units[end - 1].cite.last_line;
      out.push_back(std::move(list));
    }
    for (; i < end; ++i) out.push_back(std::move(units[i]));
  }
  units = std::move(out);
}

}  // namespace

namespace detail {

DocumentImport import_document_file(const std::string& path, const SourceDocument& meta,
                                    const Taxonomy& taxonomy, const std::string& display) {
  auto ext = text::lower_ascii(fs::path(path).extension().string());
  // Read safely (regular file, size cap of its format) before anything else looks at it.
  auto content = read_document_content(path, ext, display);
  if (content.empty()) throw IngestError(display, 0, "is empty; remove it or give it content");
  DocumentImport out;
  out.content_hash = text::content_hash(content);
  if (ext == ".xml") {
    out.doc = import_framework_xml(path, meta, taxonomy);
    out.text_record = text::source_text_record(document_text_source(content, ext, display).lines);
  } else {
    out.text = document_text_source(content, ext, display);
    std::string().swap(content);  // the lines hold the text now
    out.doc = import_text(out.text, meta, taxonomy);
    make_ids_unique(out.doc.units);
    cite_pages(out.text, out.doc.units);
    out.text_record = text::source_text_record(out.text.lines);
  }
  if (out.doc.source.id.empty()) out.doc.source.id = slugify(fs::path(path).stem().string());
  add_signatory_lists(out.doc.source, out.doc.units);
  int position = 0;
  for (auto& u : out.doc.units)
    u.position = ++position;  // importers may emit a list before its lead-in
  return out;
}

}  // namespace detail

namespace detail {

bool stat_stamp(const fs::path& path, SourceStamp& stamp) {
  struct stat st {};
  auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  if (::stat(path.c_str(), &st) != 0) return false;
  stamp.size = static_cast<std::uint64_t>(st.st_size);
  stamp.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  stamp.stat_ns = now;
  return true;
}

CorpusListing list_corpus(const std::string& dir, Corpus& corpus) {
  fs::path root(dir);
  if (!fs::is_directory(root))
    throw Error(ErrorCode::invalid_argument,
                "corpus folder \"" + dir + "\" does not exist or is not a folder");
  CorpusListing listing;
  listing.root = root;
  corpus.dir = dir;
  auto file_of = [&](const char* name) { return (root / name).string(); };

  std::error_code ec;
  auto canonical_root = fs::canonical(root, ec);
  if (ec)
    throw Error(ErrorCode::invalid_argument,
                "corpus folder \"" + dir + "\" cannot be resolved: " + ec.message());
  // The three XML files: absent is fine; a link must stay inside the corpus; the reader
  // refuses anything but a regular file and caps the size.
  auto present = [&](const char* name) {
    auto status = resolve_inside(root / name, canonical_root, file_of(name));
    return fs::exists(status);
  };

  // What the settings hash covers: each file's bytes, or its absence. Read again beside
  // the loaders (they are small); a file replaced between the two reads is caught by the
  // next build's hash.
  text::Hasher settings;
  for (const char* name : {"catalog.xml", "taxonomy.xml", "glossary.xml"}) {
    settings.field(name);
    if (!present(name)) {
      settings.field("absent");
      continue;
    }
    if (std::string name_s = name; name_s == "catalog.xml")
      listing.catalog = load_catalog(file_of(name));
    else if (name_s == "taxonomy.xml")
      corpus.taxonomy = load_taxonomy(file_of(name));
    else
      corpus.glossary = load_glossary(file_of(name));
    settings.field(text::file_hash(file_of(name)));
  }
  corpus.settings_hash = settings.hex();

  DocumentWalk walk(canonical_root, corpus.warnings);
  if (auto documents = resolve_inside(root / "documents", canonical_root, file_of("documents"));
      fs::is_directory(documents))
    walk.walk(root / "documents", "documents");
  else if (fs::exists(documents))
    throw IngestError(file_of("documents"), 0,
                      "is not a folder; documents/ must be a folder inside the corpus");
  std::set<std::string> listed;
  for (auto& f : walk.files) {
    listed.insert(f.relative);
    listing.documents.push_back({std::move(f.path), std::move(f.relative)});
  }
  for (const auto& [file, doc] : listing.catalog.documents)
    if (!listed.count(file))
      throw IngestError(
          file_of("catalog.xml"), 0,
          "document \"" + doc.id + "\" names file \"" + file + "\", which does not exist");
  return listing;
}

ListedImport import_listed(const CorpusListing& listing, const Taxonomy& taxonomy,
                           const ListedDocument& document) {
  const auto& path = document.path;
  auto display = path.string();
  SourceDocument meta;
  if (auto it = listing.catalog.documents.find(document.relative);
      it != listing.catalog.documents.end()) {
    meta = it->second;
  } else {
    meta.id = slugify(path.stem().string());
    meta.file = document.relative;
  }
  ListedImport out;
  // Stat before reading: a file written after the stat has another mtime next time.
  stat_stamp(path, out.stamp);
  auto imported = import_document_file(path.string(), meta, taxonomy, display);
  out.stamp.hash = std::move(imported.content_hash);
  out.text_record = std::move(imported.text_record);
  auto& doc = imported.doc;
  if (doc.units.empty()) throw IngestError(display, 0, "no content found to index");
  for (auto& w : import_warnings(doc)) out.import_warnings.push_back({display, w.message, w.line});
  for (auto& u : doc.units) {
    inherit_review(u.review, doc.source.review);
    inherit_review(u.review, listing.catalog.review);
    taxonomy.infer_tags(u);
  }
  out.units = std::move(doc.units);
  out.source = std::move(doc.source);
  return out;
}

}  // namespace detail

Corpus load_corpus(const std::string& dir, const ImportProgress& progress, unsigned jobs) {
  Corpus corpus;
  auto listing = detail::list_corpus(dir, corpus);
  const auto& files = listing.documents;
  std::set<std::string> source_ids{"glossary"};
  std::set<std::string> unit_ids;
  // Documents are imported on several threads (reading and parsing a PDF is the slow
  // part) and taken in corpus order, so ids, warnings and the first error are those a
  // one-thread load gives.
  detail::ordered_parallel(
      files.size(), detail::worker_count(jobs, files.size()),
      [&](std::size_t i) { return detail::import_listed(listing, corpus.taxonomy, files[i]); },
      [&](std::size_t i, detail::ListedImport doc) {
        auto display = files[i].path.string();
        if (!source_ids.insert(doc.source.id).second)
          throw IngestError(display, 0,
                            "document id \"" + doc.source.id +
                                "\" is already used by another document; give it a catalog "
                                "entry with its own id");
        for (auto& w : doc.import_warnings) corpus.import_warnings.push_back(std::move(w));
        auto units = doc.units.size();
        for (auto& u : doc.units) {
          if (!unit_ids.insert(u.id).second)
            throw IngestError(display, u.cite.first_line, "unit id \"" + u.id + "\" is used twice");
          corpus.units.push_back(std::move(u));
        }
        if (progress) progress(i + 1, files.size(), display, units);
        corpus.stamps[files[i].relative] = doc.stamp;
        corpus.source_texts[doc.source.id] = std::move(doc.text_record);
        corpus.sources.push_back(std::move(doc.source));
      });

  if (!corpus.glossary.empty()) {
    SourceDocument glossary;
    glossary.id = "glossary";
    glossary.file = "glossary.xml";
    glossary.title = "Glossary";
    glossary.kind = "glossary";
    glossary.from_catalog = true;
    auto path = (listing.root / glossary.file).string();
    corpus.source_texts[glossary.id] = text::source_text_record(read_document(path, path).lines);
    corpus.sources.push_back(glossary);
    for (auto& u : glossary_units(corpus.glossary)) {
      inherit_review(u.review, listing.catalog.review);
      corpus.taxonomy.infer_tags(u);
      corpus.units.push_back(std::move(u));
    }
  }
  return corpus;
}

}  // namespace kb
