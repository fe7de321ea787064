#include "kb/search.h"

#include <xapian.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "kb/error.h"
#include "kb/index_store.h"
#include "kb/schema.h"
#include "text/language.h"
#include "search/query_builder.h"
#include "text/text_util.h"
#include "index/unit_codec.h"

namespace kb {
namespace {

using Clock = std::chrono::steady_clock;

// A search's deadline (SearchRequest::deadline), checked between its steps and given to
// Xapian for the exhaustive part of each match.
class Deadline {
 public:
  explicit Deadline(std::optional<Clock::time_point> at) : at_(at) {}

  // Throws Error(search_timeout) once the deadline has passed.
  void check() const {
    if (at_ && Clock::now() >= *at_)
      throw Error(ErrorCode::search_timeout,
                  "the search did not finish within its time budget; search with fewer words or filters");
  }

  // Enquire::get_mset under the deadline. Xapian's own time limit ends a match's
  // exhaustive counting (check_at_least) when it runs out, and the match then answers
  // with estimated totals and partial facet counts, silently: a match that reaches the
  // deadline is an error instead.
  Xapian::MSet get_mset(Xapian::Enquire& enquire, Xapian::doccount first, Xapian::doccount max,
                        Xapian::doccount check_at_least) const {
    check();
    if (at_) {
      double left = std::chrono::duration<double>(*at_ - Clock::now()).count();
      enquire.set_time_limit(std::max(left, 1e-6));  // 0 would mean no limit
    }
    auto mset = enquire.get_mset(first, max, check_at_least);
    check();
    return mset;
  }

 private:
  std::optional<Clock::time_point> at_;
};

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// The first `length` bytes of text, cut at a word boundary and never inside a UTF-8
// sequence.
std::string leading_text(const std::string& text, std::size_t length) {
  if (text.size() <= length) return text;
  auto cut = text.rfind(' ', length);
  if (cut == std::string::npos || cut < length / 2) {
    cut = length;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  return text.substr(0, cut) + "\xE2\x80\xA6";
}

}  // namespace

struct Index::Impl {
  std::string generation;
  Xapian::Database db;
  detail::FacetCatalog facets;
  std::map<std::string, std::string> source_titles;
  std::vector<std::vector<std::string>> synonym_groups;
  detail::QueryOptions query_options;
  std::unique_ptr<detail::QueryBuilder> builder;
  std::map<std::string, std::string> facet_descriptions;  // "audience/<id>" -> description
  mutable std::map<std::string, Xapian::Stem> stemmers;   // per lang, for snippets
  mutable std::map<std::string, Xapian::Query> profiles;  // audience id -> profile query

  explicit Impl(std::string generation_dir) : generation(std::move(generation_dir)) {
    try {
      db = Xapian::Database(generation);
      auto version = db.get_metadata(std::string(schema::meta_schema_version));
      if (version != std::to_string(schema::version))
        throw Error(ErrorCode::index_error, "the index in " + generation + " has schema version \"" + version +
                                                "\", this kb expects " + std::to_string(schema::version) +
                                                "; rebuild it with kb-index");
      std::map<std::string, std::vector<FacetValueInfo>> values;
      auto fv = nlohmann::json::parse(db.get_metadata(std::string(schema::meta_facet_values)));
      for (const auto& [facet, list] : fv.items()) {
        for (const auto& v : list) {
          if (v.contains("description") && v["description"].is_string())
            facet_descriptions[facet + "/" + v.at("value").get<std::string>()] = v["description"];
          FacetValueInfo info{v.at("value"), v.value("label", ""), {}};
          for (const auto& a : v.value("aliases", nlohmann::json::array())) info.aliases.push_back(a);
          values[facet].push_back(std::move(info));
        }
      }
      facets = detail::FacetCatalog(std::move(values));
      for (const auto& s : nlohmann::json::parse(db.get_metadata(std::string(schema::meta_sources))))
        source_titles[s.at("id")] = s.value("title", "");
      auto glossary = db.get_metadata(std::string(schema::meta_glossary));
      if (!glossary.empty())
        for (const auto& g : nlohmann::json::parse(glossary))
          synonym_groups.push_back(g.get<std::vector<std::string>>());
      // How the index was written: its languages, English stemmer and stopwords.
      auto langs = db.get_metadata(std::string(schema::meta_langs));
      if (!langs.empty()) query_options.langs = nlohmann::json::parse(langs).get<std::vector<std::string>>();
      auto build = db.get_metadata(std::string(schema::meta_build));
      if (!build.empty()) {
        auto b = nlohmann::json::parse(build);
        query_options.english_stemmer = b.value("english_stemmer", query_options.english_stemmer);
        query_options.english_stopwords = b.value("english_stopwords", query_options.english_stopwords);
      }
      make_builder();
    } catch (const Xapian::Error& e) {
      throw Error(ErrorCode::index_error, "cannot open the index in " + generation + ": " + e.get_description());
    } catch (const nlohmann::json::exception& e) {
      throw Error(ErrorCode::index_error,
                  "the index in " + generation + " has unreadable metadata (" + e.what() + "); rebuild it");
    }
  }

  void make_builder() {
    builder = std::make_unique<detail::QueryBuilder>(db, synonym_groups, query_options);
    profiles.clear();
  }

  Xapian::BM25Weight weighting() const {
    const auto& r = query_options.ranking;
    return Xapian::BM25Weight(r.k1, 0, 1, r.b, 0.5);
  }

  const Xapian::Stem& stemmer(const std::string& lang) const {
    auto it = stemmers.find(lang);
    if (it == stemmers.end())
      it = stemmers.emplace(lang, detail::stemmer_for(lang, query_options.english_stemmer)).first;
    return it->second;
  }

  // What an audience cares about, as a ranking query: the words of its guidance units
  // and of its taxonomy description.
  Xapian::Query audience_profile(const std::vector<std::string>& audiences) const {
    std::vector<Xapian::Query> parts;
    for (const auto& a : audiences) {
      auto it = profiles.find(a);
      if (it == profiles.end()) {
        std::string prose;
        if (auto d = facet_descriptions.find("audience/" + a); d != facet_descriptions.end()) prose = d->second;
        Xapian::Query guidance(Xapian::Query::OP_AND, Xapian::Query(std::string(schema::prefix_kind) + kind::audience_guidance),
                               Xapian::Query(std::string(schema::prefix_audience) + a));
        for (const auto& g : browse(guidance)) prose += "\n" + g.unit.text;
        it = profiles.emplace(a, builder->profile(prose)).first;
      }
      if (!it->second.empty()) parts.push_back(it->second);
    }
    if (parts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

  UnitView view_of(const Xapian::Document& doc) const {
    UnitView v;
    v.unit = detail::unit_from_stored(nlohmann::json::parse(doc.get_data()));
    auto it = source_titles.find(v.unit.source_id);
    v.source_title = it == source_titles.end() ? v.unit.source_id : it->second;
    v.cite = format_citation(v.source_title, v.unit.cite);
    return v;
  }

  // Units matching a boolean query, in source order.
  std::vector<UnitView> browse(const Xapian::Query& query) const {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(schema::slot_position, false);
    auto mset = enquire.get_mset(0, db.get_doccount());
    std::vector<UnitView> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(view_of(it.get_document()));
    return out;
  }

  void count_facet(const std::string& name, const Xapian::Query& query, const std::vector<std::string>& active,
                   const Deadline& deadline, std::vector<FacetResult>& out) const {
    const auto* facet = schema::find_facet(name);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    for (unsigned i = 0; i < facet->slot_count; ++i) {
      spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(facet->slot_base + i));
      enquire.add_matchspy(spies.back().get());
    }
    deadline.get_mset(enquire, 0, 0, db.get_doccount());
    out.push_back(collect(name, spies, active));
  }

  FacetResult collect(const std::string& name, const std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>>& spies,
                      const std::vector<std::string>& active) const {
    std::map<std::string, std::size_t> counts;
    for (const auto& spy : spies)
      for (auto it = spy->values_begin(); it != spy->values_end(); ++it) counts[*it] += it.get_termfreq();
    for (const auto& a : active) counts.emplace(a, 0);  // a selected value stays visible
    FacetResult r;
    r.name = name;
    for (const auto& [value, count] : counts) r.values.push_back({value, facets.label(name, value), count});
    std::stable_sort(r.values.begin(), r.values.end(), [](const FacetCount& a, const FacetCount& b) {
      return a.count != b.count ? a.count > b.count : a.label < b.label;
    });
    return r;
  }
};

Index::Index(const std::string& index_dir) : impl_(std::make_unique<Impl>(resolve_published_generation(index_dir))) {}
Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index Index::open_generation(const std::string& generation_dir) {
  return Index(std::make_unique<Impl>(generation_dir));
}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

const std::string& Index::generation() const { return impl_->generation; }

const RankingParams& Index::ranking() const { return impl_->query_options.ranking; }

void Index::set_ranking(const RankingParams& params) {
  impl_->query_options.ranking = params;
  impl_->make_builder();
}

std::vector<std::string> Index::languages() const { return impl_->query_options.langs; }
std::size_t Index::unit_count() const { return impl_->db.get_doccount(); }

std::vector<FacetValueInfo> Index::facet_values(const std::string& facet) const {
  if (!schema::find_facet(facet)) throw Error(ErrorCode::unknown_filter, "unknown facet \"" + facet + "\"");
  return impl_->facets.values(facet);
}

std::string Index::resolve_filter(const std::string& facet, const std::string& value) const {
  return impl_->facets.resolve(facet, value);
}

SearchResult Index::search(const SearchRequest& request) const {
  if (request.limit > 1000)
    throw Error(ErrorCode::invalid_argument, "limit " + std::to_string(request.limit) + " is over the maximum of 1000");
  Deadline deadline(request.deadline);
  SearchResult result;
  result.query = request.query;

  std::map<std::string, Xapian::Query> filters;
  for (const auto& [facet, values] : request.filters) {
    if (values.empty()) continue;
    std::vector<std::string> ids;
    for (const auto& v : values) {
      auto id = resolve_filter(facet, v);
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    result.filters[facet] = ids;
    filters[facet] = detail::QueryBuilder::facet_filter(facet, ids);
  }

  // With an audience filter, that audience's guidance comes first: boosted in a search,
  // ranked first when browsing.
  auto audience_filter = result.filters.find("audience");
  bool by_audience = audience_filter != result.filters.end() && !audience_filter->second.empty();
  double guidance_boost = by_audience ? impl_->query_options.ranking.audience_guidance_boost : 1.0;
  auto parsed = impl_->builder->parse(request.query, request.partial, guidance_boost);
  auto doccount = impl_->db.get_doccount();

  auto run = [&](const detail::QueryBuilder::Parsed& p, SearchResult& out) {
    Xapian::Enquire enquire(impl_->db);
    enquire.set_weighting_scheme(impl_->weighting());
    Xapian::Query matcher = p.query;
    if (request.sort_by_date) {
      enquire.set_sort_by_value_then_relevance(schema::slot_date, true);
    } else if (p.empty && by_audience) {
      // Browsing one audience: its guidance, then proof points, messages, ... (kind
      // rank); within a kind, what the audience's guidance and description are about
      // first; then source order.
      auto profile = impl_->audience_profile(audience_filter->second);
      if (!profile.empty()) matcher = Xapian::Query(Xapian::Query::OP_AND_MAYBE, matcher, profile);
      enquire.set_sort_by_value_then_relevance(schema::slot_kind_rank, false);
      enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    } else if (p.empty) {
      // Browsing: source order.
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      enquire.set_sort_by_value(schema::slot_position, false);
    }
    enquire.set_query(detail::QueryBuilder::combine(matcher, filters));
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    std::vector<std::pair<std::string, std::size_t>> spy_ranges;  // facet -> first spy index
    if (request.facets) {
      for (const auto& f : schema::facets) {
        if (filters.count(std::string(f.name))) continue;  // counted in its own pass below
        spy_ranges.emplace_back(std::string(f.name), spies.size());
        for (unsigned i = 0; i < f.slot_count; ++i) {
          spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(f.slot_base + i));
          enquire.add_matchspy(spies.back().get());
        }
      }
    }
    auto mset = deadline.get_mset(enquire, request.offset, request.limit, doccount);
    out.total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      deadline.check();  // snippets read and scan each hit's text
      Hit hit;
      if (request.ids_only) {
        hit.view.unit.id = it.get_document().get_value(schema::slot_id);
        hit.score = p.empty ? 0.0 : it.get_weight();
        out.hits.push_back(std::move(hit));
        continue;
      }
      hit.view = impl_->view_of(it.get_document());
      hit.score = p.empty ? 0.0 : it.get_weight();
      const auto& text = hit.view.unit.text.empty() ? hit.view.unit.title : hit.view.unit.text;
      if (!request.snippets) {
        // no snippet asked for
      } else if (p.empty) {
        hit.snippet = escape_html(leading_text(text, request.snippet_length));
      } else {
        hit.snippet = mset.snippet(text, request.snippet_length, impl_->stemmer(hit.view.unit.lang),
                                   Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                   request.highlight_start, request.highlight_end, "\xE2\x80\xA6");
      }
      out.hits.push_back(std::move(hit));
    }
    if (!request.facets) return;
    std::vector<FacetResult> counted;
    for (std::size_t k = 0; k < spy_ranges.size(); ++k) {
      const auto* f = schema::find_facet(spy_ranges[k].first);
      std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> own;
      for (unsigned i = 0; i < f->slot_count; ++i) own.push_back(std::move(spies[spy_ranges[k].second + i]));
      counted.push_back(impl_->collect(spy_ranges[k].first, own, {}));
    }
    // Disjunctive counts: an active facet is counted as if its own filter were off.
    for (const auto& [facet, ids] : result.filters)
      impl_->count_facet(facet, detail::QueryBuilder::combine(p.query, filters, facet), ids, deadline, counted);
    out.facets.clear();
    for (const auto& f : schema::facets)
      for (auto& c : counted)
        if (c.name == f.name) out.facets.push_back(std::move(c));
  };

  try {
    run(parsed, result);
    if (!parsed.corrected.empty()) {
      result.corrected_query = parsed.corrected;
      if (result.total == 0) {
        auto retry = impl_->builder->parse(parsed.corrected, request.partial, guidance_boost);
        SearchResult corrected = result;
        corrected.hits.clear();
        run(retry, corrected);
        if (corrected.total > 0) {
          result = std::move(corrected);
          result.auto_corrected = true;
        }
      }
    }
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::index_error, "search failed: " + e.get_description());
  }
  return result;
}

std::optional<UnitView> Index::unit(const std::string& id) const {
  auto term = std::string(schema::prefix_id) + id;
  auto it = impl_->db.postlist_begin(term);
  if (it == impl_->db.postlist_end(term)) return std::nullopt;
  return impl_->view_of(impl_->db.get_document(*it));
}

std::vector<UnitView> Index::proof_points(const std::string& message_id) const {
  Xapian::Query q(Xapian::Query::OP_AND, Xapian::Query(std::string(schema::prefix_message) + message_id),
                  Xapian::Query(std::string(schema::prefix_kind) + kind::proof_point));
  return impl_->browse(q);
}

std::vector<MessageOutline> Index::messages() const {
  std::vector<MessageOutline> out;
  for (auto& m : impl_->browse(Xapian::Query(std::string(schema::prefix_kind) + kind::message))) {
    MessageOutline o;
    o.proof_points = proof_points(m.unit.id);
    o.message = std::move(m);
    out.push_back(std::move(o));
  }
  return out;
}

Suggestions Index::suggest(const std::string& text, std::size_t limit,
                           std::optional<std::chrono::steady_clock::time_point> deadline_at) const {
  Deadline deadline(deadline_at);
  Suggestions out;
  if (limit == 0) return out;
  std::string trimmed = text::nfc(text);  // the index's words are NFC
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
  auto space = trimmed.find_last_of(' ');
  std::string head = space == std::string::npos ? "" : trimmed.substr(0, space + 1);
  std::string word = space == std::string::npos ? trimmed : trimmed.substr(space + 1);
  std::string prefix;
  for (Xapian::Utf8Iterator it(word); it != Xapian::Utf8Iterator(); ++it)
    Xapian::Unicode::append_utf8(prefix, Xapian::Unicode::tolower(*it));
  if (!prefix.empty() && text::word_byte(prefix, 0)) {
    // Unprefixed terms are the unstemmed lower-case words of the text.
    std::vector<std::pair<Xapian::doccount, std::string>> terms;
    std::size_t seen = 0;
    for (auto it = impl_->db.allterms_begin(prefix); it != impl_->db.allterms_end(prefix); ++it) {
      if (++seen % 256 == 0) deadline.check();  // a short prefix of a large index has many
      if ((*it).size() > prefix.size()) terms.emplace_back(it.get_termfreq(), *it);
    }
    std::stable_sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; i < terms.size() && out.completions.size() < limit; ++i)
      out.completions.push_back(head + terms[i].second);
  }
  if (!trimmed.empty()) {
    SearchRequest r;
    r.query = trimmed;
    r.partial = true;
    r.limit = limit;
    r.facets = false;
    r.deadline = deadline_at;
    for (auto& h : search(r).hits) out.units.push_back(std::move(h.view));
  }
  return out;
}

std::vector<UnitView> Index::audience_guidance() const {
  return impl_->browse(Xapian::Query(std::string(schema::prefix_kind) + kind::audience_guidance));
}

}  // namespace kb
