// A fast 64-bit content hash (XXH64, from Debian's libxxhash), streamed, written as 16
// hex digits: how incremental republishing (index/incremental.h) knows a document
// changed. Not cryptographic: it detects edits, not an adversary. Internal to kb_core.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct XXH64_state_s;

namespace kb::text {

class Hasher {
 public:
  explicit Hasher(std::uint64_t seed = 0);
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  Hasher& add(std::string_view bytes);
  // A field of a composite key: its length first, so ("ab","c") and ("a","bc") differ.
  Hasher& field(std::string_view bytes);
  std::uint64_t value() const;
  std::string hex() const;  // 16 lower-case hex digits

 private:
  struct FreeState {
    void operator()(XXH64_state_s* state) const;
  };
  std::unique_ptr<XXH64_state_s, FreeState> state_;
};

// The hash of `bytes` as 16 hex digits.
std::string content_hash(std::string_view bytes);

// The hash of the file at `path`, read in blocks; nullopt-like "" when it cannot be read.
std::string file_hash(const std::string& path);

}  // namespace kb::text
