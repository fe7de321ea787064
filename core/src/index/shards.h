// The layout of a sharded generation (kb-index --shards), shared by its writer and its
// readers. Internal to kb_core.
//
//   gen-…/XAPIANDB    a Xapian stub: "auto shard-0", "auto shard-1", …
//   gen-…/shard-<k>/  the units i with i % N == k (glass)
//   gen-…/meta/       no documents: metadata, synonyms, spelling, source texts, states,
//                     and the shards' names and UUIDs (schema::meta_shards)
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "kb/search.h"

namespace kb::detail {

// Whether `generation_dir` holds a sharded generation (a stub and meta/).
bool is_sharded_generation(const std::string& generation_dir);
std::string shard_meta_path(const std::string& generation_dir);

struct ShardRecord {
  std::string name;  // "shard-0": its folder in the generation
  std::string uuid;  // Xapian's UUID of the shard database, to know a stale copy
  Xapian::doccount units = 0;
};
void write_shard_records(Xapian::WritableDatabase& meta, const std::vector<ShardRecord>& records);
std::vector<ShardRecord> read_shard_records(const Xapian::Database& meta);

// One database line of a Xapian stub file: "auto|glass PATH" (relative to the stub's
// folder) or "remote HOST:PORT" (xapian-tcpsrv). Comments and blank lines are skipped.
struct StubEntry {
  std::string name;  // the folder's name, or "HOST:PORT"
  std::string path;  // absolute, for a local one
  bool remote = false;
  std::string host;
  unsigned port = 0;
};
// Throws Error(index_error) for a line it cannot read.
std::vector<StubEntry> read_stub(const std::string& generation_dir);
void write_stub(const std::string& generation_dir, const std::vector<std::string>& shard_names);

// Xapian::Remote::open with `timeout_ms` for connecting and for every operation after.
Xapian::Database open_remote_shard(const RemoteShard& server, unsigned timeout_ms);

}  // namespace kb::detail
