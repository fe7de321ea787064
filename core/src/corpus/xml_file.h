// A parsed XML corpus file that can report line numbers for its nodes. Internal.
#pragma once

#include <cstdint>
#include <pugixml.hpp>
#include <string>

#include "kb/model.h"

namespace kb::detail {

// Corpus files larger than this are almost certainly a mistake (a binary, a dump): they
// are refused by name instead of read.
inline constexpr std::uintmax_t max_corpus_file_bytes = 64ull << 20;

// The whole content of a corpus file. Refuses (IngestError naming `display`) anything but
// a regular file before reading a byte — a FIFO, a device or a socket would block or never
// end — and files over `max_bytes`. Never blocks on a FIFO swapped in after a check.
std::string read_corpus_file(const std::string& path, const std::string& display,
                             std::uintmax_t max_bytes = max_corpus_file_bytes);

// "a FIFO", "a character device", ... for the file type in a stat mode.
std::string describe_file_type(unsigned mode);

class XmlFile {
 public:
  // Reads (with read_corpus_file) and parses `path`; throws IngestError(path:line) when
  // unreadable, not a regular file, too large, not well-formed, or when the root element
  // is not `root_name`.
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

// A node's review attributes: reviewed="YYYY[-MM[-DD]]", reviewer="…" and
// review-every="90d|2w|6m|1y" (fresh-days="N", the older form, is review-every="Nd").
// fail()s on an unreadable date or period, or on both review-every and fresh-days.
Review read_review_attributes(const XmlFile& xml, const pugi::xml_node& node);

}  // namespace kb::detail
