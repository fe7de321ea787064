// How a unit is stored in a Xapian document: terms, values and the document data.
// Internal to kb_core; the layout is described by kb/schema.h.
#pragma once

#include <xapian.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "kb/model.h"
#include "kb/ranking.h"

namespace kb::detail {

// The stored form of a unit (document data), and back.
nlohmann::json unit_to_stored(const Unit& unit);
Unit unit_from_stored(const nlohmann::json& stored);

// Builds the Xapian document for a unit. `generator` is configured by the caller
// (stemmer and stopper for the unit's language, spelling database); `ordinal` orders
// units for browsing (any increasing numbers: an incremental update places a changed
// source's units between its neighbours'); `options` gives the title weights; `shared_title` says
// other units of the same source have the same title (a section heading, not the unit's own).
Xapian::Document unit_document(const Unit& unit, const std::string& source_date, double ordinal,
                               Xapian::TermGenerator& generator, const BuildOptions& options,
                               bool shared_title);

// How many sample terms a unit carries (schema::prefix_sample): the number of zero bits
// that end a hash of its id, at most schema::max_sample_level. One unit in 2^j has j or more.
unsigned sample_level_of(const std::string& unit_id);

// The term of the units of sample level `level` or more: one unit in 2^level.
std::string sample_term(unsigned level);

// The term generator every writer gives unit_document: positions for stemmed terms only
// (so phrases match inflections and variant spellings), the words as written without.
Xapian::TermGenerator unit_generator();

// Sets `generator`'s stemmer and stopper for `unit`'s language; `stemmers` keeps one
// stemmer per language (a writer's own: a stemmer is not shared between threads).
void configure_for(Xapian::TermGenerator& generator, std::map<std::string, Xapian::Stem>& stemmers,
                   const Unit& unit, const BuildOptions& options);

// The words "Did you mean" may suggest, with how many units hold each: every unprefixed
// term of a unit's document (its words as written, lower-cased) counts once per unit.
// Counted by the writer and added (or, for a removed document, subtracted) in one call
// per word: Xapian's per-occurrence spelling updates cost a fifth of a build.
using SpellingCounts = std::unordered_map<std::string, Xapian::termcount>;
void count_spelling_words(const Xapian::Document& doc, SpellingCounts& counts);
void add_spelling_words(Xapian::WritableDatabase& db, const SpellingCounts& counts);
void remove_spelling_words(Xapian::WritableDatabase& db, const SpellingCounts& counts);

}  // namespace kb::detail
