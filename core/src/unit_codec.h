// How a unit is stored in a Xapian document: terms, values and the document data.
// Internal to kb_core; the layout is described by kb/schema.h.
#pragma once

#include <xapian.h>

#include <nlohmann/json.hpp>

#include "kb/model.h"

namespace kb::detail {

// The stored form of a unit (document data), and back.
nlohmann::json unit_to_stored(const Unit& unit);
Unit unit_from_stored(const nlohmann::json& stored);

// Builds the Xapian document for a unit. `generator` is configured by the caller
// (stemmer, stopper, spelling database); `ordinal` orders units for browsing.
Xapian::Document unit_document(const Unit& unit, const std::string& source_date, unsigned ordinal,
                               Xapian::TermGenerator& generator);

// The stopword list shared by indexing and query parsing (English function words).
const Xapian::Stopper& stopper();

// The stemmer for a language code; "none" when Xapian has no stemmer for it.
Xapian::Stem stemmer_for(const std::string& lang);

}  // namespace kb::detail
