#include "index/shards.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kb/error.h"
#include "kb/schema.h"

namespace fs = std::filesystem;

namespace kb::detail {

bool is_sharded_generation(const std::string& generation_dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(generation_dir) / "XAPIANDB", ec) &&
         fs::is_directory(shard_meta_path(generation_dir), ec);
}

std::string shard_meta_path(const std::string& generation_dir) {
  return (fs::path(generation_dir) / "meta").string();
}

void write_shard_records(Xapian::WritableDatabase& meta, const std::vector<ShardRecord>& records) {
  auto list = nlohmann::json::array();
  for (const auto& r : records)
    list.push_back({{"name", r.name}, {"uuid", r.uuid}, {"units", r.units}});
  meta.set_metadata(std::string(schema::meta_shards), list.dump());
}

std::vector<ShardRecord> read_shard_records(const Xapian::Database& meta) {
  std::vector<ShardRecord> out;
  auto text = meta.get_metadata(std::string(schema::meta_shards));
  if (text.empty()) return out;
  try {
    for (const auto& r : nlohmann::json::parse(text))
      out.push_back({r.at("name").get<std::string>(), r.at("uuid").get<std::string>(),
                     r.at("units").get<Xapian::doccount>()});
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::index_error, std::string("unreadable shard records: ") + e.what());
  }
  return out;
}

std::vector<StubEntry> read_stub(const std::string& generation_dir) {
  auto file = fs::path(generation_dir) / "XAPIANDB";
  std::ifstream in(file);
  if (!in) throw Error(ErrorCode::index_error, "cannot read " + file.string());
  std::vector<StubEntry> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line);
    std::string type, target;
    words >> type;
    if (type.empty() || type[0] == '#') continue;
    std::getline(words >> std::ws, target);
    auto bad = [&](const std::string& why) {
      return Error(ErrorCode::index_error,
                   file.string() + ":" + std::to_string(number) + ": " + why);
    };
    if (target.empty()) throw bad("\"" + type + "\" names no database");
    StubEntry entry;
    if (type == "auto" || type == "glass") {
      fs::path path(target);
      entry.path = (path.is_absolute() ? path : fs::path(generation_dir) / path).string();
      entry.name = fs::path(target).filename().string();
    } else if (type == "remote") {
      auto colon = target.rfind(':');
      unsigned long port = 0;
      try {
        if (colon != std::string::npos && colon > 0) port = std::stoul(target.substr(colon + 1));
      } catch (const std::exception&) {
      }
      if (port == 0 || port > 65535)
        throw bad("kb reads remote shards as \"remote HOST:PORT\", not \"" + target + "\"");
      entry.remote = true;
      entry.host = target.substr(0, colon);
      entry.port = static_cast<unsigned>(port);
      entry.name = target;
    } else {
      throw bad("unknown database type \"" + type + "\" (kb reads auto, glass and remote)");
    }
    out.push_back(std::move(entry));
  }
  return out;
}

void write_stub(const std::string& generation_dir, const std::vector<std::string>& shard_names) {
  auto file = fs::path(generation_dir) / "XAPIANDB";
  std::ofstream stub(file);
  stub << "# A sharded kb generation: its shards, searched as one database. Its metadata,\n"
          "# spelling and synonyms are in meta/.\n";
  for (const auto& name : shard_names) stub << "auto " << name << "\n";
  stub.close();
  if (!stub) throw Error(ErrorCode::io_error, "cannot write " + file.string());
}

Xapian::Database open_remote_shard(const RemoteShard& server, unsigned timeout_ms) {
  return Xapian::Remote::open(server.host, server.port, timeout_ms, timeout_ms);
}

}  // namespace kb::detail
