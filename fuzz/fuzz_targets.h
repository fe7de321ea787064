// The bodies of kb's fuzz targets. They are compiled into the libFuzzer binaries
// (fuzz/*_fuzzer.cpp) and into a regression test that replays every input saved in
// fuzz/regressions/ — a crash found once stays tested.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace kb::fuzz {

// Plain-text/Markdown cleaning, kind detection and every text importer.
void text_importers(const std::uint8_t* data, std::size_t size);
// PDF, DOCX and HTML documents (by their first bytes: "%PDF-", "PK", else HTML) through
// their readers and every text importer.
void document_formats(const std::uint8_t* data, std::size_t size);
// The XML corpus formats: catalog, taxonomy, glossary and curated framework.
void xml_formats(const std::uint8_t* data, std::size_t size);
// Query text and filter values against an index of the bundled corpus (built once in
// `index_dir`, which must hold a published index).
void query_handling(const std::string& index_dir, const std::uint8_t* data, std::size_t size);

}  // namespace kb::fuzz
