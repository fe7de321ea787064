#include "kb/model.h"

#include "kb/schema.h"

namespace kb {

const std::vector<std::string>& all_unit_kinds() {
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> ids;
    for (const auto& k : unit_kinds) ids.emplace_back(k.kind);
    return ids;
  }();
  return kinds;
}

bool is_name_kind(std::string_view k) {
  return k == kind::signatory || k == kind::signatory_list || k == kind::speaker ||
         k == kind::organiser;
}

const char* to_string(Provenance p) {
  return p == Provenance::curated ? "curated" : "inferred";
}

const std::vector<Tag>* tags_of(const Unit& unit, std::string_view facet) {
  if (facet == "audience") return &unit.audiences;
  if (facet == "theme") return &unit.themes;
  if (!schema::is_taxonomy_facet(facet)) return nullptr;
  static const std::vector<Tag> none;
  auto it = unit.other_tags.find(facet);
  return it == unit.other_tags.end() ? &none : &it->second;
}

std::vector<Tag>* tags_of(Unit& unit, std::string_view facet) {
  if (facet == "audience") return &unit.audiences;
  if (facet == "theme") return &unit.themes;
  if (!schema::is_taxonomy_facet(facet)) return nullptr;
  auto it = unit.other_tags.find(facet);
  if (it == unit.other_tags.end())
    it = unit.other_tags.emplace(std::string(facet), std::vector<Tag>{}).first;
  return &it->second;
}

std::string cited_source(const SourceDocument& source) {
  std::string about = source.publisher;
  if (!source.date.empty()) about += (about.empty() ? "" : ", ") + source.date;
  return about.empty() ? source.title : source.title + " (" + about + ")";
}

std::string format_citation(const std::string& source_title, const Citation& cite) {
  std::string out = source_title;
  if (!cite.section.empty()) {
    if (!out.empty()) out += ", ";
    out += cite.section;
  }
  if (cite.page > 0) {  // "p. 3", "pp. 3-4": a PDF's lines are counted in its extracted text
    if (!out.empty()) out += ", ";
    if (cite.last_page > cite.page)
      out += "pp. " + std::to_string(cite.page) + "-" + std::to_string(cite.last_page);
    else
      out += "p. " + std::to_string(cite.page);
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
