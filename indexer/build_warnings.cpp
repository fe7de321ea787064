#include "build_warnings.h"

#include <iostream>
#include <string>

#include "kb/error.h"

namespace kb::indexer {

void report_warnings(const Corpus& corpus, bool strict, const term::Style& style) {
  auto label = [&] { return strict ? style.red("error") : style.yellow("warning"); };
  for (const auto& w : corpus.warnings)
    std::cerr << "kb-index: " << label() << ": " << w.file << ": " << w.message
              << (strict ? "" : "; skipped") << "\n";
  for (const auto& w : corpus.import_warnings)
    std::cerr << "kb-index: " << label() << ": " << w.file
              << (w.line > 0 ? ":" + std::to_string(w.line) : "") << ": " << w.message << "\n";
  if (auto n = corpus.warnings.size() + corpus.import_warnings.size(); strict && n > 0)
    throw Error(ErrorCode::ingest_error, "--strict: " + std::to_string(n) +
                                             (n == 1 ? " warning is" : " warnings are") +
                                             " treated as errors");
}

}  // namespace kb::indexer
