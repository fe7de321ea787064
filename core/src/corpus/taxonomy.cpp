#include "kb/taxonomy.h"

#include <algorithm>
#include <set>
#include <utility>

#include "corpus/xml_file.h"
#include "kb/schema.h"
#include "kb/text.h"
#include "text/text_util.h"

namespace kb {
namespace {

// Rule matching folds plurals only. A full English stemmer is too eager here: it maps
// "government" and "governance" both to "govern", "business" and "busy" to "busi".
std::string singular(std::string w) {
  auto ends = [&](std::string_view suffix) {
    return w.size() > suffix.size() + 2 &&
           std::string_view(w).substr(w.size() - suffix.size()) == suffix;
  };
  if (ends("ies")) return w.substr(0, w.size() - 3) + "y";
  if (ends("sses") || ends("xes") || ends("ches") || ends("shes")) return w.substr(0, w.size() - 2);
  if (ends("s") && !ends("ss") && !ends("us") && !ends("is")) return w.substr(0, w.size() - 1);
  return w;
}

// Lower-case word tokens, plurals folded; "multi-stakeholder" gives "multi", "stakeholder".
std::vector<std::string> rule_words(const std::string& s) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(singular(word));
    word.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (std::isalnum(c)) {
      word += static_cast<char>(std::tolower(c));
    } else if (c == 0xC3 && i + 1 < s.size()) {
      unsigned cp = 0xC0 + (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      const char* folded = text::fold_latin1(cp);
      if (folded && *folded) {
        word += folded;
        ++i;
      } else {
        flush();
      }
    } else if (c == '\'' && !word.empty() && i + 1 < s.size() && s[i + 1] == 's') {
      ++i;  // possessive "ICANN's" -> "icann"
    } else if (c >= 0x80) {
      flush();
      while (i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) ++i;
    } else {
      flush();
    }
  }
  flush();
  return words;
}

bool contains_sequence(const std::vector<std::string>& haystack,
                       const std::vector<std::string>& needle) {
  if (needle.empty() || needle.size() > haystack.size()) return false;
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
         haystack.end();
}

bool rule_matches(const TagRule& rule, const std::vector<std::string>& words) {
  int hits = 0;
  for (const auto& phrase : rule.phrases)
    if (contains_sequence(words, rule_words(phrase)) && ++hits >= rule.min_matches) return true;
  return false;
}

// Curated tags of a facet replace inference for that facet.
void infer(const std::vector<TaxonomyEntry>& entries, const std::vector<std::string>& words,
           std::vector<Tag>& tags) {
  if (!tags.empty()) return;
  for (const auto& entry : entries) {
    for (const auto& rule : entry.rules) {
      if (rule_matches(rule, words)) {
        tags.push_back({entry.id, Provenance::inferred});
        break;
      }
    }
  }
}

std::optional<std::string> find_entry(const std::vector<TaxonomyEntry>& entries,
                                      const std::string& name) {
  auto wanted = slugify(name);
  if (wanted.empty()) return std::nullopt;
  for (const auto& e : entries) {
    if (slugify(e.id) == wanted || slugify(e.label) == wanted) return e.id;
    for (const auto& a : e.aliases)
      if (slugify(a) == wanted) return e.id;
  }
  return std::nullopt;
}

std::vector<TaxonomyEntry> load_entries(const detail::XmlFile& xml, const char* element,
                                        std::set<std::string>& ids) {
  std::vector<TaxonomyEntry> entries;
  for (auto node : xml.root().children(element)) {
    TaxonomyEntry e;
    e.id = xml.required_attribute(node, "id");
    if (slugify(e.id) != e.id)
      xml.fail(node, std::string(element) + " id \"" + e.id +
                         "\" must be lower-case letters and digits separated by '-'");
    e.label = detail::XmlFile::child_text(node, "label");
    if (e.label.empty()) xml.fail(node, std::string(element) + " \"" + e.id + "\" needs a <label>");
    e.description = detail::XmlFile::child_text(node, "description");
    for (auto a : node.children("alias")) {
      auto alias = detail::XmlFile::text_of(a);
      if (!alias.empty()) e.aliases.push_back(alias);
    }
    for (auto r : node.children("rule")) {
      TagRule rule;
      for (auto& phrase : text::split(detail::XmlFile::text_of(r), ';')) {
        auto p = std::string(text::trim(phrase));
        if (!p.empty()) rule.phrases.push_back(p);
      }
      rule.min_matches = r.attribute("min").as_int(1);
      if (rule.phrases.empty()) xml.fail(r, "empty <rule>: list phrases separated by ';'");
      if (rule.min_matches < 1 || rule.min_matches > static_cast<int>(rule.phrases.size()))
        xml.fail(r, "min=\"" + std::string(r.attribute("min").as_string()) +
                        "\" must be between 1 and the number of phrases");
      e.rules.push_back(std::move(rule));
    }
    if (!ids.insert(e.id).second) xml.fail(node, "duplicate id \"" + e.id + "\"");
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace

std::optional<std::string> Taxonomy::find(std::string_view facet, const std::string& name) const {
  const auto* facet_entries = entries(facet);
  if (!facet_entries) return std::nullopt;
  return find_entry(*facet_entries, name);
}

std::optional<std::string> Taxonomy::find_audience(const std::string& name) const {
  return find("audience", name);
}

std::optional<std::string> Taxonomy::find_theme(const std::string& name) const {
  return find("theme", name);
}

const std::vector<TaxonomyEntry>* Taxonomy::entries(std::string_view facet) const {
  if (facet == "audience") return &audiences;
  if (facet == "theme") return &themes;
  if (!schema::is_taxonomy_facet(facet)) return nullptr;
  static const std::vector<TaxonomyEntry> none;
  auto it = other_entries.find(facet);
  return it == other_entries.end() ? &none : &it->second;
}

std::vector<TaxonomyEntry>* Taxonomy::entries(std::string_view facet) {
  if (facet == "audience") return &audiences;
  if (facet == "theme") return &themes;
  if (!schema::is_taxonomy_facet(facet)) return nullptr;
  auto it = other_entries.find(facet);
  if (it == other_entries.end())
    it = other_entries.emplace(std::string(facet), std::vector<TaxonomyEntry>{}).first;
  return &it->second;
}

void Taxonomy::infer_tags(Unit& unit) const {
  auto words = rule_words(unit.title + " \n " + unit.text);
  bool name = is_name_kind(unit.kind);
  for (const auto& facet : schema::facets) {
    if (facet.values_from != schema::FacetValues::taxonomy) continue;
    if (name && facet.infer_on == schema::InferOn::arguments) continue;
    infer(*entries(facet.name), words, *tags_of(unit, facet.name));
  }
}

Taxonomy load_taxonomy(const std::string& path) {
  detail::XmlFile xml(path, "taxonomy");
  Taxonomy t;
  // The entries of a taxonomy-sourced facet are the elements named after it.
  for (const auto& facet : schema::facets) {
    if (facet.values_from != schema::FacetValues::taxonomy) continue;
    std::set<std::string> ids;
    if (auto* entries = t.entries(facet.name))
      *entries = load_entries(xml, std::string(facet.name).c_str(), ids);
  }
  return t;
}

}  // namespace kb
