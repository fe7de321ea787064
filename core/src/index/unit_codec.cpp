#include "index/unit_codec.h"

#include <algorithm>
#include <bit>
#include <cstdio>

#include "kb/ranking.h"
#include "kb/schema.h"
#include "text/hash.h"
#include "text/language.h"
#include "text/text_util.h"

namespace kb::detail {
namespace {

nlohmann::json tags_to_json(const std::vector<Tag>& tags) {
  auto out = nlohmann::json::array();
  for (const auto& t : tags) out.push_back({{"id", t.id}, {"provenance", to_string(t.provenance)}});
  return out;
}

std::vector<Tag> tags_from_json(const nlohmann::json& j) {
  std::vector<Tag> tags;
  for (const auto& t : j)
    tags.push_back({t.at("id").get<std::string>(), t.value("provenance", "inferred") == "curated"
                                                       ? Provenance::curated
                                                       : Provenance::inferred});
  return tags;
}

// "multi-stakeholder" -> "multistakeholder", "e-government" -> "egovernment", so both
// spellings find each other (the query side ORs a hyphenated word with its joined form).
std::string joined_hyphenations(const std::string& text) {
  std::string out, word;
  bool hyphenated = false;
  auto flush = [&] {
    if (hyphenated && !word.empty()) out += word + ' ';
    word.clear();
    hyphenated = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (text::word_byte(text, i)) {
      word += c;
    } else if (c == '-' && !word.empty() && i + 1 < text.size() && text::word_byte(text, i + 1)) {
      hyphenated = true;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

}  // namespace

nlohmann::json unit_to_stored(const Unit& u) {
  nlohmann::json j = {{"id", u.id},
                      {"kind", u.kind},
                      {"title", u.title},
                      {"text", u.text},
                      {"source", u.source_id},
                      {"cite",
                       {{"section", u.cite.section},
                        {"first_line", u.cite.first_line},
                        {"last_line", u.cite.last_line}}},
                      {"lang", u.lang},
                      {"position", u.position}};
  for (const auto& facet : schema::facets)
    if (const auto* tags = tags_of(u, facet.name)) j[schema::tags_key(facet)] = tags_to_json(*tags);
  if (u.cite.page > 0) {  // only PDFs have pages: other units keep the stored form they had
    j["cite"]["page"] = u.cite.page;
    j["cite"]["last_page"] = u.cite.last_page;
  }
  if (!u.message_id.empty()) j["message"] = {{"id", u.message_id}, {"title", u.message_title}};
  if (u.review != Review{})
    j["review"] = {{"reviewed", u.review.reviewed}, {"by", u.review.by}, {"every", u.review.every}};
  if (!u.question.empty()) j["question"] = u.question;
  return j;
}

Unit unit_from_stored(const nlohmann::json& j) {
  Unit u;
  u.id = j.at("id").get<std::string>();
  u.kind = j.at("kind").get<std::string>();
  u.title = j.value("title", "");
  u.text = j.value("text", "");
  for (const auto& facet : schema::facets)
    if (auto* tags = tags_of(u, facet.name))
      *tags = tags_from_json(j.value(schema::tags_key(facet), nlohmann::json::array()));
  u.source_id = j.value("source", "");
  if (auto c = j.find("cite"); c != j.end()) {
    u.cite.section = c->value("section", "");
    u.cite.first_line = c->value("first_line", 0);
    u.cite.last_line = c->value("last_line", 0);
    u.cite.page = c->value("page", 0);
    u.cite.last_page = c->value("last_page", 0);
  }
  u.lang = j.value("lang", "en");
  u.position = j.value("position", 0);
  u.question = j.value("question", "");
  if (auto m = j.find("message"); m != j.end()) {
    u.message_id = m->value("id", "");
    u.message_title = m->value("title", "");
  }
  if (auto r = j.find("review"); r != j.end()) {
    u.review.reviewed = r->value("reviewed", "");
    u.review.by = r->value("by", "");
    u.review.every = r->value("every", "");
  } else if (auto old = j.find("reviewed"); old != j.end()) {  // indexes built before
    u.review.reviewed = old->value("date", "");
    if (int days = old->value("fresh_days", 0); days > 0)
      u.review.every = std::to_string(days) + "d";
  }
  return u;
}

namespace {

// The values a unit has for a facet, as schema::Facet::values_from says where they are.
std::vector<std::string> facet_values_of(const Unit& u, const schema::Facet& facet) {
  switch (facet.values_from) {
    case schema::FacetValues::taxonomy: {
      std::vector<std::string> ids;
      if (const auto* tags = tags_of(u, facet.name))
        for (const auto& t : *tags) ids.push_back(t.id);
      return ids;
    }
    case schema::FacetValues::messages:
      if (u.message_id.empty()) return {};
      return {u.message_id};
    case schema::FacetValues::unit_kinds:
      return {u.kind};
    case schema::FacetValues::sources:
      return {u.source_id};
  }
  return {};
}

}  // namespace

Xapian::Document unit_document(const Unit& unit, const std::string& source_date, double ordinal,
                               Xapian::TermGenerator& generator, const BuildOptions& options,
                               bool shared_title) {
  namespace s = schema;
  // Stored and indexed as NFC, the form queries are normalised to: a word written
  // decomposed (NFD) in a document is found by the same word typed composed, and is
  // shown composed.
  Unit u = unit;
  for (auto* field : {&u.title, &u.text, &u.message_title}) *field = text::nfc(*field);
  Xapian::Document doc;
  doc.set_data(unit_to_stored(u).dump());
  auto term = [](std::string_view prefix, const std::string& value) {
    return std::string(prefix) + value;
  };

  doc.add_boolean_term(term(s::prefix_id, u.id));
  doc.add_boolean_term(term(s::prefix_lang, u.lang));
  // Every value is a filter term; the first slot_count are counted (slots base + i).
  for (const auto& facet : s::facets) {
    auto values = facet_values_of(u, facet);
    for (const auto& v : values) doc.add_boolean_term(term(facet.prefix, v));
    for (unsigned i = 0; i < values.size() && i < facet.slot_count; ++i)
      doc.add_value(facet.slot_base + i, values[i]);
  }

  if (!source_date.empty()) doc.add_value(s::slot_date, source_date);
  doc.add_value(s::slot_position, Xapian::sortable_serialise(ordinal));
  doc.add_value(s::slot_kind_rank, std::to_string(kind_rank(u.kind)));
  doc.add_value(s::slot_id, u.id);
  for (unsigned level = 1; level <= sample_level_of(u.id); ++level)
    doc.add_boolean_term(sample_term(level));

  generator.set_document(doc);
  // Positions are kept once, for the stemmed terms (Z), every word's (stopwords' and
  // numbers' too, so that any quoted phrase can match: the query side puts a phrase on
  // stems, search/phrase_stems.h). The words as written are indexed a second time
  // without positions (stopwords left out: no query looks them up). A word adds the same
  // wdf as with positions on both, so document lengths and BM25 are as they were (but
  // for numbers, which have a stemmed term now); a second positioned copy made a third
  // of the index.
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  generator.set_stopper_strategy(Xapian::TermGenerator::STOP_NONE);
  // A proof point's or guidance's title is its message's or audience's name, and a
  // title several units of a source share is a section heading or the document's
  // title: not the unit's own words, so it counts like body text (or not at all).
  bool own_title =
      u.kind != kind::proof_point && u.kind != kind::audience_guidance && !shared_title;
  unsigned title_wdf = own_title ? options.title_weight : options.inherited_title_weight;
  if (title_wdf > 0) {
    generator.index_text(u.title, title_wdf, std::string(s::prefix_title));
    generator.index_text(u.title, title_wdf);
  }
  generator.increase_termpos();
  generator.index_text(u.text);
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  generator.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
  if (title_wdf > 0) {
    generator.index_text_without_positions(u.title, title_wdf, std::string(s::prefix_title));
    generator.index_text_without_positions(u.title, title_wdf);
  }
  generator.index_text_without_positions(u.text);
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  generator.set_stopper_strategy(Xapian::TermGenerator::STOP_STEMMED);
  generator.index_text_without_positions(joined_hyphenations(u.title + " " + u.text));
  return doc;
}

unsigned sample_level_of(const std::string& unit_id) {
  auto hash = text::Hasher().add(unit_id).value() >> 32;
  return std::min<unsigned>(schema::max_sample_level, std::countr_zero(hash));
}

std::string sample_term(unsigned level) {
  return std::string(schema::prefix_sample) + std::to_string(level);
}

Xapian::TermGenerator unit_generator() {
  Xapian::TermGenerator generator;
  // unit_document sets the stemming and stopper strategies for each part it indexes.
  return generator;
}

void configure_for(Xapian::TermGenerator& generator, std::map<std::string, Xapian::Stem>& stemmers,
                   const Unit& unit, const BuildOptions& options) {
  auto stem = stemmers.find(unit.lang);
  // Memoised: a writer stems the same few thousand words over and over (Snowball and
  // the British-to-American mapping cost a twentieth of a build unmemoised).
  if (stem == stemmers.end())
    stem = stemmers.emplace(unit.lang, memoised(stemmer_for(unit.lang, options.english_stemmer)))
               .first;
  generator.set_stemmer(stem->second);
  generator.set_stopper(stopper_for(unit.lang, options.english_stopwords));
}

void count_spelling_words(const Xapian::Document& doc, SpellingCounts& counts) {
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& term = *t;
    // Prefixed terms (filters, titles, stems) start with a capital; one-letter words are
    // never suggested (Xapian ignores them too).
    if (term.size() < 2 || (term[0] >= 'A' && term[0] <= 'Z')) continue;
    ++counts[term];
  }
}

void add_spelling_words(Xapian::WritableDatabase& db, const SpellingCounts& counts) {
  for (const auto& [word, n] : counts) db.add_spelling(word, n);
}

void remove_spelling_words(Xapian::WritableDatabase& db, const SpellingCounts& counts) {
  for (const auto& [word, n] : counts) db.remove_spelling(word, n);
}

}  // namespace kb::detail
