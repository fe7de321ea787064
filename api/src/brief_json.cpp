#include "kb/api/brief_json.h"

#include "kb/api/errors.h"
#include "kb/api/result_json.h"

namespace kb::api {
namespace {

SourceDocument source_from_json(const nlohmann::json& j) {
  SourceDocument s;
  auto text = [&](const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  s.id = j.at("id").get<std::string>();
  s.title = text("title");
  s.publisher = text("publisher");
  s.date = text("date");
  s.url = text("url");
  return s;
}

nlohmann::json units_json(const std::vector<Hit>& hits) {
  auto arr = nlohmann::json::array();
  for (const auto& h : hits) arr.push_back(to_json(h));
  return arr;
}

std::vector<Hit> hits_from(const nlohmann::json& arr) {
  std::vector<Hit> hits;
  for (const auto& h : arr) hits.push_back(hit_from_json(h));
  return hits;
}

}  // namespace

std::set<std::string> brief_parameter_names() {
  return {"audience", "q", "theme", "message", "highlight"};
}

BriefRequest brief_request(const QueryParams& p, const RequestLimits& limits) {
  BriefRequest r;
  auto audiences = p.all("audience");
  if (audiences.size() != 1 || audiences.front().empty())
    throw ApiError(Code::invalid_parameter,
                   audiences.size() > 1
                       ? "a brief is for one audience; audience is given " +
                             std::to_string(audiences.size()) + " times"
                       : "audience is required: a brief is for one audience (GET /api/v1/facets "
                         "lists them)");
  r.audience = audiences.front();
  r.query = p.get("q");
  check_query_length(r.query, limits);
  r.themes = p.all("theme");
  r.messages = p.all("message");
  if (r.query.find_first_not_of(" \t\r\n") == std::string::npos && r.themes.empty() &&
      r.messages.empty())
    throw ApiError(Code::invalid_parameter, "a brief needs a topic: q (words), theme or message");
  auto highlight = p.choice("highlight", {"mark", "em", "strong", "b", "none"}, "mark");
  r.highlight_start = highlight == "none" ? "" : "<" + highlight + ">";
  r.highlight_end = highlight == "none" ? "" : "</" + highlight + ">";
  return r;
}

ParamMap brief_params(const BriefRequest& r) {
  ParamMap params{{"audience", r.audience}};
  if (!r.query.empty()) params.emplace("q", r.query);
  for (const auto& t : r.themes) params.emplace("theme", t);
  for (const auto& m : r.messages) params.emplace("message", m);
  return params;
}

nlohmann::json to_json(const Brief& b) {
  nlohmann::json j;
  j["audience"] = {{"id", b.audience.value}, {"label", b.audience.label}};
  j["topic"] = b.topic;
  j["guidance"] = units_json(b.guidance);
  j["messages"] = nlohmann::json::array();
  for (const auto& m : b.messages)
    j["messages"].push_back({{"message", to_json(m.message)},
                             {"proof_points", units_json(m.proof_points)},
                             {"why",
                              {{"words", m.why.words},
                               {"themes", m.why.themes},
                               {"requested", m.why.requested},
                               {"audience_tagged", m.why.audience_tagged},
                               {"summary", m.why.summary}}}});
  j["supporting"] = units_json(b.supporting);
  j["glossary"] = units_json(b.glossary);
  j["sources"] = nlohmann::json::array();
  for (const auto& s : b.sources) j["sources"].push_back(source_json(s));
  return j;
}

Brief brief_from_json(const nlohmann::json& j) {
  Brief b;
  b.audience.value = j.at("audience").at("id").get<std::string>();
  b.audience.label = j.at("audience").value("label", b.audience.value);
  b.topic = j.value("topic", "");
  b.guidance = hits_from(j.at("guidance"));
  for (const auto& m : j.at("messages")) {
    BriefMessage bm;
    bm.message = hit_from_json(m.at("message"));
    bm.proof_points = hits_from(m.at("proof_points"));
    const auto& why = m.at("why");
    bm.why.words = why.value("words", std::vector<std::string>{});
    bm.why.themes = why.value("themes", std::vector<std::string>{});
    bm.why.requested = why.value("requested", false);
    bm.why.audience_tagged = why.value("audience_tagged", false);
    bm.why.summary = why.value("summary", "");
    b.messages.push_back(std::move(bm));
  }
  b.supporting = hits_from(j.at("supporting"));
  b.glossary = hits_from(j.at("glossary"));
  for (const auto& s : j.at("sources")) b.sources.push_back(source_from_json(s));
  return b;
}

}  // namespace kb::api
