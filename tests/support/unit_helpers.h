// Helpers for importer tests: pick units and project their fields for readable
// comparisons.
#pragma once

#include <string>
#include <vector>

#include "kb/model.h"

namespace kb::testing {

inline std::vector<std::string> titles(const std::vector<const kb::Unit*>& units) {
  std::vector<std::string> out;
  for (const auto* u : units) out.push_back(u->title);
  return out;
}

inline std::vector<std::string> texts(const std::vector<const kb::Unit*>& units) {
  std::vector<std::string> out;
  for (const auto* u : units) out.push_back(u->text);
  return out;
}

inline std::vector<std::string> ids(const std::vector<const kb::Unit*>& units) {
  std::vector<std::string> out;
  for (const auto* u : units) out.push_back(u->id);
  return out;
}

inline const kb::Unit* find_unit(const std::vector<kb::Unit>& units, const std::string& id) {
  for (const auto& u : units)
    if (u.id == id) return &u;
  return nullptr;
}

}  // namespace kb::testing
