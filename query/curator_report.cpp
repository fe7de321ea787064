#include "curator_report.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "kb/error.h"
#include "kb/text.h"
#include "review_queue.h"
#include "text_output.h"

namespace kb::cli {
namespace {

// How many entries each list of the report shows, and asks the statistics for.
constexpr std::size_t list_limit = 10;
constexpr std::size_t stats_limit = 100;

std::size_t count_of(const nlohmann::json& entry) {
  return entry.contains("count") && entry["count"].is_number_unsigned()
             ? entry["count"].get<std::size_t>()
             : 0;
}
std::string string_of(const nlohmann::json& entry, const char* key) {
  return entry.contains(key) && entry[key].is_string()
             ? term::printable(entry[key].get<std::string>())
             : "";
}

// What is nearest to a query that found nothing: the messages its spelling correction or
// its words find, and the themes of whatever they find. Empty when nothing is near: a gap.
void nearest(Backend& backend, CuratorReport::Gap& gap) {
  SearchRequest r;
  r.query = gap.query;
  r.correct = true;
  r.limit = 2;
  r.filters["kind"] = {"message"};
  r.facets = false;
  try {
    for (auto& hit : backend.search(r).hits) gap.near_messages.push_back(std::move(hit.view));
    r.filters.clear();
    r.facets = true;
    r.limit = 0;
    for (const auto& facet : backend.search(r).facets)
      if (facet.name == "theme")
        for (std::size_t i = 0; i < facet.values.size() && i < 2; ++i)
          if (facet.values[i].count > 0) gap.near_themes.push_back(facet.values[i].label);
  } catch (const Error&) {
    // A query kept in the statistics that no longer parses has nothing near it.
  }
}

std::string percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", share * 100);
  return buf;
}

// A proof point carries its message's title: it is told apart by its own words.
std::string title_of(const UnitView& v) {
  if (v.unit.kind == kind::proof_point && !v.unit.text.empty()) return shorten(v.unit.text, 90);
  return shorten(v.unit.title.empty() ? v.unit.id : v.unit.title, 90);
}

}  // namespace

CuratorReport curator_report(Backend& backend, const std::string& as_of) {
  CuratorReport rep;
  rep.as_of = as_of;
  auto units = browse_all(backend, {});
  std::map<std::string, const UnitView*> by_id;
  for (const auto& v : units) {
    ++rep.units;
    by_id[v.unit.id] = &v;
    switch (review_state(v.unit.review, as_of).status) {
      case ReviewStatus::fresh:
        ++rep.fresh;
        break;
      case ReviewStatus::due:
        ++rep.due;
        break;
      case ReviewStatus::stale:
        ++rep.stale;
        break;
      case ReviewStatus::unreviewed:
        ++rep.unreviewed;
        break;
    }
  }
  auto stats = try_stats(backend, stats_limit, rep.stats_note);
  if (!stats) {
    if (rep.stats_note.empty())
      rep.stats_note = "no search statistics: a local index keeps none (use --server URL)";
    return rep;
  }
  rep.has_stats = true;
  rep.searches = stats->value("searches", std::size_t{0});
  rep.zero_result_searches = stats->value("zero_result_searches", std::size_t{0});
  auto shown = times_shown(stats);
  for (const auto& [id, count] : shown) {
    auto it = by_id.find(id);
    if (it == by_id.end()) continue;
    auto status = review_state(it->second->unit.review, as_of).status;
    if (status == ReviewStatus::stale || status == ReviewStatus::unreviewed)
      rep.stale_most_shown.push_back({*it->second, count});
  }
  std::stable_sort(rep.stale_most_shown.begin(), rep.stale_most_shown.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  if (rep.stale_most_shown.size() > list_limit) rep.stale_most_shown.resize(list_limit);
  if (stats->contains("no_results") && (*stats)["no_results"].is_array())
    for (const auto& q : (*stats)["no_results"]) {
      if (rep.gaps.size() == list_limit) break;
      CuratorReport::Gap gap{string_of(q, "query"), count_of(q), string_of(q, "last"), {}, {}};
      if (gap.query.empty()) continue;
      nearest(backend, gap);
      rep.gaps.push_back(std::move(gap));
    }
  // The statistics list at most stats_limit units: past that, "never shown" is only
  // "not among the most shown".
  rep.never_shown_complete = shown.size() < stats_limit;
  for (const auto& v : units)
    if (v.unit.kind == kind::proof_point && !shown.count(v.unit.id)) rep.never_shown.push_back(v);
  return rep;
}

std::string report_text(const CuratorReport& r, const term::Style& style) {
  std::ostringstream out;
  out << style.bold("Curator's report as of " + r.as_of) << "\n\n";
  out << style.bold("REVIEW HEALTH") << "  " << percent(r.fresh_share()) << " fresh (" << r.fresh
      << " of " << r.units << " units)\n";
  out << "  " << r.stale << " stale, " << r.due << " due within 14 days, " << r.unreviewed
      << " never reviewed  " << style.dim("(kb-query review lists them)") << "\n";
  if (!r.has_stats) {
    out << "\n" << style.dim(r.stats_note) << "\n";
    return out.str();
  }
  out << "\n"
      << style.bold("SEARCHES") << "  " << r.searches << " searches, " << r.zero_result_searches
      << " found nothing\n";
  out << "\n" << style.bold("STALE OR UNREVIEWED FACTS MOST SHOWN") << "\n";
  if (r.stale_most_shown.empty()) out << "  " << style.dim("(none shown)") << "\n";
  for (const auto& s : r.stale_most_shown)
    out << "  " << s.count << "x  " << style.dim("[" + s.view.unit.kind + "] ") << title_of(s.view)
        << style.dim("  [" + s.view.unit.id + "]") << "\n";
  out << "\n" << style.bold("SEARCHED FOR, NOT FOUND") << "\n";
  if (r.gaps.empty()) out << "  " << style.dim("(every search found something)") << "\n";
  for (const auto& g : r.gaps) {
    out << "  \"" << g.query << "\"  " << g.count << "x, last " << g.last << "\n";
    if (g.near_messages.empty() && g.near_themes.empty())
      out << "    " << style.yellow("nothing near it: a gap in the corpus") << "\n";
    for (const auto& m : g.near_messages)
      out << "    " << style.dim("nearest message: ") << title_of(m)
          << style.dim("  [" + m.unit.id + "]") << "\n";
    if (!g.near_themes.empty()) {
      out << "    " << style.dim("nearest themes: ");
      for (std::size_t i = 0; i < g.near_themes.size(); ++i)
        out << (i ? ", " : "") << g.near_themes[i];
      out << "\n";
    }
  }
  out << "\n"
      << style.bold(r.never_shown_complete ? "PROOF POINTS NEVER SHOWN"
                                           : "PROOF POINTS NOT AMONG THE 100 MOST SHOWN")
      << "  " << r.never_shown.size() << "\n";
  for (const auto& v : r.never_shown)
    out << "  " << title_of(v) << style.dim("  [" + v.unit.id + "]") << "\n";
  return out.str();
}

std::string report_markdown(const CuratorReport& r) {
  std::ostringstream out;
  out << "# Curator's report, " << r.as_of << "\n\n";
  out << "## Review health\n\n**" << percent(r.fresh_share()) << " fresh** (" << r.fresh << " of "
      << r.units << " units): " << r.stale << " stale, " << r.due << " due within 14 days, "
      << r.unreviewed << " never reviewed.\n\n";
  if (!r.has_stats) {
    out << "_" << r.stats_note << "._\n";
    return out.str();
  }
  out << "## Searches\n\n"
      << r.searches << " searches, " << r.zero_result_searches << " found nothing.\n\n";
  out << "## Stale or unreviewed facts most shown\n\n";
  if (r.stale_most_shown.empty()) out << "_None shown._\n";
  for (const auto& s : r.stale_most_shown)
    out << "- " << s.count << "× " << title_of(s.view) << " (`" << s.view.unit.id << "`)\n";
  out << "\n## Searched for, not found\n\n";
  if (r.gaps.empty()) out << "_Every search found something._\n";
  for (const auto& g : r.gaps) {
    out << "- \"" << g.query << "\" — " << g.count << "×, last " << g.last;
    if (g.near_messages.empty() && g.near_themes.empty()) out << "; **nothing near it: a gap**";
    for (const auto& m : g.near_messages) out << "; nearest message: " << title_of(m);
    if (!g.near_themes.empty()) {
      out << "; nearest themes: ";
      for (std::size_t i = 0; i < g.near_themes.size(); ++i)
        out << (i ? ", " : "") << g.near_themes[i];
    }
    out << "\n";
  }
  out << "\n## "
      << (r.never_shown_complete ? "Proof points never shown"
                                 : "Proof points not among the 100 most shown")
      << " (" << r.never_shown.size() << ")\n\n";
  for (const auto& v : r.never_shown) out << "- " << title_of(v) << " (`" << v.unit.id << "`)\n";
  return out.str();
}

}  // namespace kb::cli
