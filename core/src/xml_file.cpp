#include "xml_file.h"

#include <fstream>
#include <sstream>

#include "kb/error.h"
#include "kb/text_source.h"
#include "text_util.h"

namespace kb::detail {

static int line_at(const std::string& content, std::ptrdiff_t offset) {
  int line = 1;
  for (std::ptrdiff_t i = 0; i < offset && i < static_cast<std::ptrdiff_t>(content.size()); ++i)
    if (content[static_cast<std::size_t>(i)] == '\n') ++line;
  return line;
}

XmlFile::XmlFile(const std::string& path, const char* root_name) : path_(path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IngestError(path, 0, "cannot be read (missing or no permission)");
  std::ostringstream buf;
  buf << in.rdbuf();
  content_ = buf.str();
  if (content_.empty()) throw IngestError(path, 0, "is empty: expected a <" + std::string(root_name) + "> document");
  if (auto bad = find_invalid_utf8(content_); bad != std::string::npos)
    throw IngestError(path, line_at(content_, static_cast<std::ptrdiff_t>(bad)),
                      "not valid UTF-8; XML corpus files must be UTF-8");
  auto result = doc_.load_buffer(content_.data(), content_.size(),
                                 pugi::parse_default | pugi::parse_ws_pcdata_single,
                                 pugi::encoding_utf8);
  if (!result)
    throw IngestError(path, line_at(content_, result.offset),
                      std::string("malformed XML: ") + result.description());
  if (std::string(root().name()) != root_name)
    throw IngestError(path, line_of(root()),
                      "root element is <" + std::string(root().name()) + ">, expected <" +
                          root_name + ">");
}

int XmlFile::line_of(const pugi::xml_node& node) const { return line_at(content_, node.offset_debug()); }

void XmlFile::fail(const pugi::xml_node& node, const std::string& message) const {
  throw IngestError(path_, line_of(node), message);
}

// Curated XML text is taken as written (no markup stripping: "<" in it is literal text),
// only whitespace is normalised and terminal controls removed (pugixml lets the C0
// controls XML forbids through, and XML allows C1 controls and bidi overrides).
std::string XmlFile::text_of(const pugi::xml_node& node) {
  return collapse_whitespace(strip_control_characters(node.text().as_string()));
}

std::string XmlFile::child_text(const pugi::xml_node& node, const char* name) {
  auto child = node.child(name);
  return child ? text_of(child) : std::string();
}

std::string XmlFile::required_attribute(const pugi::xml_node& node, const char* name) const {
  std::string value(text::trim(node.attribute(name).as_string()));
  if (value.empty())
    fail(node, "<" + std::string(node.name()) + "> needs a non-empty " + name + "=\"...\" attribute");
  return value;
}

}  // namespace kb::detail
