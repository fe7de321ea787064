// Statements and other prose: paragraphs become passages (titled by the heading above
// them); a list introduced by a line ending in ':' stays with that paragraph; a
// signatory list becomes one signatory unit per name.
//
// No words are dropped: a paragraph too short to be a passage of its own joins the
// passage before it under the same heading (or the one after it, when it comes first);
// a heading with only short paragraphs gets one passage of them; a heading with no text
// at all (a date line under the title) joins the passage before it (one that opens the
// document, the passage after it, unless it is the document's title).
//
// A long document (a report, a 100-page RFC) is cut into fewer, longer passages: a
// paragraph joins the passage before it under the same heading while that passage is
// shorter than long_document_passage_bytes. A citation there still names the section and
// its lines; a unit per paragraph would only multiply what is indexed and ranked.
#include <optional>

#include "import/import_util.h"
#include "kb/importers.h"
#include "text/text_util.h"

namespace kb {

std::vector<Unit> import_passages(const TextSource& text, const SourceDocument& source) {
  const auto& lines = text.lines;
  std::size_t text_bytes = 0;
  for (const auto& l : lines) text_bytes += l.text.size() + 1;
  const std::size_t min_passage_bytes =
      text_bytes >= detail::long_document_bytes ? detail::long_document_passage_bytes : 0;
  detail::UnitFactory factory(source);
  std::vector<Unit> units;
  detail::TextAccumulator block;
  std::string heading;
  int heading_line = 0;
  bool heading_used = true;      // the heading titles some text (or there is none)
  detail::TextAccumulator held;  // short paragraphs waiting for a passage of their heading
  detail::TextAccumulator
      held_headings;  // empty headings that open the document, for the next passage
  detail::TextAccumulator title_heading;    // an opening empty heading that is the document's title
  std::optional<std::size_t> last_passage;  // in `units`, of the document so far
  std::optional<std::size_t> last_passage_here;  // ... under the current heading

  auto emit = [&](const detail::TextAccumulator& paragraphs) {
    detail::TextAccumulator joined = std::move(held_headings);
    held_headings.clear();
    joined.append_paragraph(paragraphs);
    factory.passages(units, heading.empty() ? source.title : heading, joined, heading);
    last_passage = last_passage_here = units.size() - 1;
    heading_used = true;
  };
  auto flush = [&] {
    if (block.empty()) return;
    // In a long document, a passage shorter than min_passage_bytes takes the next one.
    if (!block.is_short() && last_passage_here && held.empty() &&
        units[*last_passage_here].text.size() < min_passage_bytes &&
        detail::append_paragraph(units[*last_passage_here], block)) {
      block.clear();
      return;
    }
    if (block.is_short()) {
      heading_used = true;
      if (!last_passage_here || !detail::append_paragraph(units[*last_passage_here], block)) {
        held.append_paragraph(block);
        if (held.text().size() > detail::max_unit_text_bytes) {
          emit(held);
          held.clear();
        }
      }
    } else {
      block.prepend_paragraph(held);
      held.clear();
      emit(block);
    }
    block.clear();
  };
  // Before a new heading, a signatory list and at the end: nothing stays held.
  auto end_section = [&] {
    flush();
    if (!held.empty()) emit(held);
    held.clear();
  };
  auto start_heading = [&](const std::string& next, int line_number) {
    end_section();
    if (!heading_used) {  // the old heading headed nothing: keep its words
      detail::TextAccumulator orphan;
      orphan.add_line(heading_line, heading);
      if (units.empty() && text::iequals(heading, text::trim(source.title)))
        title_heading.append_paragraph(orphan);  // the source's title already says it
      else if (units.empty())
        held_headings.append_paragraph(orphan);
      else if (!last_passage || !detail::append_paragraph(units[*last_passage], orphan))
        emit(orphan);
    }
    heading = next;
    heading_line = line_number;
    heading_used = false;
    last_passage_here.reset();
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
      end_section();  // the paragraph before the list comes first
      // The list does not use the heading above it (its section is the introducer):
      // a heading with only a list under it still joins a passage.
      for (auto& u : signatories) units.push_back(std::move(u));
      last_passage_here.reset();  // a short line after the list does not join the passage above it
      i += n - 1;
      continue;
    }
    if (detail::is_standalone_heading(lines, i)) {
      start_heading(t, lines[i].number);
      continue;
    }
    auto bullet = bullet_text(t);
    last_was_item = bullet.has_value();
    if (bullet)
      block.add_item(lines[i].number, *bullet);
    else
      block.add(lines[i]);
  }
  end_section();
  if (!heading_used && !heading.empty())
    start_heading("", 0);  // a last heading with nothing under it
  if (!held_headings.empty() || (units.empty() && !title_heading.empty())) {
    // Only short lines that all looked like headings (a one-sentence notice, a
    // placeholder): the document is still content, as one passage.
    heading.clear();
    held_headings.prepend_paragraph(units.empty() ? title_heading : detail::TextAccumulator());
    emit(detail::TextAccumulator());
  }
  return units;
}

std::vector<Unit> import_statement(const TextSource& text, const SourceDocument& source) {
  return import_passages(text, source);
}

}  // namespace kb
