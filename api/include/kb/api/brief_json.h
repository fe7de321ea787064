// GET /api/v1/brief: its parameters <-> BriefRequest, and the brief's JSON, written once
// for kb-searchd (reading and answering) and kb-query --server (asking and reading).
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "kb/api/query_params.h"
#include "kb/api/search_params.h"
#include "kb/brief.h"

namespace kb::api {

std::set<std::string> brief_parameter_names();

// Throws ApiError(invalid_parameter) without exactly one audience, or without a topic
// (q, theme or message), ApiError(query_too_long) for an overlong q.
BriefRequest brief_request(const QueryParams& params, const RequestLimits& limits);
ParamMap brief_params(const BriefRequest& request);

// {audience:{id,label}, topic, guidance:[unit], messages:[{message, proof_points, why}],
// supporting:[unit], glossary:[unit], sources:[{id,title,publisher,date,url}]}; each unit
// is a search hit's (to_json(Hit)).
nlohmann::json to_json(const Brief& brief);
// Throws nlohmann::json::exception when a required field is missing.
Brief brief_from_json(const nlohmann::json& j);

}  // namespace kb::api
