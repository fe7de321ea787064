// A fast 64-bit content hash (XXH64), streamed, written as 16 hex digits: how
// incremental republishing (index/incremental.h) knows a document changed. Not
// cryptographic: it detects edits, not an adversary. Internal to kb_core.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kb::text {

class Hasher {
 public:
  explicit Hasher(std::uint64_t seed = 0);
  Hasher& add(std::string_view bytes);
  // A field of a composite key: its length first, so ("ab","c") and ("a","bc") differ.
  Hasher& field(std::string_view bytes);
  std::uint64_t value() const;
  std::string hex() const;  // 16 lower-case hex digits

 private:
  std::uint64_t v_[4];
  unsigned char buffer_[32];
  std::size_t buffered_ = 0;
  std::uint64_t total_ = 0, seed_;
};

// The hash of `bytes` as 16 hex digits.
std::string content_hash(std::string_view bytes);

// The hash of the file at `path`, read in blocks; nullopt-like "" when it cannot be read.
std::string file_hash(const std::string& path);

}  // namespace kb::text
