#include "import_util.h"

#include <cctype>

#include "kb/taxonomy.h"
#include "text_util.h"

namespace kb::detail {

void TextAccumulator::add(const SourceLine& line) {
  if (line.text.empty()) {
    paragraph_break();
    return;
  }
  add_text(line.number, line.text);
}

void TextAccumulator::add_text(int line_number, const std::string& line_text) {
  if (line_text.empty()) return;
  if (first_ == 0) first_ = line_number;
  last_ = std::max(last_, line_number);
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
  text_ += line_text;
  pending_break_ = false;
  // A long line ending a sentence, or a lead-in ending in ':', closes its paragraph.
  last_line_closed_ = (line_text.size() > 160 && text::ends_sentence(line_text)) || line_text.back() == ':';
}

void TextAccumulator::add_line(int line_number, const std::string& line) {
  if (line.empty()) return;
  if (first_ == 0) first_ = line_number;
  last_ = std::max(last_, line_number);
  if (!text_.empty()) text_ += pending_break_ ? "\n\n" : "\n";
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

Unit UnitFactory::passage(std::string title, const TextAccumulator& text, std::string section) {
  return make(kind::passage, "p" + std::to_string(++passages_), std::move(title), text.text(),
              std::move(section), text.first_line(), text.last_line());
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
  for (const char* month : {"January", "February", "March", "April", "May", "June", "July", "August",
                            "September", "October", "November", "December"})
    if (text::istarts_with(rest, month)) return std::nullopt;
  return number;
}

bool is_standalone_heading(const Lines& lines, std::size_t i) {
  const auto& t = lines[i].text;
  if (t.empty()) return false;
  if (lines[i].heading_level > 0) return true;
  if (text::count_words(t) > 12 || text::ends_sentence(t) || t.back() == ',') return false;
  if (bullet_text(t)) return false;
  bool blank_before = i == 0 || lines[i - 1].text.empty();
  bool blank_after = i + 1 >= lines.size() || lines[i + 1].text.empty();
  return blank_before && blank_after;
}

namespace {

bool is_signatory_intro(std::string_view t) {
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
  if (t.empty() || t.front() == '(' || t.front() == '[') return false;
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
                                 "Signatories", lines[j].number, lines[j].number));
  }
  if (found.size() < 2) return 0;  // one short line after "signatories" is not a list
  for (auto& u : found) out.push_back(std::move(u));
  return consumed;
}

std::string id_slug(std::string_view text) { return slugify(std::string(text)); }

std::string first_field(std::string_view text) {
  auto comma = text.find(',');
  return std::string(text::trim(text.substr(0, comma)));
}

}  // namespace kb::detail
