// The corpus model: source documents and the knowledge units cut from them.
// A unit is what search returns; see docs/ARCHITECTURE.md for the field meanings.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// Unit kinds, as stored in the index and shown to users.
namespace kind {
inline constexpr const char* message = "message";
inline constexpr const char* proof_point = "proof-point";
inline constexpr const char* audience_guidance = "audience-guidance";
inline constexpr const char* answer = "answer";
inline constexpr const char* passage = "passage";
inline constexpr const char* signatory = "signatory";
// One per signatory list: every name, their count and the statement's date.
inline constexpr const char* signatory_list = "signatory-list";
inline constexpr const char* speaker = "speaker";
inline constexpr const char* organiser = "organiser";
inline constexpr const char* policy_question = "policy-question";
inline constexpr const char* glossary = "glossary";
}  // namespace kind

// How a unit kind is shown: its label, and a plural also accepted as a filter alias
// ("--kind messages").
struct UnitKindInfo {
  std::string_view kind;    // kind::*
  std::string_view label;   // "Proof point"
  std::string_view plural;  // "Proof points"
};

// All unit kinds, in the order they are listed to users.
inline constexpr std::array<UnitKindInfo, 11> unit_kinds{{
    {kind::message, "Message", "Messages"},
    {kind::proof_point, "Proof point", "Proof points"},
    {kind::audience_guidance, "Audience guidance", "Guidance"},
    {kind::answer, "Consultation answer", "Answers"},
    {kind::passage, "Passage", "Passages"},
    {kind::policy_question, "Policy question", "Policy questions"},
    {kind::signatory_list, "Signatory list", "Signatory lists"},
    {kind::signatory, "Signatory", "Signatories"},
    {kind::speaker, "Speaker", "Speakers"},
    {kind::organiser, "Organiser", "Organisers"},
    {kind::glossary, "Glossary entry", "Glossary"},
}};

// The kind ids of unit_kinds, in that order.
const std::vector<std::string>& all_unit_kinds();

// Kinds whose text is names (signatories, a signatory list, speakers, organisers): they
// rank below content unless the query asks for people or organisations.
bool is_name_kind(std::string_view kind);

// Between the parts of a section path: "§4 › Message 4 › proof point 2".
inline constexpr std::string_view section_separator = " \xE2\x80\xBA ";

// Document kinds (the catalog's `kind` attribute, or what the importer detected).
namespace doc_kind {
inline constexpr const char* framework = "framework";
inline constexpr const char* statement = "statement";
inline constexpr const char* consultation = "consultation";
inline constexpr const char* session_proposal = "session-proposal";
inline constexpr const char* document = "document";
}  // namespace doc_kind

enum class Provenance { curated, inferred };
const char* to_string(Provenance p);

// A taxonomy value (an audience, a theme, ...) attached to a unit, and where that attachment came
// from.
struct Tag {
  std::string id;
  Provenance provenance = Provenance::inferred;
  bool operator==(const Tag&) const = default;
};

// Where a unit sits in its source: a human-readable section path and the line range
// (1-based, inclusive) in the source file.
struct Citation {
  std::string section;
  int first_line = 0;
  int last_line = 0;
  int page = 0;       // PDF page of first_line (1-based); 0 = the source has no pages
  int last_page = 0;  // PDF page of last_line; 0 = the source has no pages
};

// When a fact was last checked, by whom, and how often it must be (kb/review.h tells
// its status). Given per unit, message, document or corpus; the most specific wins.
struct Review {
  std::string reviewed;  // ISO date as precise as known ("2025", "2025-05-28"); "" = never
  std::string by;        // who reviewed it, "" when not said
  std::string every;     // review period as written ("90d", "6m", "1y"); "" = inherited
  bool operator==(const Review&) const = default;
};

struct SourceDocument {
  std::string id;    // stable, readable: "wsis20-framework"
  std::string file;  // path relative to the corpus folder
  std::string title;
  std::string publisher;
  std::string date;  // ISO 8601, as precise as known: "2025", "2025-05", "2025-05-28"
  std::string kind;  // doc_kind::*
  std::string lang = "en";
  std::string url;
  std::string description;
  bool from_catalog = false;  // false: metadata derived from the file itself
  Review review;              // for every unit of the document that does not say otherwise
};

// One line of a source's cleaned text as an index keeps it (Index::source_text): its
// 1-based number in the original file, which citations give, and its cleaned text ("" for
// a blank line).
struct SourceTextLine {
  int number = 0;
  std::string text;
  bool operator==(const SourceTextLine&) const = default;
};

struct Unit {
  std::string id;    // "<source>/m4/pp1"
  std::string kind;  // kind::*
  std::string title;
  std::string text;
  std::string message_id;  // for proof points (and messages themselves): "<source>/m4"
  std::string message_title;
  std::vector<Tag> audiences;
  std::vector<Tag> themes;
  // The tags of any other taxonomy-sourced facet of schema::facets, by facet name.
  std::map<std::string, std::vector<Tag>, std::less<>> other_tags;
  std::string source_id;
  Citation cite;
  std::string lang = "en";
  Review review;     // its own, else its message's, document's or the catalog's
  int position = 0;  // order within the source document
  // The number the source gives the question a unit answers or asks: "3" for a
  // consultation answer to question 3, "B" for a session proposal's policy question B
  // (and the passages a long answer continues in); "" for other units.
  std::string question;
};

// The tags a unit carries for a taxonomy-sourced facet (schema::FacetValues::taxonomy):
// its audiences for "audience", its themes for "theme", its other_tags entry for the
// others; nullptr for a facet that is not taxonomy-sourced.
const std::vector<Tag>* tags_of(const Unit& unit, std::string_view facet);
std::vector<Tag>* tags_of(Unit& unit, std::string_view facet);

// A citation as people read it: "WSIS+20 Messaging Framework, §4 › Message 4, lines 94".
std::string format_citation(const std::string& source_title, const Citation& cite);
// A source as a citation names it: "WSIS+20 Messaging Framework (ICANN, 2025-05-28)", the
// parenthesis left out when publisher and date are both unknown.
std::string cited_source(const SourceDocument& source);

}  // namespace kb
