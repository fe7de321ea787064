#include "kb/api/result_json.h"

#include <algorithm>

#include "kb/review.h"
#include "kb/schema.h"

namespace kb::api {
namespace {

nlohmann::json tags_json(const std::vector<Tag>& tags) {
  auto arr = nlohmann::json::array();
  for (const auto& t : tags) arr.push_back({{"id", t.id}, {"provenance", to_string(t.provenance)}});
  return arr;
}

std::vector<Tag> tags_from(const nlohmann::json& arr) {
  std::vector<Tag> tags;
  for (const auto& t : arr)
    tags.push_back({t.at("id").get<std::string>(), t.value("provenance", "inferred") == "curated"
                                                       ? Provenance::curated
                                                       : Provenance::inferred});
  return tags;
}

nlohmann::json review_json(const ReviewState& r) {
  auto or_null = [](const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  return {{"reviewed", or_null(r.reviewed)},
          {"by", or_null(r.by)},
          {"every", r.every},
          {"due", or_null(r.due)},
          {"status", std::string(to_string(r.status))}};
}

}  // namespace

nlohmann::json to_json(const UnitView& view) {
  const Unit& u = view.unit;
  nlohmann::json j = {
      {"id", u.id},
      {"kind", u.kind},
      {"title", u.title},
      {"text", u.text},
      {"message", message_ref_json(u)},
      {"source", source_ref_json(view)},
      {"cite", view.cite},
      {"location",
       {{"section", u.cite.section},
        {"first_line", u.cite.first_line},
        {"last_line", u.cite.last_line}}},
      {"lang", u.lang},
      {"reviewed", nullptr},
      // The number the source gives the question the unit answers or asks ("3"), or null.
      {"question_number",
       u.question.empty() ? nlohmann::json(nullptr) : nlohmann::json(u.question)},
  };
  if (u.cite.page > 0) {  // a PDF source: the pages of first_line and last_line
    j["location"]["page"] = u.cite.page;
    j["location"]["last_page"] = u.cite.last_page;
  }
  for (const auto& facet : schema::facets)
    if (const auto* tags = tags_of(u, facet.name)) j[schema::tags_key(facet)] = tags_json(*tags);
  auto review = review_state(u.review, review_today());
  j["review"] = review_json(review);
  // A figure is only as current as its source: the date to show next to it.
  j["figures_as_of"] = states_dated_figure(u.text) && !view.source_date.empty()
                           ? nlohmann::json(view.source_date)
                           : nlohmann::json(nullptr);
  // The older shape, kept for clients written against it: the date and the days it holds.
  if (!review.due.empty())
    j["reviewed"] = {{"date", review.reviewed},
                     {"fresh_days", *day_number(review.due) - *day_number(review.reviewed)}};
  return j;
}

nlohmann::json to_json(const std::vector<UnitView>& views) {
  auto arr = nlohmann::json::array();
  for (const auto& v : views) arr.push_back(to_json(v));
  return arr;
}

nlohmann::json message_ref_json(const Unit& u) {
  // A message's own "message" would point at itself: only members of a message carry it.
  if (u.message_id.empty() || u.message_id == u.id) return nullptr;
  return {{"id", u.message_id}, {"title", u.message_title}};
}

nlohmann::json source_json(const SourceDocument& s) {
  auto text_or_null = [](const std::string& v) {
    return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v);
  };
  return {{"id", s.id},
          {"title", s.title},
          {"publisher", text_or_null(s.publisher)},
          {"date", text_or_null(s.date)},
          {"url", text_or_null(s.url)}};
}

nlohmann::json source_ref_json(const UnitView& view) {
  SourceDocument s;
  s.id = view.unit.source_id;
  s.title = view.source_title;
  s.publisher = view.source_publisher;
  s.date = view.source_date;
  s.url = view.source_url;
  return source_json(s);
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
  j["total_exact"] = r.total_exact;
  j["facets_exact"] = r.facets_exact;
  j["hits"] = nlohmann::json::array();
  for (const auto& h : r.hits) j["hits"].push_back(to_json(h));
  j["facets"] = nlohmann::json::object();
  for (const auto& f : r.facets) {
    auto values = nlohmann::json::array();
    for (const auto& v : f.values)
      values.push_back({{"value", v.value}, {"label", v.label}, {"count", v.count}});
    j["facets"][f.name] = values;
  }
  j["filters"] = r.filters;
  j["corrected_query"] =
      r.corrected_query ? nlohmann::json(*r.corrected_query) : nlohmann::json(nullptr);
  j["auto_corrected"] = r.auto_corrected;
  // The query whose results these are: the correction when auto-corrected.
  j["searched_query"] = r.auto_corrected && r.corrected_query ? *r.corrected_query : r.query;
  j["suggestions"] = nlohmann::json::array();
  for (const auto& s : r.suggestions) {
    nlohmann::json suggestion = {
        {"action", s.action}, {"value", s.value}, {"query", s.query}, {"total", s.total}};
    if (!s.facet.empty()) suggestion["facet"] = s.facet;  // drop_filter only
    j["suggestions"].push_back(std::move(suggestion));
  }
  return j;
}

nlohmann::json to_json(const MessageOutline& outline) {
  auto j = to_json(outline.message);
  j["proof_points"] = to_json(outline.proof_points);
  return j;
}

nlohmann::json to_json(const std::vector<MessageOutline>& outlines) {
  auto arr = nlohmann::json::array();
  for (const auto& o : outlines) arr.push_back(to_json(o));
  return arr;
}

UnitView unit_view_from_json(const nlohmann::json& j) {
  UnitView v;
  Unit& u = v.unit;
  u.id = j.at("id").get<std::string>();
  u.kind = j.at("kind").get<std::string>();
  u.title = j.value("title", "");
  u.text = j.value("text", "");
  if (j.contains("message") && j["message"].is_object()) {
    u.message_id = j["message"].value("id", "");
    u.message_title = j["message"].value("title", "");
  } else if (u.kind == kind::message) {
    u.message_id = u.id;
    u.message_title = u.title;
  }
  for (const auto& facet : schema::facets)
    if (auto* tags = tags_of(u, facet.name))
      *tags = tags_from(j.value(schema::tags_key(facet), nlohmann::json::array()));
  u.source_id = j.at("source").value("id", "");
  const auto& source = j.at("source");
  v.source_title = source.value("title", "");
  // A string member of `object`, "" when it is absent, null or not a string.
  auto text_in = [](const nlohmann::json& object, const char* key) {
    return object.contains(key) && object[key].is_string() ? object[key].get<std::string>()
                                                           : std::string();
  };
  auto text = [&](const char* key) { return text_in(source, key); };
  v.source_publisher = text("publisher");
  v.source_date = text("date");
  v.source_url = text("url");
  v.cite = j.value("cite", "");
  if (j.contains("location") && j["location"].is_object()) {
    u.cite.section = j["location"].value("section", "");
    u.cite.first_line = j["location"].value("first_line", 0);
    u.cite.last_line = j["location"].value("last_line", 0);
    u.cite.page = j["location"].value("page", 0);
    u.cite.last_page = j["location"].value("last_page", 0);
  }
  u.lang = j.value("lang", "en");
  if (j.contains("question_number") && j["question_number"].is_string())
    u.question = j["question_number"].get<std::string>();
  if (j.contains("review") && j["review"].is_object()) {
    const auto& r = j["review"];
    u.review = {text_in(r, "reviewed"), text_in(r, "by"), text_in(r, "every")};
  }
  return v;
}

Hit hit_from_json(const nlohmann::json& j) {
  Hit h;
  h.view = unit_view_from_json(j);
  h.snippet = j.value("snippet", "");
  h.score = j.value("score", 0.0);
  return h;
}

SearchResult search_result_from_json(const nlohmann::json& j) {
  SearchResult r;
  r.query = j.value("query", "");
  r.total = j.at("total").get<std::size_t>();
  r.total_exact = j.value("total_exact", true);
  r.facets_exact = j.value("facets_exact", true);
  for (const auto& h : j.at("hits")) r.hits.push_back(hit_from_json(h));
  for (const auto& [name, values] : j.at("facets").items()) {
    FacetResult f;
    f.name = name;
    for (const auto& v : values)
      f.values.push_back({v.at("value"), v.value("label", ""), v.value("count", std::size_t{0})});
    r.facets.push_back(std::move(f));
  }
  // JSON objects are unordered: restore the schema's facet order.
  auto rank = [](const std::string& name) {
    auto f = schema::find_facet(name);
    return f ? f - schema::facets.data() : static_cast<std::ptrdiff_t>(schema::facets.size());
  };
  std::stable_sort(
      r.facets.begin(), r.facets.end(),
      [&](const FacetResult& a, const FacetResult& b) { return rank(a.name) < rank(b.name); });
  if (j.contains("filters") && j["filters"].is_object())
    r.filters = j["filters"].get<std::map<std::string, std::vector<std::string>>>();
  if (j.contains("corrected_query") && j["corrected_query"].is_string())
    r.corrected_query = j["corrected_query"].get<std::string>();
  r.auto_corrected = j.value("auto_corrected", false);
  if (j.contains("suggestions") && j["suggestions"].is_array())
    for (const auto& s : j["suggestions"])
      r.suggestions.push_back({s.value("action", ""), s.value("facet", ""), s.value("value", ""),
                               s.value("query", ""), s.value("total", std::size_t{0})});
  return r;
}

MessageOutline outline_from_json(const nlohmann::json& j) {
  MessageOutline o;
  o.message = unit_view_from_json(j);
  for (const auto& p : j.value("proof_points", nlohmann::json::array()))
    o.proof_points.push_back(unit_view_from_json(p));
  return o;
}

}  // namespace kb::api
