// What kb ships beside its programs (the UI, the bundled corpus) and which kb this is.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kb {

// The kb release, e.g. "0.1.0" (the project version CMake was given).
std::string version();

// <folder of the running program>/../share/kb/<name>, when that is a folder. One rule finds
// the installed tree (/usr/bin/kb-searchd -> /usr/share/kb/ui) and the build tree, where
// CMake links build/share/kb/ui to the source's ui/ (build/searchd/kb-searchd -> build/share).
std::optional<std::filesystem::path> shipped_data_dir(std::string_view name);

}  // namespace kb
