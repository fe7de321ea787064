#include "kb/brief.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "kb/error.h"
#include "kb/text.h"
#include "text/text_util.h"

namespace kb {
namespace {

constexpr std::size_t candidate_hits = 200;
// Supporting passages are quoted by an excerpt around the topic's words (an answer can
// run to pages); the unit keeps its whole text.
constexpr std::size_t supporting_excerpt = 480;  // enough to see every message's best units
// A further message is in the brief when its best unit scores at least this share of the
// first message's: a topic rarely has three equally strong messages.
constexpr double further_message_share = 0.5;

SearchRequest base_request(const BriefRequest& brief) {
  SearchRequest r;
  r.query = brief.query;
  r.limit = candidate_hits;
  r.facets = false;
  r.snippets = true;
  r.snippet_length = 1 << 16;  // the whole text, marked
  r.highlight_start = brief.highlight_start;
  r.highlight_end = brief.highlight_end;
  r.deadline = brief.deadline;
  if (!brief.themes.empty()) r.filters["theme"] = brief.themes;
  return r;
}

// A unit no search chose: its whole text, escaped like a snippet, unmarked.
Hit unmarked(UnitView view) {
  Hit h;
  h.snippet = escape_html(view.unit.text);
  h.view = std::move(view);
  return h;
}

// The marked words of a snippet, lower-cased, added to `words` when new.
void add_marked_words(const Hit& hit, const BriefRequest& brief, std::vector<std::string>& words) {
  const auto& s = hit.snippet;
  for (auto at = s.find(brief.highlight_start); at != std::string::npos;) {
    auto from = at + brief.highlight_start.size();
    auto to = s.find(brief.highlight_end, from);
    if (to == std::string::npos) break;
    auto word = text::lower_ascii(decode_html_entities(s.substr(from, to - from)));
    for (std::string possessive : {"'s", "\u2019s"})  // "DNS's" is "dns"
      if (word.size() > possessive.size() &&
          word.compare(word.size() - possessive.size(), possessive.size(), possessive) == 0)
        word.resize(word.size() - possessive.size());
    if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end())
      words.push_back(word);
    at = s.find(brief.highlight_start, to + brief.highlight_end.size());
  }
}

bool has_marks(const Hit& hit, const BriefRequest& brief) {
  return hit.snippet.find(brief.highlight_start) != std::string::npos;
}

// 2 for a curated tag of the audience, 1 for an inferred one, 0 for none.
int audience_tag(const Unit& unit, const std::string& audience) {
  for (const auto& t : unit.audiences)
    if (t.id == audience) return t.provenance == Provenance::curated ? 2 : 1;
  return 0;
}

bool has_theme(const Unit& unit, const std::string& theme) {
  return std::any_of(unit.themes.begin(), unit.themes.end(),
                     [&](const Tag& t) { return t.id == theme; });
}

std::string label_of(const Index& index, const std::string& facet, const std::string& id) {
  for (const auto& v : index.facet_values(facet))
    if (v.value == id) return v.label;
  return id;
}

// A message the search reached, through itself or its proof points.
struct Candidate {
  std::string id;
  double best = 0;                   // the best score of the message or a proof point
  std::size_t first = 0;             // rank of that unit in the search
  std::size_t units = 0;             // how many of its units the search found
  std::map<std::string, Hit> found;  // unit id -> hit
};

std::vector<Candidate> rank_messages(const Index& index, const BriefRequest& brief,
                                     const std::vector<std::string>& message_ids) {
  auto request = base_request(brief);
  request.filters["kind"] = {kind::message, kind::proof_point};
  if (!message_ids.empty()) request.filters["message"] = message_ids;
  auto result = index.search(request);
  std::map<std::string, Candidate> by_id;
  std::vector<std::string> order;
  for (std::size_t rank = 0; rank < result.hits.size(); ++rank) {
    auto& hit = result.hits[rank];
    const auto& u = hit.view.unit;
    std::string id = u.kind == kind::message ? u.id : u.message_id;
    if (id.empty()) continue;
    auto [it, added] = by_id.try_emplace(id);
    auto& c = it->second;
    if (added) {
      c.id = id;
      c.best = hit.score;
      c.first = rank;
      order.push_back(id);
    }
    ++c.units;
    c.found.emplace(u.id, std::move(hit));
  }
  std::vector<Candidate> out;
  for (const auto& id : order) out.push_back(std::move(by_id[id]));
  // Relevance first; a browse (no words) has no scores: most units for the topic first.
  // The search order breaks ties, so the order is the index's, deterministic.
  std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    if (a.best != b.best) return a.best > b.best;
    if (a.units != b.units) return a.units > b.units;
    return a.first < b.first;
  });
  return out;
}

// The proof points of a message, the strongest for the topic and the audience first.
std::vector<Hit> strongest_proof_points(const Index& index, const Candidate& c,
                                        const BriefRequest& brief, const std::string& audience) {
  struct Ranked {
    Hit hit;
    bool matched;
    int tag;
  };
  std::vector<Ranked> ranked;
  bool has_words = brief.query.find_first_not_of(" \t\r\n") != std::string::npos;
  for (auto& view : index.proof_points(c.id)) {
    auto it = c.found.find(view.unit.id);
    // Found by the topic: its words are in it, or (a topic of themes only) it carries them.
    bool matched = it != c.found.end() && (!has_words || has_marks(it->second, brief));
    Hit hit = it != c.found.end() ? it->second : unmarked(view);
    int tag = audience_tag(view.unit, audience);
    ranked.push_back({std::move(hit), matched, tag});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.matched != b.matched) return a.matched;
    if (a.hit.score != b.hit.score) return a.hit.score > b.hit.score;
    return a.tag > b.tag;  // then source order
  });
  // Those the topic's words found; when they are fewer than two, the others fill up to two
  // (the audience's first, then in source order): a message is argued with evidence.
  std::vector<Hit> out;
  for (auto& r : ranked) {
    if (out.size() == brief_max_proof_points || (!r.matched && out.size() >= 2)) break;
    out.push_back(std::move(r.hit));
  }
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0                  ? ""
            : i + 1 == items.size() ? " and "
                                    : ", ") +
           ("\u201C" + items[i] + "\u201D");
  return out;
}

BriefWhy explain(const Index& index, const BriefMessage& m, const BriefRequest& brief,
                 const FacetValueInfo& audience, const std::vector<std::string>& theme_ids,
                 bool requested) {
  BriefWhy why;
  why.requested = requested;
  std::size_t marked_points = 0;
  add_marked_words(m.message, brief, why.words);
  for (const auto& p : m.proof_points) {
    add_marked_words(p, brief, why.words);
    if (has_marks(p, brief)) ++marked_points;
  }
  for (const auto& t : theme_ids) {
    bool carried = has_theme(m.message.view.unit, t) ||
                   std::any_of(m.proof_points.begin(), m.proof_points.end(),
                               [&](const Hit& p) { return has_theme(p.view.unit, t); });
    if (carried) why.themes.push_back(t);
  }
  why.audience_tagged =
      audience_tag(m.message.view.unit, audience.value) > 0 ||
      std::any_of(m.proof_points.begin(), m.proof_points.end(),
                  [&](const Hit& p) { return audience_tag(p.view.unit, audience.value) > 0; });
  std::vector<std::string> parts;
  if (requested) parts.push_back("asked for by name");
  if (!why.words.empty()) {
    std::string where;
    bool in_message = has_marks(m.message, brief);
    if (in_message) where = "the message";
    if (marked_points > 0)
      where += (in_message ? " and " : "") + std::to_string(marked_points) +
               (marked_points == 1 ? " proof point" : " proof points");
    parts.push_back("matches " + quoted_list(why.words) + " in " + where);
  }
  if (!why.themes.empty()) {
    std::vector<std::string> labels;
    for (const auto& t : why.themes) labels.push_back(label_of(index, "theme", t));
    parts.push_back((labels.size() == 1 ? "theme " : "themes ") + quoted_list(labels));
  }
  parts.push_back(std::string(why.audience_tagged ? "tagged for " : "not tagged for ") +
                  audience.label);
  for (std::size_t i = 0; i < parts.size(); ++i) why.summary += (i == 0 ? "" : "; ") + parts[i];
  if (!why.summary.empty())
    why.summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(why.summary[0])));
  why.summary += ".";
  return why;
}

// ASCII letters and digits: acronyms are ASCII, and what follows one in the text is often
// an em dash or a curly quote ("DNS\u2014proving").
bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// `term` in `text` as a whole word, case as written (acronyms are case-sensitive: "IGF"
// is not "igf" in a URL).
bool uses_term(const std::string& text, const std::string& term) {
  for (auto at = text.find(term); at != std::string::npos; at = text.find(term, at + 1)) {
    bool starts = at == 0 || !is_word_char(text[at - 1]);
    auto end = at + term.size();
    bool ends = end >= text.size() || !is_word_char(text[end]) ||
                (text[end] == 's' && (end + 1 >= text.size() || !is_word_char(text[end + 1])));
    if (starts && ends) return true;
  }
  return false;
}

// An acronym entry's term: the title before " (expansion)", when it has two capitals.
std::string acronym_of(const Unit& entry) {
  auto paren = entry.title.find(" (");
  if (paren == std::string::npos) return {};
  auto term = entry.title.substr(0, paren);
  auto capitals =
      std::count_if(term.begin(), term.end(), [](unsigned char c) { return std::isupper(c) != 0; });
  return capitals >= 2 ? term : std::string();
}

}  // namespace

Brief make_brief(const Index& index, const BriefRequest& request) {
  if (request.audience.empty())
    throw Error(ErrorCode::invalid_argument, "a brief is for an audience: name one");
  bool has_words = request.query.find_first_not_of(" \t\r\n") != std::string::npos;
  if (!has_words && request.themes.empty() && request.messages.empty())
    throw Error(ErrorCode::invalid_argument, "a brief needs a topic: words, a theme or a message");
  Brief brief;
  brief.audience.value = index.resolve_filter("audience", request.audience);
  brief.audience.label = label_of(index, "audience", brief.audience.value);
  std::vector<std::string> theme_ids, message_ids;
  for (const auto& t : request.themes) theme_ids.push_back(index.resolve_filter("theme", t));
  for (const auto& m : request.messages) message_ids.push_back(index.resolve_filter("message", m));

  std::vector<std::string> topic;
  if (has_words) topic.push_back(request.query);
  for (const auto& t : theme_ids) topic.push_back(label_of(index, "theme", t));
  for (const auto& m : message_ids) topic.push_back(label_of(index, "message", m));
  for (std::size_t i = 0; i < topic.size(); ++i) brief.topic += (i ? " · " : "") + topic[i];

  std::set<std::string> used;
  auto take = [&](const Hit& h) { return used.insert(h.view.unit.id).second; };

  // The audience's guidance: the units tagged for it by a curator when there are any.
  {
    SearchRequest r;
    r.deadline = request.deadline;
    r.limit = candidate_hits;
    r.facets = false;
    r.snippets = false;
    r.filters["kind"] = {kind::audience_guidance};
    r.filters["audience"] = {brief.audience.value};
    auto hits = index.search(r).hits;
    bool curated = std::any_of(hits.begin(), hits.end(), [&](const Hit& h) {
      return audience_tag(h.view.unit, brief.audience.value) == 2;
    });
    for (auto& h : hits)
      if ((!curated || audience_tag(h.view.unit, brief.audience.value) == 2) && take(h))
        brief.guidance.push_back(unmarked(std::move(h.view)));
  }

  // The messages, each with its strongest proof points.
  auto candidates = rank_messages(index, request, message_ids);
  for (const auto& c : candidates) {
    bool requested = std::find(message_ids.begin(), message_ids.end(), c.id) != message_ids.end();
    if (!message_ids.empty() ? !requested
                             : brief.messages.size() == brief_max_messages ||
                                   (!brief.messages.empty() && has_words &&
                                    c.best < further_message_share * candidates.front().best))
      continue;
    auto view = index.unit(c.id);
    if (!view) continue;
    BriefMessage m;
    auto found = c.found.find(c.id);
    m.message = found != c.found.end() ? found->second : unmarked(*view);
    if (!take(m.message)) continue;
    for (auto& p : strongest_proof_points(index, c, request, brief.audience.value))
      if (take(p)) m.proof_points.push_back(std::move(p));
    m.why = explain(index, m, request, brief.audience, theme_ids, requested);
    brief.messages.push_back(std::move(m));
  }

  // Supporting passages: answers and statements of the other documents.
  {
    std::set<std::string> framework_sources;
    for (const auto& m : brief.messages) framework_sources.insert(m.message.view.unit.source_id);
    auto r = base_request(request);
    r.snippet_length = supporting_excerpt;
    r.filters["kind"] = {kind::answer, kind::passage};
    if (!message_ids.empty() && !has_words && theme_ids.empty())
      r.query = label_of(index, "message", message_ids.front());
    for (auto& h : index.search(r).hits) {
      if (brief.supporting.size() == brief_max_supporting) break;
      if (framework_sources.count(h.view.unit.source_id) || !take(h)) continue;
      if (h.snippet.empty()) h = unmarked(std::move(h.view));
      brief.supporting.push_back(std::move(h));
    }
  }

  // The acronyms the brief's units use, from the glossary.
  {
    std::string text;
    auto add_text = [&](const Hit& h) {
      text += h.view.unit.title + "\n" + h.view.unit.text + "\n";
    };
    for (const auto& h : brief.guidance) add_text(h);
    for (const auto& m : brief.messages) {
      add_text(m.message);
      for (const auto& p : m.proof_points) add_text(p);
    }
    for (const auto& h : brief.supporting) text += decode_html_entities(h.snippet) + "\n";
    SearchRequest r;
    r.deadline = request.deadline;
    r.limit = 1000;  // the most a search returns
    r.facets = false;
    r.snippets = false;
    r.filters["kind"] = {kind::glossary};
    std::vector<std::pair<std::string, Hit>> entries;
    for (auto& h : index.search(r).hits) {
      auto term = acronym_of(h.view.unit);
      if (!term.empty() && uses_term(text, term) && take(h))
        entries.emplace_back(text::lower_ascii(term), unmarked(std::move(h.view)));
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [term, h] : entries) brief.glossary.push_back(std::move(h));
  }

  // Every cited source, in the order the brief first cites it.
  {
    std::set<std::string> seen;
    auto cite = [&](const Hit& h) {
      const auto& id = h.view.unit.source_id;
      if (!seen.insert(id).second) return;
      auto& all = index.sources();
      auto it =
          std::find_if(all.begin(), all.end(), [&](const SourceDocument& s) { return s.id == id; });
      if (it != all.end()) {
        brief.sources.push_back(*it);
      } else {
        SourceDocument s;
        s.id = id;
        s.title = h.view.source_title;
        brief.sources.push_back(s);
      }
    };
    for (const auto& h : brief.guidance) cite(h);
    for (const auto& m : brief.messages) {
      cite(m.message);
      for (const auto& p : m.proof_points) cite(p);
    }
    for (const auto& h : brief.supporting) cite(h);
    for (const auto& h : brief.glossary) cite(h);
  }
  return brief;
}

}  // namespace kb
