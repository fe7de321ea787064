// Session proposals (IGF-style forms): "Organizer N:" and "Speaker N:" lines, policy
// questions lettered A., B., C. under a "Policy Question(s)" heading, and free sections
// ("Description:", "Expected Outcomes", "Format", ...) that become passages.
#include <cctype>
#include <set>

#include "import/import_util.h"
#include "kb/importers.h"
#include "text/text_util.h"

namespace kb {
namespace detail {

// "Speaker 2: Israel Rosas, Technical Community, ..." / "Organiser 1: ...".
std::optional<RoleLine> role_line(std::string_view t) {
  RoleLine r;
  std::string_view rest;
  for (auto [word, role] :
       {std::pair{"speaker ", kind::speaker}, std::pair{"organizer ", kind::organiser},
        std::pair{"organiser ", kind::organiser}}) {
    if (text::istarts_with(t, word)) {
      r.role = role;
      rest = t.substr(std::string_view(word).size());
      break;
    }
  }
  if (r.role.empty()) return std::nullopt;
  auto len = text::leading_number(rest, r.number);
  if (len == 0 || len >= rest.size() || rest[len] != ':') return std::nullopt;
  r.value = std::string(text::trim(rest.substr(len + 1)));
  if (r.value.empty()) return std::nullopt;
  return r;
}

}  // namespace detail

namespace {

using detail::TextAccumulator;

// Field names of IGF session forms that head a section of their own.
bool is_form_heading(std::string_view t) {
  auto core = text::lower_ascii(text::strip_trailing(t, " :"));
  static const char* names[] = {
      "session",         "subtheme",           "sub-theme",        "theme",
      "format",          "policy question(s)", "policy questions", "policy question",
      "description",     "expected outcomes",  "hybrid format",    "sdgs",
      "session outline", "onsite moderator",   "online moderator", "rapporteur",
      "organizers",      "organisers",         "speakers",         "title"};
  for (const char* n : names)
    if (core == n) return true;
  return false;
}

// "A. How has …?" -> {"a", text}.
std::optional<std::pair<std::string, std::string>> lettered_question(std::string_view t) {
  if (t.size() < 4 || !std::isupper(static_cast<unsigned char>(t[0])) ||
      (t[1] != '.' && t[1] != ')') || t[2] != ' ')
    return std::nullopt;
  return std::make_pair(std::string(1, static_cast<char>(std::tolower(t[0]))),
                        std::string(text::trim(t.substr(3))));
}

// "What will participants gain from attending this session? Participants will …"
std::optional<std::pair<std::string, std::string>> inline_question(std::string_view t) {
  auto q = t.find("? ");
  if (q == std::string_view::npos || text::count_words(t.substr(0, q)) > 15) return std::nullopt;
  return std::make_pair(std::string(t.substr(0, q + 1)), std::string(text::trim(t.substr(q + 2))));
}

// "Hybrid Format: On q1:" -> {"Hybrid Format", "On q1:"}; short keys only.
std::optional<std::pair<std::string, std::string>> field_line(std::string_view t) {
  auto colon = t.find(": ");
  if (colon == std::string_view::npos) {
    if (t.back() == ':' && text::count_words(t) <= 5)
      return std::make_pair(std::string(t.substr(0, t.size() - 1)), std::string());
    return std::nullopt;
  }
  auto key = t.substr(0, colon);
  if (text::count_words(key) > 5) return std::nullopt;
  return std::make_pair(std::string(key), std::string(text::trim(t.substr(colon + 2))));
}

}  // namespace

std::vector<Unit> import_session_proposal(const TextSource& text, const SourceDocument& source) {
  const auto& lines = text.lines;
  detail::UnitFactory factory(source);
  std::vector<Unit> units;
  std::set<std::pair<std::string, int>> seen_roles;
  std::set<std::string> seen_questions;
  TextAccumulator block;
  std::string section;
  bool in_policy_questions = false;

  auto flush = [&] {
    if (!block.empty()) factory.passages(units, section, block, section);
    block.clear();
  };
  auto start_section = [&](std::string name) {
    flush();
    section = std::move(name);
    in_policy_questions = text::istarts_with(section, "policy question");
  };

  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& line = lines[i];
    const auto& t = line.text;
    if (t.empty()) {
      block.paragraph_break();
      continue;
    }
    if (auto r = detail::role_line(t)) {
      if (!seen_roles.insert({r->role, r->number}).second) continue;  // repeated by the PDF export
      flush();                                                        // keep units in source order
      bool speaker = r->role == kind::speaker;
      // The label as the document writes it ("Organizer 1"), so its word stays findable.
      auto label = std::string(text::trim(std::string_view(t).substr(0, t.find(':'))));
      factory.emit(units, factory.make(r->role, r->role + "/" + std::to_string(r->number),
                                       speaker ? detail::first_field(r->value) : r->value,
                                       label + ": " + r->value, speaker ? "Speakers" : "Organisers",
                                       line.number, line.number));
      continue;
    }
    if (in_policy_questions) {
      if (auto q = lettered_question(t)) {
        if (!seen_questions.insert(q->first).second) continue;
        flush();
        std::string letter = q->first;
        letter[0] = static_cast<char>(std::toupper(letter[0]));
        auto unit =
            factory.make(kind::policy_question, "policy-question/" + q->first, q->second, q->second,
                         "Policy Question(s)" + std::string(section_separator) + letter,
                         line.number, line.number);
        unit.question = letter;
        factory.emit(units, std::move(unit));
        continue;
      }
      in_policy_questions = false;  // the lettered list has ended
    }
    if (is_form_heading(t)) {
      start_section(std::string(text::strip_trailing(t, " :")));
      continue;
    }
    if (auto q = inline_question(t); q && !in_policy_questions) {
      start_section(q->first);
      block.add_line(line.number, q->second);
      continue;
    }
    if (auto f = field_line(t); f && is_form_heading(f->first)) {
      start_section(f->first);
      block.add_line(line.number, f->second);
      continue;
    }
    if (auto bullet = bullet_text(t)) {
      block.add_item(line.number, *bullet);
      continue;
    }
    in_policy_questions = false;
    block.add_line(line.number, t);
  }
  flush();
  return units;
}

}  // namespace kb
