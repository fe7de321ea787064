#include "import/import_util.h"

#include <algorithm>
#include <cctype>

#include "kb/taxonomy.h"
#include "kb/text.h"
#include "text/text_util.h"

namespace kb::detail {

std::vector<std::pair<std::size_t, std::size_t>> cut_points(std::string_view text,
                                                            std::size_t max_bytes) {
  std::vector<std::pair<std::size_t, std::size_t>> cuts;
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t'; };
  std::size_t begin = 0;
  while (begin < text.size()) {
    while (begin < text.size() && is_space(text[begin])) ++begin;
    if (begin == text.size()) break;
    std::size_t end = text.size();
    if (end - begin > max_bytes) {
      std::size_t limit = begin + max_bytes;  // the piece ends at or before this
      std::size_t half = begin + max_bytes / 2;
      // Only this piece's allowance is searched, so cutting stays linear in the text.
      std::string_view window = text.substr(begin, max_bytes);
      end = std::string_view::npos;
      if (auto p = window.rfind("\n\n"); p != std::string_view::npos && begin + p >= half)
        end = begin + p;
      for (std::size_t i = limit; end == std::string_view::npos && i > half; --i) {
        // A sentence ends at ". ", "? ", "! " (the space at i - 1 is where the cut goes).
        char c = text[i - 2], next = text[i - 1];
        if (is_space(next) && (c == '.' || c == '?' || c == '!')) end = i - 1;
      }
      if (end == std::string_view::npos)
        if (auto p = window.find_last_of(" \n\t"); p != std::string_view::npos && p > 0)
          end = begin + p;
      if (end == std::string_view::npos) {
        // No space at all (a blob): cut between two UTF-8 characters.
        end = limit;
        while (end > begin + 1 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
      }
    }
    std::size_t stop = end;
    while (stop > begin && is_space(text[stop - 1])) --stop;
    cuts.emplace_back(begin, stop);
    begin = end;
  }
  return cuts;
}

void TextAccumulator::note_line(int line_number) {
  if (first_ == 0) first_ = line_number;
  last_ = std::max(last_, line_number);
  line_starts_.emplace_back(text_.size(), line_number);
}

int TextAccumulator::line_at(std::size_t offset) const {
  // The last line that starts at or before `offset`.
  auto it = std::upper_bound(
      line_starts_.begin(), line_starts_.end(), offset,
      [](std::size_t o, const std::pair<std::size_t, int>& start) { return o < start.first; });
  return it == line_starts_.begin() ? first_ : std::prev(it)->second;
}

bool TextAccumulator::is_short() const {
  return !text_.empty() && text_.size() <= 200 && text::count_words(text_) < min_unit_words;
}

void TextAccumulator::append_paragraph(const TextAccumulator& after) {
  if (after.empty()) return;
  if (empty()) {
    *this = after;
    return;
  }
  text_ += "\n\n";
  std::size_t shift = text_.size();
  for (auto [offset, line] : after.line_starts_) line_starts_.emplace_back(offset + shift, line);
  text_ += after.text_;
  first_ = std::min(first_, after.first_);
  last_ = std::max(last_, after.last_);
  pending_break_ = after.pending_break_;
  last_line_closed_ = after.last_line_closed_;
}

void TextAccumulator::prepend_paragraph(const TextAccumulator& before) {
  if (before.empty()) return;
  TextAccumulator joined = before;
  joined.append_paragraph(*this);
  *this = std::move(joined);
}

std::vector<TextPiece> TextAccumulator::pieces(std::size_t max_bytes) const {
  std::vector<TextPiece> out;
  for (auto [begin, end] : cut_points(text_, max_bytes))
    out.push_back({text_.substr(begin, end - begin), line_at(begin), line_at(end - 1)});
  return out;
}

void TextAccumulator::add(const SourceLine& line) {
  if (line.text.empty()) {
    paragraph_break();
    return;
  }
  add_text(line.number, line.text);
}

void TextAccumulator::add_text(int line_number, const std::string& line_text) {
  if (line_text.empty()) return;
  if (!text_.empty()) {
    // A page break inside a sentence ("...a busy\n\n\nprocess.") is not a paragraph.
    bool continues = !text::ends_sentence(text_) && text::starts_lower(line_text);
    if (pending_break_ && !continues)
      text_ += "\n\n";
    else if (last_line_closed_ && !continues)
      text_ += "\n\n";
    else
      text_ += ' ';
  }
  note_line(line_number);
  text_ += line_text;
  pending_break_ = false;
  // A long line ending a sentence, or a lead-in ending in ':', closes its paragraph.
  last_line_closed_ =
      (line_text.size() > 160 && text::ends_sentence(line_text)) || line_text.back() == ':';
}

void TextAccumulator::add_line(int line_number, const std::string& line) {
  if (line.empty()) return;
  if (!text_.empty()) text_ += pending_break_ ? "\n\n" : "\n";
  note_line(line_number);
  text_ += line;
  pending_break_ = false;
  last_line_closed_ = true;
}

void TextAccumulator::add_item(int line_number, const std::string& item) {
  if (!item.empty()) add_line(line_number, "\xE2\x80\xA2 " + item);
}

Unit UnitFactory::make(const std::string& kind, const std::string& id_suffix, std::string title,
                       std::string text, std::string section, int first_line, int last_line) {
  Unit u;
  u.id = source_.id + "/" + id_suffix;
  u.kind = kind;
  u.title = std::move(title);
  u.text = std::move(text);
  u.source_id = source_.id;
  u.cite.section = std::move(section);
  u.cite.first_line = first_line;
  u.cite.last_line = last_line;
  u.lang = source_.lang;
  u.position = ++position_;
  return u;
}

void UnitFactory::emit(std::vector<Unit>& out, Unit unit, const TextAccumulator* text) {
  if (unit.text.size() <= max_unit_text_bytes) {
    out.push_back(std::move(unit));
    return;
  }
  std::vector<TextPiece> pieces;
  if (text && text->text() == unit.text) {
    std::string().swap(unit.text);  // the pieces replace it: do not hold the text twice
    pieces = text->pieces();
  } else {
    std::string whole = std::move(unit.text);
    unit.text.clear();
    for (auto [begin, end] : cut_points(whole, max_unit_text_bytes))
      pieces.push_back(
          {whole.substr(begin, end - begin), unit.cite.first_line, unit.cite.last_line});
  }
  const Unit continuation_model = unit;  // text-less
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    Unit piece = i == 0 ? std::move(unit) : continuation_model;
    if (i > 0) {
      piece.kind = kind::passage;
      piece.id = source_.id + "/p" + std::to_string(++passages_);
      piece.position = ++position_;
    }
    piece.text = std::move(pieces[i].text);
    piece.cite.first_line = pieces[i].first_line;
    piece.cite.last_line = pieces[i].last_line;
    out.push_back(std::move(piece));
  }
}

void UnitFactory::passages(std::vector<Unit>& out, std::string title, const TextAccumulator& text,
                           std::string section) {
  emit(out,
       make(kind::passage, "p" + std::to_string(++passages_), std::move(title), text.text(),
            std::move(section), text.first_line(), text.last_line()),
       &text);
}

bool append_paragraph(Unit& unit, const TextAccumulator& text) {
  if (text.empty()) return true;
  if (unit.text.size() + 2 + text.text().size() > max_unit_text_bytes) return false;
  if (!unit.text.empty()) unit.text += "\n\n";
  unit.text += text.text();
  unit.cite.first_line = unit.cite.first_line == 0
                             ? text.first_line()
                             : std::min(unit.cite.first_line, text.first_line());
  unit.cite.last_line = std::max(unit.cite.last_line, text.last_line());
  return true;
}

bool append_paragraph(Unit& unit, const std::string& text, int line_number) {
  TextAccumulator one;
  one.add_line(line_number, text);
  return append_paragraph(unit, one);
}

std::optional<std::string> numbered_section(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (text::is_digit(line[i]) || (line[i] == '.' && i > 0))) ++i;
  if (i == 0 || i >= line.size() || (line[i] != ' ' && line[i] != '\t')) return std::nullopt;
  std::string number(text::strip_trailing(line.substr(0, i), "."));
  auto rest = text::trim(line.substr(i));
  if (rest.empty() || !std::isupper(static_cast<unsigned char>(rest[0]))) return std::nullopt;
  if (text::count_words(rest) > 12 || rest.back() == '.' || rest.back() == ',') return std::nullopt;
  // "28 May 2025" is a date, not section 28.
  for (const char* month : {"January", "February", "March", "April", "May", "June", "July",
                            "August", "September", "October", "November", "December"})
    if (text::istarts_with(rest, month)) return std::nullopt;
  return number;
}

bool is_standalone_heading(const Lines& lines, std::size_t i) {
  const auto& t = lines[i].text;
  if (t.empty() || t.size() > max_heading_bytes) return false;
  if (lines[i].heading_level > 0) return true;
  if (text::count_words(t) > 12 || text::ends_sentence(t) || t.back() == ',') return false;
  if (bullet_text(t)) return false;
  bool blank_before = i == 0 || lines[i - 1].text.empty();
  bool blank_after = i + 1 >= lines.size() || lines[i + 1].text.empty();
  return blank_before && blank_after;
}

namespace {

bool is_signatory_intro(std::string_view t) {
  if (t.size() > 2 * max_heading_bytes) return false;  // an introducer is one short line
  auto lower = text::lower_ascii(t);
  bool mentions = lower.find("signator") != std::string::npos ||
                  lower.find("undersigned") != std::string::npos ||
                  lower.find("have endorsed") != std::string::npos ||
                  lower.find("signed by") != std::string::npos ||
                  lower.find("endorsed by") != std::string::npos;
  if (!mentions) return false;
  return t.back() == ':' || text::count_words(t) <= 12;
}

bool looks_like_name(std::string_view t) {
  if (t.empty() || t.size() > max_heading_bytes || t.front() == '(' || t.front() == '[')
    return false;
  if (text::count_words(t) > 14) return false;
  if (t.back() == '.' && !(t.size() > 4 && t.substr(t.size() - 4) == "Ltd.") &&
      !(t.size() > 4 && t.substr(t.size() - 4) == "Inc."))
    return false;
  return t.back() != ':' && t.back() != '?';
}

}  // namespace

std::size_t take_signatories(const Lines& lines, std::size_t i, UnitFactory& factory,
                             std::vector<Unit>& out) {
  if (!is_signatory_intro(lines[i].text)) return 0;
  std::vector<Unit> found;
  // The introducer heads the list: it is the signatories' section in their citation
  // ("Signatories as of 11 June 2024 (in alphabetical order)"), not text of its own.
  std::string section(text::strip_trailing(text::trim(lines[i].text), " :"));
  std::size_t j = i + 1;
  std::size_t consumed = 1;
  for (; j < lines.size(); ++j) {
    const auto& t = lines[j].text;
    if (t.empty()) continue;
    std::string name = t;
    if (auto b = bullet_text(t)) name = *b;
    if (!looks_like_name(name)) break;
    consumed = j - i + 1;
    found.push_back(factory.make(kind::signatory, "signatory/" + id_slug(name), name,
                                 name + " is a signatory of " + factory.source().title + ".",
                                 section, lines[j].number, lines[j].number));
  }
  if (found.size() < 2) return 0;  // one short line after "signatories" is not a list
  for (auto& u : found) out.push_back(std::move(u));
  return consumed;
}

std::string id_slug(std::string_view text) {
  return slugify(std::string(text));
}

std::string first_field(std::string_view text) {
  auto comma = text.find(',');
  return std::string(text::trim(text.substr(0, comma)));
}

}  // namespace kb::detail
