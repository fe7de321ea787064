// Numbered questions and answers (consultation responses): question lines numbered 1, 2,
// 3... ("3. How …?", "Q3: …", "Question 3 – …", or "Question 3" above the question),
// each followed by its answer. A "***" separator marks a preface
// in the first answer and an appendix (often an "about us" and a signatory list) in
// the last one.
#include "import/import_util.h"
#include "kb/importers.h"
#include "text/text_util.h"

namespace kb {
namespace detail {

namespace {

// Strips a dash or colon that ends a question's label: "Question 3 – How …".
std::string_view after_label_punctuation(std::string_view s) {
  s = text::trim(s);
  for (std::string_view mark : {":", "-", "\xE2\x80\x93", "\xE2\x80\x94"})
    if (s.size() >= mark.size() && s.substr(0, mark.size()) == mark)
      return text::trim(s.substr(mark.size()));
  return s;
}

// A question's text: a prefixed label ("Question 3") may name a short one; a bare number
// ("3.") starts a question only when it is long or asks something (not a list item).
bool reads_as_question(std::string_view text, bool prefixed) {
  if (text.empty()) return false;
  return prefixed || text.find('?') != std::string_view::npos || text::count_words(text) >= 6;
}

}  // namespace

std::optional<QuestionLabel> question_label(std::string_view t) {
  auto s = text::trim(t);
  bool prefixed = false;
  if (text::istarts_with(s, "question")) {
    s = s.substr(8);
    if (!s.empty() && s[0] != ' ' && s[0] != '.' && !text::is_digit(s[0])) return std::nullopt;
    prefixed = true;
  } else if (text::istarts_with(s, "q") && s.size() > 1 &&
             (text::is_digit(s[1]) || s[1] == '.' || s[1] == ' ')) {
    s = s.substr(1);
    prefixed = true;
  }
  if (prefixed) {
    if (!s.empty() && s[0] == '.') s = s.substr(1);  // "Q.3"
    s = text::trim(s);
    if (text::istarts_with(s, "no.")) s = text::trim(s.substr(3));  // "Question No. 3"
  }
  int n;
  auto len = text::leading_number(s, n);
  if (len == 0 || n <= 0) return std::nullopt;
  if (len == s.size()) {
    if (!prefixed) return std::nullopt;  // a bare number on its own line is no question
    return QuestionLabel{n, true, {}};
  }
  char c = s[len];
  std::string_view rest;
  if (c == '.' || c == ')' || c == ':') {
    rest = text::trim(s.substr(len + 1));
    if (!rest.empty() && text::is_digit(rest[0])) return std::nullopt;  // "1.2 Scope"
    if (prefixed) rest = after_label_punctuation(rest);
  } else if (prefixed && c == ' ') {
    rest = after_label_punctuation(s.substr(len));
  } else {
    return std::nullopt;
  }
  return QuestionLabel{n, prefixed, rest};
}

std::optional<NumberedQuestion> numbered_question(const std::vector<SourceLine>& lines,
                                                  std::size_t i, int after) {
  auto label = question_label(lines[i].text);
  if (!label) return std::nullopt;
  // Numbered in order; a "Question N" label may skip numbers (questions left unanswered).
  if (label->prefixed ? label->number <= after : label->number != after + 1) return std::nullopt;
  if (!label->text.empty()) {
    if (!reads_as_question(label->text, label->prefixed)) return std::nullopt;
    return NumberedQuestion{label->number, std::string(label->text), 1};
  }
  // "Question 3" standing alone: the question is the next line with text.
  std::size_t next = i + 1;
  while (next < lines.size() && lines[next].text.empty()) ++next;
  if (next >= lines.size() || question_label(lines[next].text)) return std::nullopt;
  if (!reads_as_question(lines[next].text, true)) return std::nullopt;
  return NumberedQuestion{label->number, lines[next].text, next - i + 1};
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
  int number;  // as the source numbers it
  std::string question;
  std::size_t line;    // index of the question's (first) line
  std::size_t answer;  // index of the first line after the question
  std::size_t end;     // one past the last line of its answer
};

std::vector<QuestionSpan> find_questions(const std::vector<SourceLine>& lines) {
  std::vector<QuestionSpan> spans;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    int after = spans.empty() ? 0 : spans.back().number;
    if (auto q = detail::numbered_question(lines, i, after)) {
      if (!spans.empty()) spans.back().end = i;
      spans.push_back({q->number, q->text, i, i + q->lines, lines.size()});
      i += q->lines - 1;
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
    std::size_t begin = q.answer, end = q.end;
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
    u.question = std::to_string(q.number);
    auto answer_index = units.size();
    factory.emit(units, std::move(u), &answer);
    units[answer_index].cite.first_line =
        lines[q.line].number;  // the question line, however the answer is cut
    if (appendix < end) add_prose(lines, appendix + 1, end, "About the authors", factory, units);
  }
  return units;
}

}  // namespace kb
