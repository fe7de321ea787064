#include <cstdlib>
#include <string>

#include "fuzz_targets.h"

// The index is built by the fuzz script before the run; its folder comes from KB_INDEX.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string index_dir = std::getenv("KB_INDEX") ? std::getenv("KB_INDEX") : "";
  kb::fuzz::query_handling(index_dir, data, size);
  return 0;
}
