#include "kb/api/responses.h"

#include <algorithm>
#include <map>

#include "kb/api/errors.h"
#include "kb/api/result_json.h"
#include "kb/model.h"
#include "kb/schema.h"

namespace kb::api {
namespace {

using json = nlohmann::json;

json message_groups_json(const SearchResult& result) {
  json groups = json::array();
  std::map<std::string, std::size_t> index_of;
  for (const auto& h : result.hits) {
    const auto& u = h.view.unit;
    auto it = index_of.find(u.message_id);
    if (it == index_of.end()) {
      json message = u.message_id.empty() ? json(nullptr)
                                          : json{{"id", u.message_id}, {"title", u.message_title}};
      groups.push_back({{"message", message}, {"hits", json::array()}});
      it = index_of.emplace(u.message_id, groups.size() - 1).first;
    }
    groups[it->second]["hits"].push_back(to_json(h));
  }
  return groups;
}

}  // namespace

std::optional<UnitDetail> unit_detail(const Index& index, const std::string& id,
                                      const std::optional<SearchRequest>& marking) {
  auto view = index.unit(id);
  if (!view) return std::nullopt;
  UnitDetail d{*view, std::nullopt, {}, index.related(id, related_limit), std::nullopt};
  if (marking) d.snippet = index.marked_text(id, *marking);
  const auto& u = view->unit;
  if (!u.message_id.empty() && u.message_id != u.id) d.message = index.unit(u.message_id);
  auto message_id = u.kind == kind::message ? u.id : u.message_id;
  if (!message_id.empty()) d.proof_points = index.proof_points(message_id);
  return d;
}

json to_json(const UnitDetail& d) {
  auto unit = to_json(d.unit);
  if (d.snippet) unit["snippet"] = *d.snippet;
  return {{"unit", std::move(unit)},
          {"message", d.message ? to_json(*d.message) : json(nullptr)},
          {"proof_points", to_json(d.proof_points)},
          {"related", to_json(d.related)}};
}

UnitDetail unit_detail_from_json(const json& j) {
  UnitDetail d{unit_view_from_json(j.at("unit")), std::nullopt, {}, {}, std::nullopt};
  if (j.at("unit").contains("snippet") && j["unit"]["snippet"].is_string())
    d.snippet = j["unit"]["snippet"].get<std::string>();
  if (j.contains("message") && j["message"].is_object())
    d.message = unit_view_from_json(j["message"]);
  for (const auto& p : j.value("proof_points", json::array()))
    d.proof_points.push_back(unit_view_from_json(p));
  for (const auto& r : j.value("related", json::array()))
    d.related.push_back(unit_view_from_json(r));
  return d;
}

json shown_unit_json(const UnitDetail& d) {
  auto j = d.unit.unit.kind == kind::message ? to_json(MessageOutline{d.unit, d.proof_points})
                                             : to_json(d.unit);
  j["related"] = to_json(d.related);
  return j;
}

json search_json(const SearchResult& result, const SearchRequest& request, bool grouped) {
  auto body = to_json(result);
  body["offset"] = request.offset;
  body["limit"] = request.limit;
  if (grouped) body["groups"] = message_groups_json(result);
  return body;
}

json messages_json(const std::vector<MessageOutline>& outlines,
                   const std::vector<UnitView>& audience_guidance) {
  return {{"messages", to_json(outlines)}, {"audience_guidance", to_json(audience_guidance)}};
}

json facets_json(const Index& index, const SearchResult& all) {
  json facets = json::object();
  // The facets in display order with their labels: the UI builds its filters from these.
  json definitions = json::array();
  for (const auto& f : schema::facets)
    definitions.push_back({{"name", f.name},
                           {"label", f.label},
                           {"page_preview", f.page_preview},
                           {"widget_preview", f.widget_preview}});
  for (const auto& f : schema::facets) {
    std::string name(f.name);
    std::map<std::string, std::size_t> counts;
    for (const auto& r : all.facets)
      if (r.name == name)
        for (const auto& v : r.values) counts[v.value] = v.count;
    json values = json::array();
    for (const auto& v : index.facet_values(name))
      values.push_back({{"value", v.value},
                        {"label", v.label},
                        {"aliases", v.aliases},
                        {"count", counts[v.value]}});
    std::stable_sort(values.begin(), values.end(), [](const json& a, const json& b) {
      return a["count"].get<std::size_t>() > b["count"].get<std::size_t>();
    });
    facets[name] = values;
  }
  return {{"total", all.total}, {"facets", facets}, {"facet_definitions", definitions}};
}

json suggest_json(const std::string& query, const Suggestions& suggestions) {
  json units = json::array();
  for (const auto& v : suggestions.units)
    units.push_back({{"id", v.unit.id},
                     {"kind", v.unit.kind},
                     {"title", v.unit.title},
                     {"source", source_ref_json(v)}});
  return {{"query", query}, {"completions", suggestions.completions}, {"units", units}};
}

nlohmann::json source_text_json(const Index& index, const std::string& source_id,
                                const std::optional<std::string>& unit_id) {
  auto quoted = [](const std::string& id) { return "\"" + id.substr(0, 200) + "\""; };
  const SourceDocument* source = index.source(source_id);
  if (!source) throw ApiError(Code::not_found, "no source with id " + quoted(source_id));
  nlohmann::json marked = nullptr;
  if (unit_id) {
    auto view = index.unit(*unit_id);
    if (!view) throw ApiError(Code::not_found, "no unit with id " + quoted(*unit_id));
    if (view->unit.source_id != source_id)
      throw ApiError(Code::invalid_parameter, "unit " + quoted(*unit_id) + " is from source " +
                                                  quoted(view->unit.source_id) + ", not " +
                                                  quoted(source_id));
    marked = {view->unit.cite.first_line, view->unit.cite.last_line};
  }
  auto lines = index.source_text(source_id);
  if (!lines)
    throw ApiError(Code::not_found, "the index holds no text for source " + quoted(source_id) +
                                        "; rebuild it with kb-index");
  auto arr = nlohmann::json::array();
  for (const auto& l : *lines) arr.push_back({{"n", l.number}, {"text", l.text}});
  return {{"source", source_json(*source)}, {"lines", std::move(arr)}, {"marked", marked}};
}

}  // namespace kb::api
