#include "kb/printable_result.h"

#include "kb/schema.h"
#include "kb/terminal.h"

namespace kb::term {
namespace {

void clean(std::string& s, bool multiline = false) {
  s = printable(s, multiline);
}

void clean(std::vector<Tag>& tags) {
  for (auto& t : tags) clean(t.id);
}

}  // namespace

void make_printable(UnitView& view) {
  auto& u = view.unit;
  for (auto* field :
       {&u.id, &u.kind, &u.title, &u.message_id, &u.message_title, &u.source_id, &u.cite.section,
        &u.lang, &u.review.reviewed, &u.review.by, &u.review.every, &u.question, &view.source_title,
        &view.source_publisher, &view.source_date, &view.source_url, &view.cite})
    clean(*field);
  clean(u.text, /*multiline=*/true);
  for (const auto& facet : schema::facets)
    if (auto* tags = tags_of(u, facet.name)) clean(*tags);
}

void make_printable(SearchResult& result) {
  clean(result.query);
  if (result.corrected_query) clean(*result.corrected_query);
  for (auto& hit : result.hits) make_printable(hit);
  for (auto& facet : result.facets) {
    clean(facet.name);
    for (auto& v : facet.values) {
      clean(v.value);
      clean(v.label);
    }
  }
  for (auto& [name, values] : result.filters)
    for (auto& v : values) clean(v);
}

void make_printable(Hit& hit) {
  make_printable(hit.view);
  clean(hit.snippet, /*multiline=*/true);
}

void make_printable(Brief& brief) {
  for (auto* field : {&brief.audience.value, &brief.audience.label, &brief.topic}) clean(*field);
  for (auto* hits : {&brief.guidance, &brief.supporting, &brief.glossary})
    for (auto& h : *hits) make_printable(h);
  for (auto& m : brief.messages) {
    make_printable(m.message);
    for (auto& p : m.proof_points) make_printable(p);
    for (auto* words : {&m.why.words, &m.why.themes})
      for (auto& w : *words) clean(w);
    clean(m.why.summary);
  }
  for (auto& s : brief.sources)
    for (auto* field : {&s.id, &s.title, &s.publisher, &s.date, &s.url}) clean(*field);
}

void make_printable(MessageOutline& outline) {
  make_printable(outline.message);
  for (auto& p : outline.proof_points) make_printable(p);
}

}  // namespace kb::term
