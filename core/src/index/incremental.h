// Incremental republishing (kb::update_index, kb/index_writer.h): the new generation
// starts as a copy of the published one and only the documents that changed are
// re-imported and re-indexed. Internal to kb_core.
#pragma once

#include <filesystem>

namespace kb::detail {

// Copies the files of the generation `from` (a Xapian database, kb's marker and Xapian's
// lock file left out) into the folder `to`: a reflink (FICLONE) where the file system
// can, else copy_file_range, else read/write. Never a hard link: Xapian changes its files
// in place and the published generation must not change. Throws Error(io_error).
void copy_generation_files(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace kb::detail
