// How a unit is stored in a Xapian document: terms, values and the document data.
// Internal to kb_core; the layout is described by kb/schema.h.
#pragma once

#include <xapian.h>

#include <nlohmann/json.hpp>

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

}  // namespace kb::detail
