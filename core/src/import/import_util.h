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

// The longest text one unit holds. A longer text (a one-line multi-megabyte dump) is cut
// into consecutive units of at most this size, at paragraph, sentence or word
// boundaries: one giant unit is useless as a search hit and costs memory in every step.
inline constexpr std::size_t max_unit_text_bytes = 8192;

// A document of at least long_document_bytes of text is cut into passages of at least
// long_document_passage_bytes where its sections allow (paragraphs join the one before).
inline constexpr std::size_t long_document_bytes = 32 << 10;
inline constexpr std::size_t long_document_passage_bytes = 1536;

// A paragraph under this many words is too short to be a unit of its own ("Thank you
// all.", a date line); it joins a neighbour instead of being dropped.
inline constexpr int min_unit_words = 4;

// Headings and names are short: a line longer than this is text, however few its words.
inline constexpr std::size_t max_heading_bytes = 300;

// A piece of a unit's text and the source lines it came from.
struct TextPiece {
  std::string text;
  int first_line = 0;
  int last_line = 0;
};

// Cuts `text` into pieces of at most `max_bytes` bytes: at the last paragraph break
// ("\n\n") in the second half of the allowance, else at the last sentence end there,
// else at the last space, else at a UTF-8 character boundary. Returns [begin, end) byte
// ranges, trimmed of the spaces at the cuts. A text that fits is one piece.
std::vector<std::pair<std::size_t, std::size_t>> cut_points(std::string_view text,
                                                            std::size_t max_bytes);

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
  // Too short to stand alone: under min_unit_words words (and a few bytes, so that one
  // enormous "word" is not taken for a short line).
  bool is_short() const;
  // Puts `before` in front of this text / `after` behind it, as a paragraph of its own.
  void prepend_paragraph(const TextAccumulator& before);
  void append_paragraph(const TextAccumulator& after);
  // The text cut into pieces of at most max_bytes, each citing the lines it came from.
  std::vector<TextPiece> pieces(std::size_t max_bytes = max_unit_text_bytes) const;

 private:
  void note_line(int line_number);
  // Line of the text at byte `offset`.
  int line_at(std::size_t offset) const;

  std::string text_;
  // Where each added line starts in text_, with its source line number, in order.
  std::vector<std::pair<std::size_t, int>> line_starts_;
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
  // Appends `unit` to `out`. A text longer than max_unit_text_bytes is cut: the unit
  // keeps the first piece and the others follow it as passages with its title, section
  // and message, each citing its own lines (taken from `text` when the unit's text is
  // that accumulator's, else the unit's whole range).
  void emit(std::vector<Unit>& out, Unit unit, const TextAccumulator* text = nullptr);
  // One passage of `text` (more when it is longer than max_unit_text_bytes).
  void passages(std::vector<Unit>& out, std::string title, const TextAccumulator& text,
                std::string section);
  const SourceDocument& source() const { return source_; }

 private:
  const SourceDocument& source_;
  int passages_ = 0;
  int position_ = 0;
};

// Adds `text` to the end of `unit` as a paragraph of its own and extends its line
// range; false (and nothing changed) when the unit would grow past max_unit_text_bytes.
bool append_paragraph(Unit& unit, const TextAccumulator& text);
bool append_paragraph(Unit& unit, const std::string& text, int line_number);

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

// A numbered question's label (defined with the Q&A importer): "3. How …?", "3) …",
// "Q3: …", "Q.3 …", "Question 3 – …", "Question No. 3: …", or "Question 3" / "Q3" alone
// (text empty). `prefixed`: written with "Q"/"Question", not a bare number.
struct QuestionLabel {
  int number = 0;
  bool prefixed = false;
  std::string_view text;  // what follows the label, trimmed
};
std::optional<QuestionLabel> question_label(std::string_view line);

// The question starting at lines[i] when it comes after question `after` (0: the first):
// a bare number must be after + 1 and its text long or a question; a "Q"/"Question"
// label may skip numbers and may stand alone above its question (`lines` 2 or more).
struct NumberedQuestion {
  int number = 0;
  std::string text;
  std::size_t lines = 1;  // how many lines the question takes, blank ones included
};
std::optional<NumberedQuestion> numbered_question(const Lines& lines, std::size_t i, int after);

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
