// Hand-curated frameworks in structured XML (docs/corpus-format.md). Tags written here
// are curated and win over inferred ones; unknown tag ids (audience, theme, ...) are
// errors, so a typo cannot silently hide a unit from a filter.
#include <set>

#include "corpus/xml_file.h"
#include "import/import_util.h"
#include "kb/error.h"
#include "kb/importers.h"
#include "kb/review.h"
#include "kb/schema.h"

namespace kb {
namespace {

bool valid_local_id(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

class XmlFrameworkReader {
 public:
  XmlFrameworkReader(const detail::XmlFile& xml, const SourceDocument& source,
                     const Taxonomy& taxonomy)
      : xml_(xml), factory_(source), taxonomy_(taxonomy) {}

  std::vector<Unit> read() {
    // The <framework> element's review holds for every unit the file does not date.
    file_review_ = detail::read_review_attributes(xml_, xml_.root());
    for (auto node : xml_.root().children()) {
      if (node.type() != pugi::node_element) continue;
      std::string name = node.name();
      if (name == "title" || name == "publisher" || name == "date" || name == "description" ||
          name == "url")
        continue;
      if (name == "message")
        read_message(node);
      else if (name == "guidance")
        read_guidance(node);
      else if (name == "passage")
        read_passage(node);
      else
        xml_.fail(node, "unexpected <" + name +
                            ">: a <framework> holds <message>, <guidance> and <passage>");
    }
    return std::move(units_);
  }

 private:
  std::string local_id(const pugi::xml_node& node, const std::string& fallback) {
    std::string id = node.attribute("id").as_string();
    if (id.empty()) return fallback;
    if (!valid_local_id(id))
      xml_.fail(node, "id \"" + id + "\" may only hold letters, digits, '-' and '_'");
    return id;
  }

  std::string required_text(const pugi::xml_node& node) {
    auto text = detail::XmlFile::child_text(node, "text");
    if (text.empty())
      xml_.fail(node, "<" + std::string(node.name()) + "> needs a non-empty <text>");
    return text;
  }

  // Curated tags: for each taxonomy-sourced facet, children named after it (<theme ref>).
  void read_tags(const pugi::xml_node& node, Unit& unit) {
    for (const auto& facet : schema::facets) {
      if (facet.values_from != schema::FacetValues::taxonomy) continue;
      std::string name(facet.name);
      for (auto child : node.children(name.c_str())) {
        std::string ref = xml_.required_attribute(child, "ref");
        auto id = taxonomy_.find(facet.name, ref);
        if (!id) xml_.fail(child, "unknown " + name + " \"" + ref + "\" (not in taxonomy.xml)");
        tags_of(unit, facet.name)->push_back({*id, Provenance::curated});
      }
    }
  }

  // reviewed, reviewer, review-every (and the older fresh-days, a period in days), then
  // what the enclosing element gave for what the node leaves out.
  void read_review(const pugi::xml_node& node, Unit& unit, const Review& outer) {
    unit.review = detail::read_review_attributes(xml_, node);
    inherit_review(unit.review, outer);
  }

  int last_line(const pugi::xml_node& node) {
    auto next = node.next_sibling();
    return next ? std::max(xml_.line_of(node), xml_.line_of(next) - 1) : xml_.line_of(node);
  }

  void read_message(const pugi::xml_node& node) {
    ++messages_;
    std::string id = local_id(node, "m" + std::to_string(messages_));
    if (!ids_.insert(id).second) xml_.fail(node, "duplicate id \"" + id + "\"");
    std::string title = detail::XmlFile::child_text(node, "title");
    if (title.empty()) xml_.fail(node, "<message> needs a <title>");
    std::string label = "Message " + std::to_string(messages_);
    Unit message =
        factory_.make(kind::message, id, title, detail::XmlFile::child_text(node, "text"), label,
                      xml_.line_of(node), last_line(node));
    message.message_id = message.id;
    message.message_title = title;
    read_tags(node, message);
    read_review(node, message, file_review_);
    factory_.emit(units_, message);

    int count = 0;
    for (auto pp : node.children("proof-point")) {
      ++count;
      std::string pp_id = local_id(pp, "pp" + std::to_string(count));
      if (!ids_.insert(id + "/" + pp_id).second)
        xml_.fail(pp, "duplicate proof-point id \"" + pp_id + "\"");
      auto section =
          label + std::string(section_separator) + "proof point " + std::to_string(count);
      Unit u = factory_.make(kind::proof_point, id + "/" + pp_id, title, required_text(pp), section,
                             xml_.line_of(pp), last_line(pp));
      u.message_id = message.id;
      u.message_title = title;
      read_tags(pp, u);
      read_review(pp, u, message.review);
      factory_.emit(units_, std::move(u));
    }
  }

  void read_guidance(const pugi::xml_node& node) {
    std::string ref = xml_.required_attribute(node, "audience");
    auto audience = taxonomy_.find_audience(ref);
    if (!audience) xml_.fail(node, "unknown audience \"" + ref + "\" (not in taxonomy.xml)");
    if (!ids_.insert("audience/" + *audience).second)
      xml_.fail(node, "a second <guidance> for audience \"" + *audience + "\"");
    std::string label;
    for (const auto& a : taxonomy_.audiences)
      if (a.id == *audience) label = a.label;
    Unit u = factory_.make(
        kind::audience_guidance, "audience/" + *audience, label, required_text(node),
        "Audiences" + std::string(section_separator) + label, xml_.line_of(node), last_line(node));
    u.audiences.push_back({*audience, Provenance::curated});
    read_tags(node, u);
    read_review(node, u, file_review_);
    factory_.emit(units_, std::move(u));
  }

  void read_passage(const pugi::xml_node& node) {
    ++passages_;
    std::string id = local_id(node, "p" + std::to_string(passages_));
    if (!ids_.insert(id).second) xml_.fail(node, "duplicate id \"" + id + "\"");
    std::string title = detail::XmlFile::child_text(node, "title");
    Unit u = factory_.make(kind::passage, id, title, required_text(node), title, xml_.line_of(node),
                           last_line(node));
    read_tags(node, u);
    read_review(node, u, file_review_);
    factory_.emit(units_, std::move(u));
  }

  const detail::XmlFile& xml_;
  detail::UnitFactory factory_;
  const Taxonomy& taxonomy_;
  std::vector<Unit> units_;
  Review file_review_;
  std::set<std::string> ids_;
  int messages_ = 0;
  int passages_ = 0;
};

}  // namespace

ImportedDocument import_framework_xml(const std::string& path, SourceDocument source,
                                      const Taxonomy& taxonomy) {
  detail::XmlFile xml(path, "framework");
  auto root = xml.root();
  // Without a catalog entry the file's own id and metadata are used.
  if (!source.from_catalog && !std::string(root.attribute("id").as_string()).empty())
    source.id = root.attribute("id").as_string();
  if (source.title.empty()) source.title = detail::XmlFile::child_text(root, "title");
  if (source.publisher.empty()) source.publisher = detail::XmlFile::child_text(root, "publisher");
  if (source.date.empty()) source.date = detail::XmlFile::child_text(root, "date");
  if (!source.from_catalog && root.attribute("lang"))
    source.lang = root.attribute("lang").as_string();
  if (source.kind.empty()) source.kind = doc_kind::framework;
  ImportedDocument doc;
  doc.units = XmlFrameworkReader(xml, source, taxonomy).read();
  for (auto& u : doc.units) u.lang = source.lang;
  doc.source = std::move(source);
  return doc;
}

}  // namespace kb
