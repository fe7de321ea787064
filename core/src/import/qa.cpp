// Numbered questions and answers (consultation responses): "N. question" lines
// numbered 1, 2, 3..., each followed by its answer. A "***" separator marks a preface
// in the first answer and an appendix (often an "about us" and a signatory list) in
// the last one.
#include "import/import_util.h"
#include "kb/importers.h"
#include "text/text_util.h"

namespace kb {
namespace detail {

// "3. How can we …?" when 3 is the expected number. Questions are long or end in '?'.
std::optional<std::string> question_text(std::string_view t, int expected) {
  auto s = t;
  if (text::istarts_with(s, "q")) s = s.substr(1);
  int n;
  auto len = text::leading_number(s, n);
  if (len == 0 || n != expected || len >= s.size()) return std::nullopt;
  if (s[len] != '.' && s[len] != ')' && s[len] != ':') return std::nullopt;
  auto rest = text::trim(s.substr(len + 1));
  if (rest.empty()) return std::nullopt;
  if (rest.find('?') == std::string_view::npos && text::count_words(rest) < 6) return std::nullopt;
  return std::string(rest);
}

bool is_separator(std::string_view t) {
  if (t.size() < 3) return false;
  for (char c : t)
    if (c != '*' && c != '-' && c != '_' && c != '=' && c != ' ') return false;
  return true;
}

}  // namespace detail

namespace {

using detail::TextAccumulator;

struct QuestionSpan {
  int number;
  std::string question;
  std::size_t line;  // index of the question line
  std::size_t end;   // one past the last line of its answer
};

std::vector<QuestionSpan> find_questions(const std::vector<SourceLine>& lines) {
  std::vector<QuestionSpan> spans;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (auto q = detail::question_text(lines[i].text, static_cast<int>(spans.size()) + 1)) {
      if (!spans.empty()) spans.back().end = i;
      spans.push_back({static_cast<int>(spans.size()) + 1, *q, i, lines.size()});
    }
  }
  return spans;
}

// Prose lines (with signatory lists) as passages.
void add_prose(const std::vector<SourceLine>& lines, std::size_t begin, std::size_t end,
               const std::string& title, detail::UnitFactory& factory, std::vector<Unit>& out) {
  TextAccumulator block;
  auto flush = [&] {
    if (!block.empty()) factory.passages(out, title, block, title);
    block.clear();
  };
  for (std::size_t i = begin; i < end; ++i) {
    if (detail::is_separator(lines[i].text)) {
      flush();
      continue;
    }
    std::vector<Unit> signatories;
    if (auto n = detail::take_signatories(lines, i, factory, signatories)) {
      flush();  // the paragraph before the list comes first
      for (auto& u : signatories) out.push_back(std::move(u));
      i += n - 1;
      continue;
    }
    block.add(lines[i]);
  }
  flush();
}

}  // namespace

std::vector<Unit> import_qa(const TextSource& text, const SourceDocument& source) {
  const auto& lines = text.lines;
  detail::UnitFactory factory(source);
  std::vector<Unit> units;
  auto spans = find_questions(lines);
  if (spans.empty()) return import_passages(text, source);

  add_prose(lines, 0, spans.front().line, "Introduction", factory, units);
  for (std::size_t s = 0; s < spans.size(); ++s) {
    const auto& q = spans[s];
    std::size_t begin = q.line + 1, end = q.end;
    std::vector<std::size_t> separators;
    for (std::size_t i = begin; i < end; ++i)
      if (detail::is_separator(lines[i].text)) separators.push_back(i);

    std::size_t appendix = end;
    if (s == 0 && !separators.empty()) {
      add_prose(lines, begin, separators.front(), "About this response", factory, units);
      begin = separators.front() + 1;
    }
    if (s + 1 == spans.size() && !separators.empty() && separators.back() >= begin) {
      appendix = separators.back();
    }

    TextAccumulator answer;
    for (std::size_t i = begin; i < appendix; ++i) {
      if (detail::is_separator(lines[i].text)) {
        answer.paragraph_break();
        continue;
      }
      answer.add(lines[i]);
    }
    auto label = "Q" + std::to_string(q.number);
    auto u = factory.make(kind::answer, "q" + std::to_string(q.number), q.question,
                          answer.empty() ? "[No answer provided]" : answer.text(), label,
                          lines[q.line].number,
                          answer.empty() ? lines[q.line].number : answer.last_line());
    auto answer_index = units.size();
    factory.emit(units, std::move(u), &answer);
    units[answer_index].cite.first_line =
        lines[q.line].number;  // the question line, however the answer is cut
    if (appendix < end) add_prose(lines, appendix + 1, end, "About the authors", factory, units);
  }
  return units;
}

}  // namespace kb
