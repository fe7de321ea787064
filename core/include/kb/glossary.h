// corpus/glossary.xml: acronyms and synonyms. They become search synonyms and
// glossary units of their own.
#pragma once

#include <string>
#include <vector>

#include "kb/model.h"

namespace kb {

struct GlossaryEntry {
  std::string id;
  std::string term;       // "IGF"
  std::string expansion;  // "Internet Governance Forum" (may be empty)
  std::vector<std::string> synonyms;
  std::string definition;
  int line = 0;

  // term, expansion and synonyms: every form that means the same thing.
  std::vector<std::string> forms() const;
};

using Glossary = std::vector<GlossaryEntry>;

Glossary load_glossary(const std::string& path);

// One searchable unit per glossary entry ("glossary/<id>").
std::vector<Unit> glossary_units(const Glossary& glossary);

}  // namespace kb
