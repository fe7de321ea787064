// Messaging frameworks in plain text or Markdown: numbered messages, each with a
// statement and a list of proof points, and a section of guidance per audience.
#include <cctype>
#include <optional>
#include <set>

#include "import/import_util.h"
#include "kb/importers.h"
#include "kb/text.h"
#include "text/text_util.h"

namespace kb {
namespace {

using detail::Lines;
using detail::TextAccumulator;

struct MessageHeading {
  int number = 0;
  std::string title;
};

// "Message 4: Title", "Key Message 4 — Title", "Message 4 - Title", "Message 4. Title".
std::optional<MessageHeading> parse_message_heading(std::string_view t) {
  if (text::istarts_with(t, "key ")) t = text::trim(t.substr(4));
  if (!text::istarts_with(t, "message ")) return std::nullopt;
  t = text::trim(t.substr(8));
  MessageHeading h;
  auto len = text::leading_number(t, h.number);
  if (len == 0) return std::nullopt;
  t = text::trim(t.substr(len));
  bool separated = false;
  for (std::string_view sep : {":", "\xE2\x80\x94", "\xE2\x80\x93", "-", ".", ")"}) {
    if (t.substr(0, sep.size()) == sep) {
      t = text::trim(t.substr(sep.size()));
      separated = true;
      break;
    }
  }
  if (!separated || t.empty()) return std::nullopt;
  h.title = std::string(text::strip_trailing(t, " :"));
  return h;
}

// "Proof Points:", "Supporting points:", "Evidence:" and the like; without the colon
// when `standalone` (a line of its own above the list).
bool is_list_introducer(std::string_view t, bool standalone = false) {
  auto core = text::lower_ascii(text::strip_trailing(t, " :"));
  if (!standalone && core.size() == t.size() && t.back() != ':') return false;  // needs the colon
  static const char* names[] = {"proof points",      "proof point",
                                "supporting points", "supporting point",
                                "evidence",          "supporting evidence",
                                "key facts",         "facts",
                                "examples",          "proof"};
  for (const char* n : names)
    if (core == n) return true;
  return false;
}

bool mentions_audiences(std::string_view heading) {
  return text::icontains(heading, "audience");
}

// Labels that introduce a remark, not an audience ("Note: ...").
bool is_remark_label(std::string_view name) {
  static const char* labels[] = {"note",    "notes",   "example", "examples",   "tip",
                                 "source",  "sources", "summary", "important",  "caution",
                                 "warning", "contact", "date",    "version",    "see also",
                                 "status",  "purpose", "scope",   "background", "nb"};
  auto lower = text::lower_ascii(name);
  for (const char* l : labels)
    if (lower == l) return true;
  return false;
}

// "Policymakers: text" (the ** of "**Policymakers:** text" are already gone). An
// audience the taxonomy does not know is a short capitalised name, in a list or, written
// as a paragraph of its own, followed by guidance of a few words at least.
std::optional<std::pair<std::string, std::string>> audience_line(std::string_view t,
                                                                 const Taxonomy& taxonomy,
                                                                 bool bulleted, bool paragraph) {
  auto colon = t.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  auto name = std::string(text::trim(t.substr(0, colon)));
  auto rest = std::string(text::trim(t.substr(colon + 1)));
  if (rest.empty() || text::count_words(name) > 5) return std::nullopt;
  if (auto id = taxonomy.find_audience(name)) return std::make_pair(*id, rest);
  bool named = std::isupper(static_cast<unsigned char>(name[0])) && text::count_words(name) <= 4 &&
               !is_remark_label(name);
  if (named && (bulleted || (paragraph && text::count_words(rest) >= 4)))
    return std::make_pair(slugify(name), rest);
  return std::nullopt;
}

// Words a title does not end on: a heading line ending on one goes on below.
bool ends_on_joining_word(std::string_view t) {
  auto space = t.rfind(' ');
  auto last = text::lower_ascii(space == std::string_view::npos ? t : t.substr(space + 1));
  static const std::set<std::string> words = {
      "and", "or",   "of",   "the",  "a",    "an",  "to",   "for",     "with",  "in",  "on",
      "by",  "at",   "from", "into", "is",   "are", "must", "not",     "its",   "our", "their",
      "as",  "than", "but",  "nor",  "that", "be",  "both", "between", "across"};
  return words.count(last) > 0 || t.back() == '-';
}

// A line that may be (part of) a heading: short, no closing punctuation, not an item or
// a "Name: text" line.
bool heading_like(const SourceLine& line) {
  const auto& t = line.text;
  return !t.empty() && line.heading_level == 0 && t.size() <= detail::max_heading_bytes &&
         text::count_words(t) <= 12 && !text::ends_sentence(t) && t.back() != ',' &&
         t.find(':') == std::string::npos && !bullet_text(t);
}

// Headings wrapped onto a second line (a PDF's narrow column, a Word title with a line
// break): "Message 1: ... Broad-Based and" / "Practical" become one line, and so does a
// heading of its own between blank lines whose second line is the shorter tail of the
// first ("How to Use These Messages With Different" / "Audiences"). A title above its
// subtitle is not one heading: the subtitle is the longer line.
Lines join_wrapped_headings(const Lines& in) {
  Lines out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    out.push_back(in[i]);
    if (i + 1 >= in.size() || in[i].heading_level > 0) continue;
    const auto& first = in[i].text;
    const auto& second = in[i + 1];
    bool message = parse_message_heading(first).has_value() && !text::ends_sentence(first);
    bool alone =
        (i == 0 || in[i - 1].text.empty()) && heading_like(in[i]) && text::count_words(first) >= 4;
    if (!message && !alone) continue;
    bool tail = heading_like(second) && (i + 2 >= in.size() || in[i + 2].text.empty()) &&
                !parse_message_heading(second.text) && !is_list_introducer(second.text, true) &&
                second.text.size() < first.size() &&
                (text::count_words(second.text) <= 4 || ends_on_joining_word(first) ||
                 text::starts_lower(second.text));
    if (!tail) continue;
    auto& joined = out.back().text;
    if (joined.back() != '-') joined += ' ';
    joined += second.text;
    ++i;
  }
  return out;
}

// A document whose headings are bare lines: no Markdown or Word heading, no numbered
// section. Its headings of their own between blank lines are its sections.
bool has_bare_headings_only(const Lines& lines) {
  for (const auto& line : lines) {
    if (line.heading_level > 0) return false;
    if (!line.text.empty() && detail::numbered_section(line.text) && !bullet_text(line.text))
      return false;
  }
  return true;
}

class FrameworkReader {
 public:
  FrameworkReader(const TextSource& text, const SourceDocument& source, const Taxonomy& taxonomy)
      : lines_(join_wrapped_headings(text.lines)),
        bare_headings_(has_bare_headings_only(lines_)),
        factory_(source),
        taxonomy_(taxonomy) {}

  std::vector<Unit> read() {
    for (std::size_t i = 0; i < lines_.size(); ++i) step(i);
    finish_message();
    release_held();
    keep_empty_heading(section_heading_, section_line_, section_units_);
    keep_empty_heading(subheading_, subheading_line_, subheading_units_);
    if (units_.empty()) held_headings_.prepend_paragraph(title_heading_);
    if (!held_headings_.empty()) add_passage(TextAccumulator(), factory_.source().title, "");
    return std::move(units_);
  }

 private:
  enum class Mode { prose, message_text, proof_points, audiences };

  void step(std::size_t i) {
    const SourceLine& line = lines_[i];
    const std::string& t = line.text;
    if (t.empty()) {
      block_.paragraph_break();
      last_was_blank_ = true;
      return;
    }
    bool after_blank = last_was_blank_;
    last_was_blank_ = false;

    if (auto m = parse_message_heading(t)) return start_message(*m, line);
    if (auto number = detail::numbered_section(t); number || line.heading_level > 0) {
      if (!bullet_text(t) || line.heading_level > 0)
        return start_section(number.value_or(""), t, line);
    }
    bool standalone = detail::is_standalone_heading(lines_, i);
    bool in_message = mode_ == Mode::message_text || mode_ == Mode::proof_points;
    if (in_message && is_list_introducer(t, standalone)) {
      close_block();
      mode_ = Mode::proof_points;
      introduced_ = true;
      return;
    }
    // A bare heading starts a section (its guidance for audiences, or what follows the
    // messages) where bare lines head the sections, or where it names the audiences.
    if (standalone && (bare_headings_ || mentions_audiences(t))) return start_section("", t, line);
    if (in_message) {
      if (auto bullet = bullet_text(t)) {
        close_block();
        mode_ = Mode::proof_points;
        list_bulleted_ = true;
        block_.add_text(line.number, *bullet);
        return;
      }
      if (mode_ == Mode::proof_points) {
        bool wrapped = !after_blank && !block_.empty() && (list_bulleted_ || text::starts_lower(t));
        if (wrapped) {
          block_.add_text(line.number, t);
          return;
        }
        close_block();
        if (introduced_ && !list_bulleted_) {  // an unbulleted list: one item per paragraph
          block_.add_text(line.number, t);
          return;
        }
        // A paragraph after the list belongs to the message's section, not to the list.
        mode_ = Mode::prose;
        set_subheading(message_label_ + ": " + message_title_, 0);
      }
      block_.add(line);
      return;
    }
    if (mode_ == Mode::audiences) {
      auto bullet = bullet_text(t);
      auto body = bullet.value_or(t);
      // A "Name: text" paragraph starts after a blank line, or right after another one.
      bool paragraph =
          after_blank || block_.empty() || (!guidance_audience_.empty() && !guidance_bulleted_);
      if (auto a = audience_line(body, taxonomy_, bullet.has_value(), paragraph)) {
        close_block();
        guidance_bulleted_ = bullet.has_value();
        guidance_audience_ = a->first;
        guidance_label_ = std::string(text::trim(body.substr(0, body.find(':'))));
        block_.add_text(line.number, a->second);
        return;
      }
      if (!guidance_audience_.empty() && continues_item(t, after_blank)) {
        block_.add(line);
        return;
      }
      close_block();
    }
    if (detail::is_standalone_heading(lines_, i)) {
      close_block();
      set_subheading(t, line.number);
      return;
    }
    block_.add(line);
  }

  // A heading is replaced: when nothing came under it, its words join the unit before
  // it (a date line under the title), or, before the first unit, the next passage. The
  // document's title is not repeated (the source's title says it) unless the document
  // has nothing else.
  void keep_empty_heading(const std::string& heading, int line_number, std::size_t units_when_set) {
    if (line_number == 0 || heading.empty() || units_.size() != units_when_set || !held_.empty())
      return;
    detail::TextAccumulator orphan;
    orphan.add_line(line_number, heading);
    if (units_.empty() && text::iequals(heading, text::trim(factory_.source().title)))
      title_heading_.append_paragraph(orphan);  // the source's title already says it
    else if (units_.empty())
      held_headings_.append_paragraph(orphan);
    else if (!detail::append_paragraph(units_.back(), orphan))
      factory_.passages(units_, heading, orphan, section_);
  }

  // `line_number` is 0 for a label kb makes up ("Message 2: title" after its list).
  void set_subheading(const std::string& heading, int line_number) {
    release_held();
    keep_empty_heading(subheading_, subheading_line_, subheading_units_);
    subheading_ = heading;
    subheading_line_ = line_number;
    subheading_units_ = units_.size();
  }

  // Short paragraphs that found no passage of their section become one of their own.
  void release_held() {
    if (held_.empty()) return;
    auto text = std::move(held_);
    held_.clear();
    add_passage(text, held_title_, held_section_);
  }

  void add_passage(const TextAccumulator& paragraphs, const std::string& title,
                   const std::string& where) {
    TextAccumulator text = std::move(held_headings_);
    held_headings_.clear();
    text.append_paragraph(paragraphs);
    factory_.passages(units_, title, text, where);
    last_passage_ = units_.size() - 1;
    last_passage_section_ = where;
  }

  // A paragraph in prose: a passage, or, when too short to be one, part of the passage
  // before it in its section (else of the next one).
  void prose_paragraph(const TextAccumulator& block) {
    std::string title = subheading_.empty() ? section_ : subheading_;
    std::string where = path({section_, subheading_});
    if (!held_.empty() && held_section_ != where) release_held();
    if (block.is_short()) {
      if (last_passage_ && last_passage_section_ == where && *last_passage_ < units_.size() &&
          detail::append_paragraph(units_[*last_passage_], block))
        return;
      if (held_.empty()) {
        held_title_ = title;
        held_section_ = where;
      }
      held_.append_paragraph(block);
      if (held_.text().size() > detail::max_unit_text_bytes) release_held();
      return;
    }
    TextAccumulator text = std::move(held_);
    held_.clear();
    text.append_paragraph(block);
    add_passage(text, title, where);
  }

  // A wrapped continuation of the previous item: no blank line before, and lower case
  // after a bullet item (a guidance paragraph goes on to its blank line).
  bool continues_item(std::string_view t, bool after_blank) const {
    return !block_.empty() && !after_blank && (text::starts_lower(t) || !guidance_bulleted_);
  }

  // A message heading with neither statement nor proof points is still a message.
  void finish_message() {
    close_block();
    if (!message_id_.empty() && message_emitted_for_ != message_id_)
      emit_message("", message_line_);
  }

  void start_message(const MessageHeading& m, const SourceLine& line) {
    finish_message();
    set_subheading("", 0);  // a message is not under the heading before it
    // "## Message 2" closes a "## Introduction" section: same Markdown level.
    if (line.heading_level > 0 && section_level_ > 0 && line.heading_level <= section_level_) {
      keep_empty_heading(section_heading_, section_line_, section_units_);
      section_.clear();
      section_heading_.clear();
      section_line_ = 0;
      section_level_ = 0;
    }
    ++message_count_;
    int number = seen_numbers_.insert(m.number).second ? m.number : message_count_;
    message_id_ = factory_.source().id + "/m" + std::to_string(number);
    message_suffix_ = "m" + std::to_string(number);
    message_title_ = m.title;
    message_label_ = "Message " + std::to_string(number);
    message_line_ = line.number;
    proof_points_ = 0;
    introduced_ = false;
    list_bulleted_ = false;
    mode_ = Mode::message_text;
  }

  void start_section(const std::string& number, const std::string& title, const SourceLine& line) {
    finish_message();
    release_held();
    keep_empty_heading(section_heading_, section_line_, section_units_);
    set_subheading("", 0);
    std::string name = std::string(text::trim(std::string_view(title).substr(number.size())));
    section_ = number.empty() ? name : "\xC2\xA7" + number + " " + name;
    section_heading_ = title;
    section_line_ = line.number;
    section_units_ = units_.size();
    section_level_ = line.heading_level;
    message_id_.clear();
    mode_ = mentions_audiences(title) ? Mode::audiences : Mode::prose;
    guidance_audience_.clear();
  }

  std::string path(std::initializer_list<std::string> parts) const {
    std::string out;
    for (const auto& p : parts) {
      if (p.empty()) continue;
      if (!out.empty()) out += section_separator;
      out += p;
    }
    return out;
  }

  void close_block() {
    if (block_.empty()) {
      block_.clear();
      return;
    }
    if (mode_ == Mode::message_text) {
      if (!message_emitted_for_.empty() && message_emitted_for_ == message_id_) {
        // More statement text after the message unit was emitted: extend it, or, when
        // that would make it too long, follow it with passages of the message.
        auto& u = units_[message_index_];
        if (message_index_ + 1 != units_.size() || !detail::append_paragraph(u, block_)) {
          auto first = units_.size();
          factory_.passages(units_, u.title, block_, u.cite.section);
          for (auto i = first; i < units_.size(); ++i) {
            units_[i].message_id = message_id_;
            units_[i].message_title = message_title_;
          }
        }
      } else {
        emit_message(block_.text(), block_.last_line(), &block_);
      }
    } else if (mode_ == Mode::proof_points) {
      if (message_emitted_for_ != message_id_) emit_message("", message_line_);
      ++proof_points_;
      auto u = factory_.make(
          kind::proof_point, message_suffix_ + "/pp" + std::to_string(proof_points_),
          message_title_, block_.text(),
          path({section_, message_label_, "proof point " + std::to_string(proof_points_)}),
          block_.first_line(), block_.last_line());
      u.message_id = message_id_;
      u.message_title = message_title_;
      factory_.emit(units_, std::move(u), &block_);
    } else if (mode_ == Mode::audiences && !guidance_audience_.empty()) {
      auto u = factory_.make(kind::audience_guidance, "audience/" + guidance_audience_,
                             guidance_label_, block_.text(), path({section_, guidance_label_}),
                             block_.first_line(), block_.last_line());
      u.audiences.push_back({guidance_audience_, Provenance::curated});
      factory_.emit(units_, std::move(u), &block_);
      guidance_audience_.clear();
    } else {
      prose_paragraph(block_);
    }
    block_.clear();
  }

  void emit_message(const std::string& statement, int last_line,
                    const TextAccumulator* text = nullptr) {
    auto u = factory_.make(kind::message, message_suffix_, message_title_, statement,
                           path({section_, message_label_}), message_line_, last_line);
    u.message_id = message_id_;
    u.message_title = message_title_;
    message_index_ = units_.size();
    message_emitted_for_ = message_id_;
    factory_.emit(units_, std::move(u), text);
    // The message's heading line stays its first line, however its statement is cut.
    units_[message_index_].cite.first_line = message_line_;
  }

  const Lines lines_;
  const bool bare_headings_;  // its sections are headed by bare lines
  detail::UnitFactory factory_;
  const Taxonomy& taxonomy_;
  std::vector<Unit> units_;
  TextAccumulator block_;
  Mode mode_ = Mode::prose;
  bool last_was_blank_ = true;
  bool introduced_ = false;
  bool list_bulleted_ = false;
  std::string section_, subheading_;
  // The source lines of the current section heading and subheading, and how many units
  // there were when each was read (to tell a heading that headed nothing).
  std::string section_heading_;
  int section_line_ = 0, subheading_line_ = 0;
  std::size_t section_units_ = 0, subheading_units_ = 0;
  // Short paragraphs waiting for the next passage of their section, and the empty
  // headings that open the document.
  TextAccumulator held_, held_headings_, title_heading_;
  std::string held_title_, held_section_;
  std::optional<std::size_t> last_passage_;
  std::string last_passage_section_;
  std::string message_id_, message_suffix_, message_title_, message_label_, message_emitted_for_;
  int message_line_ = 0;
  int section_level_ = 0;  // Markdown level of the current section heading, 0 if none
  int message_count_ = 0;
  int proof_points_ = 0;
  std::size_t message_index_ = 0;
  std::set<int> seen_numbers_;
  std::string guidance_audience_, guidance_label_;
  bool guidance_bulleted_ = true;
};

}  // namespace

std::vector<Unit> import_framework(const TextSource& text, const SourceDocument& source,
                                   const Taxonomy& taxonomy) {
  return FrameworkReader(text, source, taxonomy).read();
}

namespace detail {
bool is_message_heading(std::string_view line) {
  return parse_message_heading(line).has_value();
}
}  // namespace detail

}  // namespace kb
