#include "kb/installation.h"

#ifndef KB_VERSION
#define KB_VERSION "unknown"
#endif

namespace kb {

std::string version() {
  return KB_VERSION;
}

std::optional<std::filesystem::path> shipped_data_dir(std::string_view name) {
  std::error_code ec;
  // /proc/self/exe names the program itself whatever argv[0] or the working folder are.
  auto program = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  auto dir = program.parent_path().parent_path() / "share" / "kb" / name;
  if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
  auto resolved = std::filesystem::weakly_canonical(dir, ec);
  return ec ? dir : resolved;
}

}  // namespace kb
