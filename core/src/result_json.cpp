#include "kb/result_json.h"

namespace kb {
namespace {

nlohmann::json tags_json(const std::vector<Tag>& tags) {
  auto arr = nlohmann::json::array();
  for (const auto& t : tags) arr.push_back({{"id", t.id}, {"provenance", to_string(t.provenance)}});
  return arr;
}

}  // namespace

nlohmann::json to_json(const UnitView& view) {
  const Unit& u = view.unit;
  nlohmann::json j = {
      {"id", u.id},
      {"kind", u.kind},
      {"title", u.title},
      {"text", u.text},
      {"message", nullptr},
      {"audiences", tags_json(u.audiences)},
      {"themes", tags_json(u.themes)},
      {"source", {{"id", u.source_id}, {"title", view.source_title}}},
      {"cite", view.cite},
      {"location", {{"section", u.cite.section}, {"first_line", u.cite.first_line}, {"last_line", u.cite.last_line}}},
      {"lang", u.lang},
      {"reviewed", nullptr},
  };
  // A message's own "message" would point at itself: only members of a message carry it.
  if (!u.message_id.empty() && u.message_id != u.id)
    j["message"] = {{"id", u.message_id}, {"title", u.message_title}};
  if (!u.reviewed.empty()) j["reviewed"] = {{"date", u.reviewed}, {"fresh_days", u.fresh_days}};
  return j;
}

nlohmann::json to_json(const Hit& hit) {
  auto j = to_json(hit.view);
  j["snippet"] = hit.snippet;
  j["score"] = hit.score;
  return j;
}

nlohmann::json to_json(const SearchResult& r) {
  nlohmann::json j;
  j["query"] = r.query;
  j["total"] = r.total;
  j["hits"] = nlohmann::json::array();
  for (const auto& h : r.hits) j["hits"].push_back(to_json(h));
  j["facets"] = nlohmann::json::object();
  for (const auto& f : r.facets) {
    auto values = nlohmann::json::array();
    for (const auto& v : f.values) values.push_back({{"value", v.value}, {"label", v.label}, {"count", v.count}});
    j["facets"][f.name] = values;
  }
  j["filters"] = r.filters;
  j["corrected_query"] = r.corrected_query ? nlohmann::json(*r.corrected_query) : nlohmann::json(nullptr);
  j["auto_corrected"] = r.auto_corrected;
  return j;
}

nlohmann::json to_json(const MessageOutline& outline) {
  auto j = to_json(outline.message);
  j["proof_points"] = nlohmann::json::array();
  for (const auto& p : outline.proof_points) j["proof_points"].push_back(to_json(p));
  return j;
}

}  // namespace kb
