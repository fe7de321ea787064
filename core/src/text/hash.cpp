#include "text/hash.h"

#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstring>
#include <new>

namespace kb::text {

void Hasher::FreeState::operator()(XXH64_state_s* state) const {
  XXH64_freeState(state);
}

Hasher::Hasher(std::uint64_t seed) : state_(XXH64_createState()) {
  if (!state_) throw std::bad_alloc();
  XXH64_reset(state_.get(), seed);
}

Hasher::~Hasher() = default;

Hasher& Hasher::add(std::string_view bytes) {
  XXH64_update(state_.get(), bytes.data(), bytes.size());
  return *this;
}

Hasher& Hasher::field(std::string_view bytes) {
  auto size = std::to_string(bytes.size()) + ":";
  return add(size).add(bytes);
}

std::uint64_t Hasher::value() const {
  return XXH64_digest(state_.get());
}

std::string Hasher::hex() const {
  static const char digits[] = "0123456789abcdef";
  auto v = value();
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = digits[v & 15];
  return out;
}

std::string content_hash(std::string_view bytes) {
  return Hasher().add(bytes).hex();
}

std::string file_hash(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return {};
  Hasher h;
  char buf[1 << 16];
  for (;;) {
    auto n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return {};
    }
    if (n == 0) break;
    h.add(std::string_view(buf, static_cast<std::size_t>(n)));
  }
  ::close(fd);
  return h.hex();
}

}  // namespace kb::text
