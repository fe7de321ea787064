#include "search/index_impl.h"

#include <nlohmann/json.hpp>

#include "index/index_metadata.h"
#include "index/unit_codec.h"
#include "kb/error.h"
#include "kb/schema.h"
#include "text/language.h"

namespace kb {

Index::Impl::Impl(std::string generation_dir) : generation(std::move(generation_dir)) {
  try {
    db = Xapian::Database(generation);
    auto metadata = detail::read_metadata(db, generation);
    std::map<std::string, std::vector<FacetValueInfo>> values;
    for (auto& [facet, records] : metadata.facet_values)
      for (auto& record : records) {
        if (record.description)
          facet_descriptions[facet + "/" + record.info.value] = *record.description;
        values[facet].push_back(std::move(record.info));
      }
    facets = detail::FacetCatalog(std::move(values));
    sources = std::move(metadata.sources);
    for (std::size_t i = 0; i < sources.size(); ++i) source_positions[sources[i].id] = i;
    synonym_groups = std::move(metadata.glossary);
    // How the index was written: its languages, English stemmer and stopwords.
    query_options.langs = std::move(metadata.langs);
    query_options.english_stemmer = metadata.build.english_stemmer;
    query_options.english_stopwords = metadata.build.english_stopwords;
    make_builder();
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::index_error,
                "cannot open the index in " + generation + ": " + e.get_description());
  }
}

void Index::Impl::make_builder() {
  builder = std::make_unique<detail::QueryBuilder>(db, synonym_groups, query_options);
  profiles.clear();
}

Xapian::BM25Weight Index::Impl::weighting() const {
  const auto& r = query_options.ranking;
  return Xapian::BM25Weight(r.k1, 0, 1, r.b, 0.5);
}

const Xapian::Stem& Index::Impl::stemmer(const std::string& lang) const {
  auto it = stemmers.find(lang);
  if (it == stemmers.end())
    it = stemmers.emplace(lang, detail::stemmer_for(lang, query_options.english_stemmer)).first;
  return it->second;
}

Xapian::Query Index::Impl::audience_profile(const std::vector<std::string>& audiences) const {
  std::vector<Xapian::Query> parts;
  for (const auto& a : audiences) {
    auto it = profiles.find(a);
    if (it == profiles.end()) {
      std::string prose;
      if (auto d = facet_descriptions.find("audience/" + a); d != facet_descriptions.end())
        prose = d->second;
      Xapian::Query guidance(
          Xapian::Query::OP_AND,
          Xapian::Query(std::string(schema::prefix_kind) + kind::audience_guidance),
          Xapian::Query(std::string(schema::prefix_audience) + a));
      for (const auto& g : browse(guidance)) prose += "\n" + g.unit.text;
      it = profiles.emplace(a, builder->profile(prose)).first;
    }
    if (!it->second.empty()) parts.push_back(it->second);
  }
  if (parts.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

UnitView Index::Impl::view_of(const Xapian::Document& doc) const {
  UnitView v;
  v.unit = detail::unit_from_stored(nlohmann::json::parse(doc.get_data()));
  auto it = source_positions.find(v.unit.source_id);
  if (it == source_positions.end()) {
    v.source_title = v.unit.source_id;
    v.cite = format_citation(v.source_title, v.unit.cite);
    return v;
  }
  const auto& source = sources[it->second];
  v.source_title = source.title;
  v.source_publisher = source.publisher;
  v.source_date = source.date;
  v.source_url = source.url;
  v.cite = format_citation(cited_source(source), v.unit.cite);
  return v;
}

std::vector<UnitView> Index::Impl::browse(const Xapian::Query& query) const {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(schema::slot_position, false);
  auto mset = enquire.get_mset(0, db.get_doccount());
  std::vector<UnitView> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(view_of(it.get_document()));
  return out;
}

}  // namespace kb
