#include <xapian.h>

#include "index/index_metadata.h"
#include "kb/error.h"
#include "kb/index_folder.h"
#include "kb/schema.h"
#include "kb/search.h"
#include "search/index_impl.h"

namespace kb {

Index::Index(const std::string& index_dir)
    : impl_(std::make_unique<Impl>(resolve_published_generation(index_dir))) {}
Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index Index::open_generation(const std::string& generation_dir, const ShardOptions& shards) {
  return Index(std::make_unique<Impl>(generation_dir, shards));
}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

const std::string& Index::generation() const {
  return impl_->generation;
}

const RankingParams& Index::ranking() const {
  return impl_->query_options.ranking;
}

void Index::set_ranking(const RankingParams& params) {
  impl_->query_options.ranking = params;
  impl_->make_builder();
}

std::vector<std::string> Index::languages() const {
  return impl_->query_options.langs;
}
const std::vector<SourceDocument>& Index::sources() const {
  return impl_->sources;
}

const SourceDocument* Index::source(const std::string& id) const {
  auto it = impl_->source_positions.find(id);
  return it == impl_->source_positions.end() ? nullptr : &impl_->sources[it->second];
}

std::optional<std::vector<SourceTextLine>> Index::source_text(const std::string& id) const {
  if (!source(id)) return std::nullopt;
  try {
    return detail::read_source_text(impl_->meta, id);
  } catch (const Xapian::Error& e) {
    detail::throw_index_error(e, "the text of source \"" + id + "\" cannot be read");
  }
}

std::size_t Index::unit_count() const {
  return impl_->db.get_doccount();
}

std::vector<FacetValueInfo> Index::facet_values(const std::string& facet) const {
  if (!schema::find_facet(facet))
    throw Error(ErrorCode::unknown_filter, "unknown facet \"" + facet + "\"");
  return impl_->facets.values(facet);
}

std::string Index::resolve_filter(const std::string& facet, const std::string& value) const {
  return impl_->facets.resolve(facet, value);
}

std::optional<UnitView> Index::unit(const std::string& id) const {
  return detail::reading("reading unit \"" + id + "\" failed", [&]() -> std::optional<UnitView> {
    auto term = std::string(schema::prefix_id) + id;
    auto it = impl_->db.postlist_begin(term);
    if (it == impl_->db.postlist_end(term)) return std::nullopt;
    return impl_->view_of(impl_->db.get_document(*it));
  });
}

std::vector<UnitView> Index::proof_points(const std::string& message_id) const {
  Xapian::Query q(Xapian::Query::OP_AND,
                  Xapian::Query(std::string(schema::prefix_message) + message_id),
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

std::vector<ShardStatus> Index::shards() const {
  return impl_->shard_status();
}

std::vector<UnitView> Index::audience_guidance() const {
  return impl_->browse(Xapian::Query(std::string(schema::prefix_kind) + kind::audience_guidance));
}

}  // namespace kb
