// A parsed XML corpus file that can report line numbers for its nodes. Internal.
#pragma once

#include <pugixml.hpp>
#include <string>

namespace kb::detail {

class XmlFile {
 public:
  // Reads and parses `path`; throws IngestError(path:line) when unreadable, not
  // well-formed, or when the root element is not `root_name`.
  XmlFile(const std::string& path, const char* root_name);

  pugi::xml_node root() const { return doc_.document_element(); }
  const std::string& path() const { return path_; }
  int line_of(const pugi::xml_node& node) const;
  [[noreturn]] void fail(const pugi::xml_node& node, const std::string& message) const;

  // Trimmed, whitespace-collapsed text of a child element ("" when absent).
  static std::string child_text(const pugi::xml_node& node, const char* name);
  // Trimmed, whitespace-collapsed text content of a node.
  static std::string text_of(const pugi::xml_node& node);
  // A required non-empty attribute, else fail().
  std::string required_attribute(const pugi::xml_node& node, const char* name) const;

 private:
  std::string path_;
  std::string content_;
  pugi::xml_document doc_;
};

}  // namespace kb::detail
