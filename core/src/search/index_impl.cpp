#include "search/index_impl.h"

#include <nlohmann/json.hpp>

#include "index/index_metadata.h"
#include "index/shards.h"
#include "index/unit_codec.h"
#include "kb/error.h"
#include "kb/schema.h"
#include "text/language.h"

namespace kb {

Index::Impl::Impl(std::string generation_dir, ShardOptions options)
    : generation(std::move(generation_dir)), shard_options(std::move(options)) {
  try {
    if (detail::is_sharded_generation(generation)) {
      open_shards();
    } else {
      db = Xapian::Database(generation);
      meta = db;
      lexicon = db;
    }
    has_sample_terms = db.term_exists(detail::sample_term(1));
    auto metadata = detail::read_metadata(meta, generation);
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
  } catch (const Xapian::NetworkError& e) {
    throw Error(ErrorCode::shard_unavailable,
                "a remote shard of " + generation + " does not answer: " + e.get_description());
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::index_error,
                "cannot open the index in " + generation + ": " + e.get_description());
  }
}

void Index::Impl::open_shards() {
  meta = Xapian::Database(detail::shard_meta_path(generation));
  std::map<std::string, std::string> recorded;  // name -> uuid
  for (const auto& r : detail::read_shard_records(meta)) recorded[r.name] = r.uuid;
  for (const auto& entry : detail::read_stub(generation)) {
    Shard shard;
    shard.status.name = entry.name;
    auto uuid = recorded.find(entry.name);
    if (uuid != recorded.end()) shard.uuid = uuid->second;
    auto remote = shard_options.remote.find(entry.name);
    Xapian::Database opened;
    if (remote != shard_options.remote.end() || entry.remote) {
      auto server = remote != shard_options.remote.end() ? remote->second
                                                         : RemoteShard{entry.host, entry.port};
      shard.status.remote = true;
      has_remote_shards = true;
      shard.status.where = server.host + ":" + std::to_string(server.port);
      opened = detail::open_remote_shard(server, shard_options.timeout_ms);
      if (!shard.uuid.empty() && opened.get_uuid() != shard.uuid)
        throw Error(ErrorCode::shard_unavailable,
                    "shard " + entry.name + " at " + shard.status.where +
                        " serves another generation's shard (UUID " + opened.get_uuid() +
                        ", this generation's is " + shard.uuid + ")");
    } else {
      shard.status.where = entry.path;
      opened = Xapian::Database(entry.path);
    }
    db.add_database(opened);
    lexicon.add_database(opened);
    shards.push_back(std::move(shard));
  }
  if (shards.empty())
    throw Error(ErrorCode::index_error, "the stub of " + generation + " names no shard");
  // Last, so that it adds no documents between the shards' (it has none).
  lexicon.add_database(meta);
}

std::vector<ShardStatus> Index::Impl::shard_status() const {
  return shards.empty() ? std::vector<ShardStatus>{} : probe_shards(generation, shard_options);
}

std::vector<ShardStatus> probe_shards(const std::string& generation_dir,
                                      const ShardOptions& options) {
  std::vector<ShardStatus> out;
  if (!detail::is_sharded_generation(generation_dir)) return out;
  std::map<std::string, std::string> recorded;  // name -> uuid
  try {
    Xapian::Database meta(detail::shard_meta_path(generation_dir));
    for (const auto& r : detail::read_shard_records(meta)) recorded[r.name] = r.uuid;
  } catch (const Xapian::Error&) {
    // No records to compare with: whether each shard answers is still worth knowing.
  }
  for (const auto& entry : detail::read_stub(generation_dir)) {
    ShardStatus status;
    status.name = entry.name;
    auto remote = options.remote.find(entry.name);
    try {
      Xapian::Database opened;
      if (remote != options.remote.end() || entry.remote) {
        auto server =
            remote != options.remote.end() ? remote->second : RemoteShard{entry.host, entry.port};
        status.remote = true;
        status.where = server.host + ":" + std::to_string(server.port);
        opened = detail::open_remote_shard(server, options.timeout_ms);
      } else {
        status.where = entry.path;
        opened = Xapian::Database(entry.path);
      }
      auto uuid = recorded.find(entry.name);
      if (uuid != recorded.end() && opened.get_uuid() != uuid->second) {
        status.up = false;
        status.problem = "serves another generation's shard (UUID " + opened.get_uuid() + ")";
      }
    } catch (const Xapian::Error& e) {
      status.up = false;
      status.problem = e.get_description();
    }
    out.push_back(std::move(status));
  }
  return out;
}

void Index::Impl::make_builder() {
  builder = std::make_unique<detail::QueryBuilder>(lexicon, synonym_groups, query_options);
  profiles.clear();
}

Xapian::BM25Weight Index::Impl::weighting() const {
  const auto& r = query_options.ranking;
  return Xapian::BM25Weight(r.k1, 0, 1, r.b, 0.5);
}

const Xapian::Stem& Index::Impl::stemmer(const std::string& lang) const {
  auto it = stemmers.find(lang);
  if (it == stemmers.end())
    it = stemmers
             .emplace(lang,
                      detail::memoised(detail::stemmer_for(lang, query_options.english_stemmer)))
             .first;
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

const detail::FacetTable* Index::Impl::facet_table_for_search() const {
  if (!facet_table) facet_table = detail::facet_table_for(generation, db, shards.empty(), facets);
  return facet_table.get();
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
  return detail::reading("browsing the index failed", [&] {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(schema::slot_position, false);
    auto mset = enquire.get_mset(0, db.get_doccount());
    std::vector<UnitView> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(view_of(it.get_document()));
    return out;
  });
}

namespace detail {
void throw_index_error(const Xapian::Error& e, const std::string& doing) {
  // NetworkError or NetworkTimeoutError (Xapian::Error is not polymorphic).
  if (std::string(e.get_type()).rfind("Network", 0) == 0)
    throw Error(ErrorCode::shard_unavailable,
                doing + ": a remote shard stopped answering: " + e.get_description());
  throw Error(ErrorCode::index_error, doing + ": " + e.get_description());
}
}  // namespace detail

}  // namespace kb
