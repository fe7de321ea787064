#include "kb/glossary.h"

#include <set>

#include "corpus/xml_file.h"
#include "kb/taxonomy.h"

namespace kb {

std::vector<std::string> GlossaryEntry::forms() const {
  std::vector<std::string> out{term};
  if (!expansion.empty()) out.push_back(expansion);
  out.insert(out.end(), synonyms.begin(), synonyms.end());
  return out;
}

Glossary load_glossary(const std::string& path) {
  detail::XmlFile xml(path, "glossary");
  Glossary glossary;
  std::set<std::string> ids;
  for (auto node : xml.root().children("entry")) {
    GlossaryEntry e;
    e.id = xml.required_attribute(node, "id");
    e.term = detail::XmlFile::child_text(node, "term");
    if (e.term.empty()) xml.fail(node, "glossary entry \"" + e.id + "\" needs a <term>");
    e.expansion = detail::XmlFile::child_text(node, "expansion");
    for (auto s : node.children("synonym")) {
      auto text = detail::XmlFile::text_of(s);
      if (!text.empty()) e.synonyms.push_back(text);
    }
    e.definition = detail::XmlFile::child_text(node, "definition");
    e.line = xml.line_of(node);
    if (!ids.insert(e.id).second) xml.fail(node, "duplicate glossary id \"" + e.id + "\"");
    glossary.push_back(std::move(e));
  }
  return glossary;
}

std::vector<Unit> glossary_units(const Glossary& glossary) {
  std::vector<Unit> units;
  int position = 0;
  for (const auto& e : glossary) {
    Unit u;
    u.id = "glossary/" + e.id;
    u.kind = kind::glossary;
    u.title = e.expansion.empty() ? e.term : e.term + " (" + e.expansion + ")";
    u.text = e.definition;
    if (!e.synonyms.empty()) {
      u.text += u.text.empty() ? "" : " ";
      u.text += "Also: ";
      for (std::size_t i = 0; i < e.synonyms.size(); ++i) u.text += (i ? ", " : "") + e.synonyms[i];
      u.text += ".";
    }
    u.source_id = "glossary";
    u.cite.section = e.term;
    u.cite.first_line = u.cite.last_line = e.line;
    u.position = ++position;
    units.push_back(std::move(u));
  }
  return units;
}

}  // namespace kb
