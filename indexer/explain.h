// kb-index --explain FILE: how one document is understood (its kind, sections, messages
// with their proof points, audience guidance, the lines dropped as artefacts, import
// warnings), printed for a curator or as JSON. Nothing is built or published.
#pragma once

#include <string>

namespace kb::indexer {

// Prints the report of `file` imported against `corpus_dir` on stdout (JSON when
// `json`); returns the exit code: 0 when the file could be read, else the error table's
// code after "kb-index: file: what" on stderr.
int run_explain(const std::string& file, const std::string& corpus_dir, bool json,
                const std::string& color);

}  // namespace kb::indexer
