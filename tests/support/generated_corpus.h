// A corpus of many alike units from one source, for tests of counting at scale (more
// matches than exact_count_limit, sampled facet counts).
#pragma once

#include <functional>
#include <string>

#include "kb/corpus.h"

namespace kb::testing {

// `units` units "u0".."uN-1" of source "generated", each of kind_of(i) with text text_of(i).
inline kb::Corpus generated_corpus(int units, const std::function<std::string(int)>& kind_of,
                                   const std::function<std::string(int)>& text_of) {
  kb::Corpus corpus;
  kb::SourceDocument source;
  source.id = "generated";
  source.file = "generated.md";
  source.title = "Generated";
  source.kind = kb::doc_kind::document;
  source.from_catalog = true;
  corpus.sources.push_back(source);
  for (int i = 0; i < units; ++i) {
    kb::Unit u;
    u.id = "u" + std::to_string(i);
    u.kind = kind_of(i);
    u.title = "Unit " + std::to_string(i);
    u.text = text_of(i);
    u.source_id = source.id;
    u.lang = "en";
    u.position = i + 1;
    corpus.units.push_back(std::move(u));
  }
  return corpus;
}

}  // namespace kb::testing
