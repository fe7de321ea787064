#include "backend.h"

namespace kb::cli {
namespace {

class LocalBackend : public Backend {
 public:
  explicit LocalBackend(const std::string& dir) : index_(dir) {}
  SearchResult search(const SearchRequest& request) override { return index_.search(request); }
  std::optional<api::UnitDetail> unit(const std::string& id) override {
    return api::unit_detail(index_, id);
  }
  std::vector<MessageOutline> messages() override { return index_.messages(); }
  Brief brief(const BriefRequest& request) override { return make_brief(index_, request); }
  std::optional<nlohmann::json> stats(std::size_t) override { return std::nullopt; }

 private:
  Index index_;
};

}  // namespace

std::unique_ptr<Backend> open_local(const std::string& index_dir) {
  return std::make_unique<LocalBackend>(index_dir);
}

}  // namespace kb::cli
