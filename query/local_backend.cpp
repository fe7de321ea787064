#include "backend.h"

namespace kb::cli {
namespace {

class LocalBackend : public Backend {
 public:
  explicit LocalBackend(const std::string& dir) : index_(dir) {}
  SearchResult search(const SearchRequest& request) override { return index_.search(request); }
  std::optional<UnitDetail> unit(const std::string& id) override {
    auto v = index_.unit(id);
    if (!v) return std::nullopt;
    UnitDetail d{*v, {}};
    if (v->unit.kind == kind::message) d.proof_points = index_.proof_points(id);
    return d;
  }
  std::vector<MessageOutline> messages() override { return index_.messages(); }

 private:
  Index index_;
};

}  // namespace

std::unique_ptr<Backend> open_local(const std::string& index_dir) { return std::make_unique<LocalBackend>(index_dir); }

}  // namespace kb::cli
