#include "review_queue.h"

#include <algorithm>
#include <sstream>

#include "kb/api/result_json.h"
#include "kb/error.h"
#include "kb/text.h"
#include "text_output.h"

namespace kb::cli {
namespace {

// The browse page size: what kb-searchd allows per page by default.
constexpr std::size_t page_size = 100;

ReviewQueueMessage& message_group(ReviewQueueDocument& doc, const Unit& u) {
  auto id = u.message_id;
  if (doc.messages.empty() || doc.messages.back().id != id) {
    for (auto& m : doc.messages)
      if (m.id == id) return m;
    doc.messages.push_back({id, u.message_title, {}});
  }
  return doc.messages.back();
}

}  // namespace

std::vector<UnitView> browse_all(Backend& backend,
                                 const std::map<std::string, std::vector<std::string>>& filters) {
  SearchRequest browse;
  browse.query = "";
  browse.facets = false;
  browse.limit = page_size;
  for (const auto& [facet, values] : filters)
    if (!values.empty()) browse.filters[facet] = values;
  std::vector<UnitView> out;
  for (browse.offset = 0;; browse.offset += page_size) {
    auto page = backend.search(browse);
    for (auto& hit : page.hits) out.push_back(std::move(hit.view));
    if (page.hits.size() < page_size || browse.offset + page_size >= page.total) break;
  }
  return out;
}

std::map<std::string, std::size_t> times_shown(const std::optional<nlohmann::json>& stats) {
  std::map<std::string, std::size_t> shown;
  if (!stats || !stats->contains("top_units") || !(*stats)["top_units"].is_array()) return shown;
  for (const auto& u : (*stats)["top_units"])
    if (u.contains("id") && u["id"].is_string() && u.contains("count") &&
        u["count"].is_number_unsigned())
      shown[u["id"].get<std::string>()] = u["count"].get<std::size_t>();
  return shown;
}

std::optional<nlohmann::json> try_stats(Backend& backend, std::size_t limit, std::string& why) {
  try {
    return backend.stats(limit);
  } catch (const Error& e) {
    why = std::string("no search statistics: ") + e.what();
    return std::nullopt;
  }
}

ReviewQueue review_queue(Backend& backend,
                         const std::map<std::string, std::vector<std::string>>& filters,
                         const std::string& due_within, const std::string& as_of) {
  ReviewQueue q;
  q.as_of = as_of;
  q.due_within = due_within;
  auto horizon_day = *day_number(as_of) + review_due_soon_days;
  if (!due_within.empty()) {
    auto period = parse_review_period(due_within);
    if (!period)
      throw Error(ErrorCode::invalid_argument,
                  "--due-within \"" + due_within + "\" is not a period such as 30d, 2w, 6m or 1y");
    horizon_day = *day_number(*add_period(as_of, *period));
  }
  auto shown = times_shown(try_stats(backend, 100, q.stats_note));
  for (auto& view : browse_all(backend, filters)) {
    ++q.units;
    auto state = review_state(view.unit.review, as_of);
    bool listed = state.status != ReviewStatus::fresh ||
                  (!state.due.empty() && *day_number(state.due) <= horizon_day);
    if (!listed) continue;
    if (state.status == ReviewStatus::stale)
      ++q.stale;
    else if (state.status == ReviewStatus::unreviewed)
      ++q.unreviewed;
    else
      ++q.due;  // due, or fresh but due within the period asked for
    const auto& u = view.unit;
    ReviewQueueDocument* doc = nullptr;
    for (auto& d : q.documents)
      if (d.id == u.source_id) doc = &d;
    if (!doc)
      doc = &q.documents.emplace_back(ReviewQueueDocument{u.source_id, view.source_title, {}});
    message_group(*doc, u).items.push_back({std::move(view), std::move(state)});
  }
  if (!shown.empty()) {
    // Most shown first: units, then their messages, then documents (stable: source order
    // among equals).
    auto views = [&](const std::string& id) {
      auto it = shown.find(id);
      return it == shown.end() ? std::size_t{0} : it->second;
    };
    auto total = [&](const ReviewQueueMessage& m) {
      std::size_t n = 0;
      for (const auto& item : m.items) n += views(item.view.unit.id);
      return n;
    };
    for (auto& doc : q.documents) {
      for (auto& m : doc.messages)
        std::stable_sort(m.items.begin(), m.items.end(), [&](const auto& a, const auto& b) {
          return views(a.view.unit.id) > views(b.view.unit.id);
        });
      std::stable_sort(doc.messages.begin(), doc.messages.end(),
                       [&](const auto& a, const auto& b) { return total(a) > total(b); });
    }
    auto doc_total = [&](const ReviewQueueDocument& d) {
      std::size_t n = 0;
      for (const auto& m : d.messages) n += total(m);
      return n;
    };
    std::stable_sort(q.documents.begin(), q.documents.end(),
                     [&](const auto& a, const auto& b) { return doc_total(a) > doc_total(b); });
  }
  return q;
}

std::string review_queue_text(const ReviewQueue& q, const term::Style& style) {
  std::ostringstream out;
  out << style.bold("Review queue as of " + q.as_of) << ": " << q.size() << " of " << q.units
      << " units to check (" << q.stale << " stale, " << q.unreviewed << " unreviewed, " << q.due
      << " due" << (q.due_within.empty() ? "" : " within " + q.due_within) << ")\n";
  if (!q.stats_note.empty()) out << style.dim(q.stats_note) << "\n";
  for (const auto& doc : q.documents) {
    out << "\n" << style.bold(doc.title) << style.dim("  (" + doc.id + ")") << "\n";
    for (const auto& m : doc.messages) {
      if (!m.id.empty())
        out << "  " << style.cyan("Message: ") << m.title << style.dim("  (" + m.id + ")") << "\n";
      auto pad = m.id.empty() ? "  " : "    ";
      for (const auto& item : m.items) {
        const auto& u = item.view.unit;
        auto flag = review_flag(u, style);
        if (flag.empty()) flag = style.yellow("[due] ");  // fresh today, due within the period
        out << pad << flag << style.dim("[" + u.kind + "] ")
            << shorten(u.title.empty() ? u.id : u.title, 100) << "\n"
            << pad << "  " << style.dim(review_summary(u) + "  [" + u.id + "]") << "\n";
      }
    }
  }
  if (q.documents.empty()) out << "\nNothing to review.\n";
  return out.str();
}

nlohmann::json to_json(const ReviewQueue& q) {
  auto documents = nlohmann::json::array();
  for (const auto& doc : q.documents) {
    auto messages = nlohmann::json::array();
    for (const auto& m : doc.messages) {
      auto units = nlohmann::json::array();
      for (const auto& item : m.items) units.push_back(api::to_json(item.view));
      messages.push_back(
          {{"message", m.id.empty() ? nlohmann::json(nullptr)
                                    : nlohmann::json{{"id", m.id}, {"title", m.title}}},
           {"units", std::move(units)}});
    }
    documents.push_back(
        {{"source", {{"id", doc.id}, {"title", doc.title}}}, {"messages", std::move(messages)}});
  }
  return {
      {"as_of", q.as_of},
      {"due_within", q.due_within.empty() ? nlohmann::json(nullptr) : nlohmann::json(q.due_within)},
      {"units", q.units},
      {"total", q.size()},
      {"stale", q.stale},
      {"unreviewed", q.unreviewed},
      {"due", q.due},
      {"documents", std::move(documents)}};
}

}  // namespace kb::cli
