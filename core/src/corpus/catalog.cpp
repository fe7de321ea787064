#include "kb/catalog.h"

#include <set>

#include "corpus/xml_file.h"

namespace kb {

static bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      return false;
  return true;
}

static bool valid_date(const std::string& d) {
  // YYYY, YYYY-MM or YYYY-MM-DD.
  if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
  for (std::size_t i = 0; i < d.size(); ++i) {
    bool dash = i == 4 || i == 7;
    if (dash ? d[i] != '-' : !std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  }
  return true;
}

Catalog load_catalog(const std::string& path) {
  detail::XmlFile xml(path, "catalog");
  Catalog catalog;
  catalog.review = detail::read_review_attributes(xml, xml.root());
  std::set<std::string> ids;
  for (auto node : xml.root().children()) {
    if (node.type() != pugi::node_element) continue;
    if (std::string(node.name()) != "document")
      xml.fail(node,
               "unexpected <" + std::string(node.name()) + ">: <catalog> holds <document> entries");
    SourceDocument doc;
    doc.id = xml.required_attribute(node, "id");
    if (!valid_id(doc.id))
      xml.fail(node, "document id \"" + doc.id +
                         "\" must be lower-case letters, digits, '-', '_' or '.'");
    doc.file = xml.required_attribute(node, "file");
    doc.kind = node.attribute("kind").as_string();
    doc.lang = node.attribute("lang").as_string("en");
    doc.title = detail::XmlFile::child_text(node, "title");
    doc.publisher = detail::XmlFile::child_text(node, "publisher");
    doc.date = detail::XmlFile::child_text(node, "date");
    doc.url = detail::XmlFile::child_text(node, "url");
    doc.description = detail::XmlFile::child_text(node, "description");
    doc.from_catalog = true;
    doc.review = detail::read_review_attributes(xml, node);
    if (!doc.date.empty() && !valid_date(doc.date))
      xml.fail(node.child("date"), "date \"" + doc.date + "\" is not YYYY, YYYY-MM or YYYY-MM-DD");
    if (!ids.insert(doc.id).second) xml.fail(node, "duplicate document id \"" + doc.id + "\"");
    if (catalog.documents.count(doc.file))
      xml.fail(node, "file \"" + doc.file + "\" is listed twice");
    catalog.documents.emplace(doc.file, std::move(doc));
  }
  return catalog;
}

}  // namespace kb
