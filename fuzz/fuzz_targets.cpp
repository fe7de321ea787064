#include "fuzz_targets.h"

#include <unistd.h>

#include <fstream>
#include <memory>
#include <string_view>

#include "kb/catalog.h"
#include "kb/error.h"
#include "kb/glossary.h"
#include "kb/importers.h"
#include "kb/schema.h"
#include "kb/search.h"
#include "kb/taxonomy.h"
#include "kb/text_source.h"

namespace kb::fuzz {
namespace {

const Taxonomy& taxonomy() {
  static const Taxonomy t = [] {
    Taxonomy tax;
    tax.audiences.push_back(
        {"policymakers", "Policymakers", "", {"governments"}, {{{"government"}, 1}}});
    tax.themes.push_back({"igf", "IGF", "", {}, {{{"IGF", "Internet Governance Forum"}, 1}}});
    return tax;
  }();
  return t;
}

// A scratch file per process and extension: the XML and document readers take paths.
std::string scratch_path(const std::string& ext = ".xml") {
  return "/tmp/kb-fuzz-" + std::to_string(::getpid()) + ext;
}

void write_scratch(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

// Every importer on `text`, checking the invariants of the units it makes.
void import_every_kind(const TextSource& text) {
  for (const char* kind : {"", doc_kind::framework, doc_kind::consultation, doc_kind::statement,
                           doc_kind::session_proposal, doc_kind::document}) {
    SourceDocument source;
    source.id = "fuzz";
    source.kind = kind;
    auto doc = import_text(text, source, taxonomy());
    for (auto& u : doc.units) {
      taxonomy().infer_tags(u);
      if (u.id.empty() || u.cite.last_line < u.cite.first_line) __builtin_trap();  // invariants
    }
  }
}

}  // namespace

void text_importers(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    import_every_kind(parse_text_source(input, "fuzz.txt"));
  } catch (const IngestError&) {
    // Malformed input is allowed to be refused, with file and line.
  }
}

void document_formats(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string ext = input.substr(0, 5) == "%PDF-" ? ".pdf"
                    : input.substr(0, 2) == "PK"  ? ".docx"
                                                  : ".html";
  auto path = scratch_path(ext);
  write_scratch(path, data, size);
  try {
    import_every_kind(read_document(path, "fuzz" + ext));
  } catch (const IngestError&) {
    // A malformed, encrypted or over-size document is refused by name.
  }
}

void xml_formats(const std::uint8_t* data, std::size_t size) {
  write_scratch(scratch_path(), data, size);
  auto attempt = [](auto&& f) {
    try {
      f();
    } catch (const IngestError&) {
    }
  };
  attempt([] { load_catalog(scratch_path()); });
  attempt([] { load_taxonomy(scratch_path()); });
  attempt([] { load_glossary(scratch_path()); });
  attempt([] {
    SourceDocument source;
    source.id = "fuzz";
    import_framework_xml(scratch_path(), source, taxonomy());
  });
}

void query_handling(const std::string& index_dir, const std::uint8_t* data, std::size_t size) {
  static std::unique_ptr<Index> index;
  if (!index) index = std::make_unique<Index>(index_dir);
  // Layout: first byte picks options, then "query\x00filter-value".
  if (size == 0) return;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  auto nul = rest.find('\0');
  SearchRequest r;
  r.query = std::string(rest.substr(0, nul));
  r.partial = data[0] & 1;
  r.sort_by_date = data[0] & 2;
  r.limit = (data[0] >> 2) & 15;
  r.offset = (data[0] >> 6) & 3;
  if (nul != std::string_view::npos) {
    const auto& facet = schema::facets[data[0] % schema::facets.size()];
    r.filters[std::string(facet.name)] = {std::string(rest.substr(nul + 1))};
  }
  try {
    auto result = index->search(r);
    if (result.hits.size() > r.limit) __builtin_trap();
    index->suggest(r.query, 5);
  } catch (const Error& e) {
    // Bad queries, queries over the word or term caps and unknown filter values are user
    // errors with a code; nothing else.
    if (e.code() != ErrorCode::invalid_query && e.code() != ErrorCode::query_too_complex &&
        e.code() != ErrorCode::unknown_filter && e.code() != ErrorCode::invalid_argument)
      throw;
  }
}

}  // namespace kb::fuzz
