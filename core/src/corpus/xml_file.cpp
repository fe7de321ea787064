#include "corpus/xml_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "kb/error.h"
#include "kb/review.h"
#include "kb/text.h"
#include "text/text_util.h"

namespace kb::detail {

static int line_at(const std::string& content, std::ptrdiff_t offset) {
  int line = 1;
  for (std::ptrdiff_t i = 0; i < offset && i < static_cast<std::ptrdiff_t>(content.size()); ++i)
    if (content[static_cast<std::size_t>(i)] == '\n') ++line;
  return line;
}

std::string describe_file_type(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFIFO:
      return "a FIFO (named pipe)";
    case S_IFCHR:
      return "a character device";
    case S_IFBLK:
      return "a block device";
    case S_IFSOCK:
      return "a socket";
    case S_IFDIR:
      return "a folder";
    case S_IFLNK:
      return "a symbolic link";
    default:
      return "not a regular file";
  }
}

namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string mib(std::uintmax_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

}  // namespace

std::string read_corpus_file(const std::string& path, const std::string& display,
                             std::uintmax_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked on the
  // open descriptor, so nothing can be swapped in between.
  Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) {
    int err = errno;
    throw IngestError(display, 0, std::string("cannot be read: ") + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    throw IngestError(display, 0, std::string("cannot be read: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    throw IngestError(display, 0,
                      "is " + describe_file_type(st.st_mode) +
                          ", not a regular file; corpus files must be regular files");
  auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > max_bytes)
    throw IngestError(display, 0,
                      "is " + mib(size) + "; corpus files over " + mib(max_bytes) + " are refused");
  std::string content;
  content.reserve(static_cast<std::size_t>(size));
  char buf[1 << 16];
  for (;;) {
    auto n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw IngestError(display, 0, std::string("read error: ") + std::strerror(errno));
    if (n == 0) break;
    content.append(buf, static_cast<std::size_t>(n));
    // A file still growing while it is read is capped too.
    if (content.size() > max_bytes)
      throw IngestError(
          display, 0,
          "is over " + mib(max_bytes) + "; corpus files over " + mib(max_bytes) + " are refused");
  }
  return content;
}

XmlFile::XmlFile(const std::string& path, const char* root_name) : path_(path) {
  content_ = read_corpus_file(path, path);
  if (content_.empty())
    throw IngestError(path, 0, "is empty: expected a <" + std::string(root_name) + "> document");
  if (auto bad = find_invalid_utf8(content_); bad != std::string::npos)
    throw IngestError(path, line_at(content_, static_cast<std::ptrdiff_t>(bad)),
                      "not valid UTF-8; XML corpus files must be UTF-8");
  auto result =
      doc_.load_buffer(content_.data(), content_.size(),
                       pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  if (!result)
    throw IngestError(path, line_at(content_, result.offset),
                      std::string("malformed XML: ") + result.description());
  if (std::string(root().name()) != root_name)
    throw IngestError(
        path, line_of(root()),
        "root element is <" + std::string(root().name()) + ">, expected <" + root_name + ">");
}

int XmlFile::line_of(const pugi::xml_node& node) const {
  return line_at(content_, node.offset_debug());
}

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
    fail(node,
         "<" + std::string(node.name()) + "> needs a non-empty " + name + "=\"...\" attribute");
  return value;
}

Review read_review_attributes(const XmlFile& xml, const pugi::xml_node& node) {
  Review r;
  r.reviewed = node.attribute("reviewed").as_string();
  if (!r.reviewed.empty() && !day_number(r.reviewed))
    xml.fail(node, "reviewed=\"" + r.reviewed + "\" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)");
  r.by = std::string(text::trim(node.attribute("reviewer").as_string()));
  r.every = node.attribute("review-every").as_string();
  if (!r.every.empty() && !parse_review_period(r.every))
    xml.fail(node, "review-every=\"" + r.every +
                       "\" is not a period such as 90d, 2w, 6m or 1y (at most ten years)");
  if (auto fresh = node.attribute("fresh-days")) {
    if (!r.every.empty()) xml.fail(node, "give review-every or fresh-days, not both");
    int days = fresh.as_int(-1);
    if (days <= 0 || !parse_review_period(std::to_string(days) + "d"))
      xml.fail(node, "fresh-days must be a positive number of days (at most ten years)");
    r.every = std::to_string(days) + "d";
  }
  return r;
}

}  // namespace kb::detail
