// Building blocks shared by the text importers. Internal to kb_core.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kb/model.h"
#include "kb/text_source.h"

namespace kb::detail {

using Lines = std::vector<SourceLine>;

// Accumulates the lines of one unit's text. Wrapped lines of one paragraph are joined
// with a space; a long line that ends a sentence ends its paragraph (files that hold
// one paragraph per line); paragraphs are separated by "\n\n".
class TextAccumulator {
 public:
  void add(const SourceLine& line);
  void paragraph_break() { pending_break_ = !text_.empty(); }
  void add_text(int line_number, const std::string& text);
  // A line kept on a line of its own (form fields).
  void add_line(int line_number, const std::string& text);
  // A list item, kept on its own line as "• text".
  void add_item(int line_number, const std::string& text);
  bool empty() const { return text_.empty(); }
  const std::string& text() const { return text_; }
  int first_line() const { return first_; }
  int last_line() const { return last_; }
  void clear() { *this = TextAccumulator(); }

 private:
  std::string text_;
  int first_ = 0;
  int last_ = 0;
  bool pending_break_ = false;
  bool last_line_closed_ = false;
};

// Makes ids and units for one document, numbering passages as they come.
class UnitFactory {
 public:
  explicit UnitFactory(const SourceDocument& source) : source_(source) {}
  UnitFactory(SourceDocument&&) = delete;  // it keeps a reference: no temporaries
  Unit make(const std::string& kind, const std::string& id_suffix, std::string title,
            std::string text, std::string section, int first_line, int last_line);
  Unit passage(std::string title, const TextAccumulator& text, std::string section);
  const SourceDocument& source() const { return source_; }

 private:
  const SourceDocument& source_;
  int passages_ = 0;
  int position_ = 0;
};

// "4 Strategic Messages and Proof Points" -> "4"; "1.2 Scope" -> "1.2". nullopt when
// the line is not a numbered section heading (short, starts with a capital, no full stop).
std::optional<std::string> numbered_section(std::string_view line);

// "Message 4: Title" and its variants (defined with the framework importer).
bool is_message_heading(std::string_view line);

// A short line without closing punctuation standing alone between blank lines.
bool is_standalone_heading(const Lines& lines, std::size_t i);

// Lines that introduce a signatory list ("Signatories as of…", "…have endorsed this
// statement:"). Returns the number of lines consumed by the list that follows (0 when
// line i is not such an introducer) and appends one signatory unit per name.
std::size_t take_signatories(const Lines& lines, std::size_t i, UnitFactory& factory,
                             std::vector<Unit>& out);

// "3. How can we …?" when 3 is the expected question number (defined with the Q&A importer).
std::optional<std::string> question_text(std::string_view line, int expected);

// "Speaker 2: Name, affiliation" / "Organiser 1: …" (defined with the session importer).
struct RoleLine {
  std::string role;  // kind::speaker or kind::organiser
  int number = 0;
  std::string value;
};
std::optional<RoleLine> role_line(std::string_view line);

// Lower-case slug for ids ("Nominet UK" -> "nominet-uk"), ASCII letters and digits only.
std::string id_slug(std::string_view text);

// The part of a "Name, affiliation" string before the first comma.
std::string first_field(std::string_view text);

}  // namespace kb::detail
