// The metadata an index of a corpus records (index/index_metadata.h), taken from the
// corpus. Internal to kb_core; the writer's side only.
#pragma once

#include "index/index_metadata.h"
#include "kb/corpus.h"

namespace kb::detail {

// Every facet's values (from where schema::Facet::values_from says), the sources, the
// glossary's forms, the units' languages, `options`, and the time of the call.
IndexMetadata metadata_of(const Corpus& corpus, const BuildOptions& options);

}  // namespace kb::detail
