// The warnings of a corpus load, as kb-index prints them for a build and for each rebuild
// of --watch: skipped files ("skipped") and import warnings (imported, but the cut looks
// wrong: kb-index --explain FILE shows it). With --strict any warning is an error.
#pragma once

#include "kb/corpus.h"
#include "kb/terminal.h"

namespace kb::indexer {

// Prints each warning on stderr (even with -q: something may be missing from the index).
// With `strict`, throws Error(ingest_error) when there was any, after printing them.
void report_warnings(const Corpus& corpus, bool strict, const term::Style& style);

}  // namespace kb::indexer
