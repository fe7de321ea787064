#include "kb/model.h"

namespace kb {

const std::vector<std::string>& all_unit_kinds() {
  static const std::vector<std::string> kinds = {
      kind::message, kind::proof_point, kind::audience_guidance, kind::answer,
      kind::passage, kind::policy_question, kind::signatory,     kind::speaker,
      kind::organiser, kind::glossary};
  return kinds;
}

const char* to_string(Provenance p) { return p == Provenance::curated ? "curated" : "inferred"; }

std::string format_citation(const std::string& source_title, const Citation& cite) {
  std::string out = source_title;
  if (!cite.section.empty()) {
    if (!out.empty()) out += ", ";
    out += cite.section;
  }
  if (cite.first_line > 0) {
    if (!out.empty()) out += ", ";
    if (cite.last_line > cite.first_line)
      out += "lines " + std::to_string(cite.first_line) + "-" + std::to_string(cite.last_line);
    else
      out += "line " + std::to_string(cite.first_line);
  }
  return out;
}

}  // namespace kb
