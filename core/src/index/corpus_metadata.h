// The metadata an index of a corpus records (index/index_metadata.h), taken from the
// corpus. Internal to kb_core; the writer's side only.
#pragma once

#include "index/index_metadata.h"
#include "kb/corpus.h"

namespace kb::detail {

// Every facet's values (from where schema::Facet::values_from says), the sources, the
// glossary's forms, the units' languages, `options`, and the time of the call. Assembled
// from each source's state (index/source_state.h), as an incremental build assembles it.
IndexMetadata metadata_of(const Corpus& corpus, const BuildOptions& options);

// A message unit as a facet value: also known by its id within its source ("m4") and
// by the last part of its section ("Message 4").
FacetValueRecord message_value(const Unit& message);

// The unit kinds as facet values.
std::vector<FacetValueRecord> kind_values();

}  // namespace kb::detail
