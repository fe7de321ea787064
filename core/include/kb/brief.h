// The brief for a meeting: what to say to one audience about one topic, assembled from
// the index. Choice and order are deterministic for an index, and each message says why
// it was chosen. docs/briefs.md describes the rules.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kb/facet_value.h"
#include "kb/model.h"
#include "kb/search.h"

namespace kb {

struct BriefRequest {
  std::string audience;               // an audience id, label or alias (required)
  std::string query;                  // the topic as free text
  std::vector<std::string> themes;    // a topic as themes (id, label or alias)
  std::vector<std::string> messages;  // a topic as messages (id, short id or title)
  std::string highlight_start = "<mark>";
  std::string highlight_end = "</mark>";
  // As SearchRequest::deadline, for the whole brief.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

// Why a message is in the brief: the topic words found in it or its proof points, the
// requested themes it carries, and the audience tag it or its proof points carry.
struct BriefWhy {
  std::vector<std::string> words;   // as found in the text, lower-cased, first seen first
  std::vector<std::string> themes;  // requested theme ids the message or a proof point has
  bool requested = false;           // named by BriefRequest::messages
  bool audience_tagged = false;     // the message or one of its proof points is tagged
  std::string summary;              // one sentence saying the above
};

// Every unit of a brief is a Hit: its view, and its text as HTML with the topic's words
// marked (`snippet`, the whole text, not an excerpt); score 0 for a unit no search chose.
struct BriefMessage {
  Hit message;
  std::vector<Hit> proof_points;  // the strongest for the audience and topic first
  BriefWhy why;
};

struct Brief {
  FacetValueInfo audience;  // resolved: id and label
  std::string topic;        // what the brief is about, as people read it
  std::vector<Hit> guidance;
  std::vector<BriefMessage> messages;
  std::vector<Hit> supporting;          // passages and answers of other documents, by relevance
  std::vector<Hit> glossary;            // entries for the acronyms the brief uses, by term
  std::vector<SourceDocument> sources;  // every source a unit of the brief cites, in order
};

// At most this many messages, proof points per message and supporting passages.
inline constexpr std::size_t brief_max_messages = 3;
inline constexpr std::size_t brief_max_proof_points = 3;
inline constexpr std::size_t brief_max_supporting = 4;

// Throws Error(invalid_argument) without an audience or without a topic (query, themes
// or messages), Error(unknown_filter) for an audience, theme or message the index does
// not know, and what Index::search throws for the query.
Brief make_brief(const Index& index, const BriefRequest& request);

}  // namespace kb
