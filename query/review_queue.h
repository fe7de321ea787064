// kb-query review: the units a curator must check (due, stale or never reviewed), grouped
// by document and message, for the terminal and as JSON.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "backend.h"
#include "kb/review.h"
#include "kb/terminal.h"

namespace kb::cli {

struct ReviewQueueItem {
  UnitView view;
  ReviewState state;
};

struct ReviewQueueMessage {
  std::string id, title;  // "" for units outside any message
  std::vector<ReviewQueueItem> items;
};

struct ReviewQueueDocument {
  std::string id, title;
  std::vector<ReviewQueueMessage> messages;
};

struct ReviewQueue {
  std::string as_of;       // YYYY-MM-DD
  std::string due_within;  // the period asked for ("" = review_due_soon_days)
  std::size_t units = 0;   // units looked at
  std::size_t stale = 0, due = 0, unreviewed = 0;
  std::string stats_note;  // why the queue is not ordered by views, when statistics failed
  std::vector<ReviewQueueDocument> documents;  // in source order
  std::size_t size() const { return stale + due + unreviewed; }
};

// Every unit the filters select (all when empty), in source order, paged through the
// backend as kb-searchd allows (100 a page).
std::vector<UnitView> browse_all(Backend& backend,
                                 const std::map<std::string, std::vector<std::string>>& filters);

// Times each unit was shown in search results, from kb-searchd's statistics (empty when
// there are none, e.g. for a local index).
std::map<std::string, std::size_t> times_shown(const std::optional<nlohmann::json>& stats);

// backend.stats(limit), or nullopt with `why` said when the server refuses them (a token
// missing or wrong, an older kb-searchd): a report or queue without them still stands.
std::optional<nlohmann::json> try_stats(Backend& backend, std::size_t limit, std::string& why);

// Every unit the filters select (all when empty), paged through the backend, whose review
// is stale, unreviewed, or due by as_of + due_within (default: the 14 days in which a
// fact counts as due). Throws Error(invalid_argument) for an unreadable due_within.
ReviewQueue review_queue(Backend& backend,
                         const std::map<std::string, std::vector<std::string>>& filters,
                         const std::string& due_within, const std::string& as_of);

std::string review_queue_text(const ReviewQueue& queue, const term::Style& style);
nlohmann::json to_json(const ReviewQueue& queue);

}  // namespace kb::cli
