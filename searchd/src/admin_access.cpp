#include "admin_access.h"

#include <arpa/inet.h>

#include <cstring>
#include <string>

namespace kb::http {

bool is_loopback(std::string_view address) {
  std::string text(address);
  unsigned char bytes[16];
  if (::inet_pton(AF_INET, text.c_str(), bytes) == 1) return bytes[0] == 127;
  if (::inet_pton(AF_INET6, text.c_str(), bytes) != 1) return false;
  static const unsigned char loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(bytes, loopback, 16) == 0) return true;
  return std::memcmp(bytes, mapped, 12) == 0 && bytes[12] == 127;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Every byte of b is compared with a's byte there (0 past a's end: a choice on the
  // position, never on content), the differences OR-ed together, and a length difference
  // folded in; the loop always runs b.size() times.
  volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < b.size(); ++i) {
    auto mine = i < a.size() ? static_cast<unsigned char>(a[i]) : static_cast<unsigned char>(0);
    diff = static_cast<unsigned char>(diff | (mine ^ static_cast<unsigned char>(b[i])));
  }
  return diff == 0;
}

AdminAccess admin_access(std::string_view client_address, std::string_view token,
                         std::string_view authorization) {
  if (token.empty())
    return is_loopback(client_address) ? AdminAccess::allow : AdminAccess::forbidden;
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() < scheme.size()) return AdminAccess::unauthorized;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    char c = authorization[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != scheme[i]) return AdminAccess::unauthorized;
  }
  auto given = authorization.substr(scheme.size());
  while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
  while (!given.empty() && (given.back() == ' ' || given.back() == '\t')) given.remove_suffix(1);
  if (given.empty()) return AdminAccess::unauthorized;
  return constant_time_equal(given, token) ? AdminAccess::allow : AdminAccess::forbidden;
}

}  // namespace kb::http
