// Statements and other prose: paragraphs become passages (titled by the heading above
// them); a list introduced by a line ending in ':' stays with that paragraph; a
// signatory list becomes one signatory unit per name.
#include "import_util.h"
#include "kb/importers.h"
#include "text_util.h"

namespace kb {

std::vector<Unit> import_passages(const TextSource& text, const SourceDocument& source) {
  const auto& lines = text.lines;
  detail::UnitFactory factory(source);
  std::vector<Unit> units;
  detail::TextAccumulator block;
  std::string heading;
  auto flush = [&] {
    if (!block.empty() && text::count_words(block.text()) >= 4)
      units.push_back(factory.passage(heading.empty() ? source.title : heading, block, heading));
    block.clear();
  };
  bool blank_seen = false;
  bool last_was_item = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& t = lines[i].text;
    if (t.empty()) {
      blank_seen = true;
      continue;
    }
    if (blank_seen) {
      blank_seen = false;
      const auto& so_far = block.text();
      // A list after "...risks that:" continues the paragraph that announced it; so does
      // a sentence cut by a page break ("...a busy" / "process. ICANN...").
      bool list_follows = !so_far.empty() && so_far.back() == ':' && bullet_text(t);
      bool cut_sentence = !so_far.empty() && !text::ends_sentence(so_far) && text::starts_lower(t);
      bool more_items = last_was_item && bullet_text(t);
      if (!list_follows && !cut_sentence && !more_items) flush();
    }
    std::vector<Unit> signatories;
    if (auto n = detail::take_signatories(lines, i, factory, signatories)) {
      flush();  // the paragraph before the list comes first
      for (auto& u : signatories) units.push_back(std::move(u));
      i += n - 1;
      continue;
    }
    if (detail::is_standalone_heading(lines, i)) {
      flush();
      heading = t;
      continue;
    }
    auto bullet = bullet_text(t);
    last_was_item = bullet.has_value();
    if (bullet)
      block.add_item(lines[i].number, *bullet);
    else
      block.add(lines[i]);
  }
  flush();
  if (units.empty()) {
    // Only short lines that all looked like headings (a one-sentence notice, a
    // placeholder): the document is still content, as one passage.
    detail::TextAccumulator all;
    for (const auto& line : lines) all.add(line);
    if (!all.empty()) units.push_back(factory.passage(source.title, all, ""));
  }
  return units;
}

std::vector<Unit> import_statement(const TextSource& text, const SourceDocument& source) {
  return import_passages(text, source);
}

}  // namespace kb
