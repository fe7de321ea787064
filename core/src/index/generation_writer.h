// Writing a corpus into one generation folder: the Xapian database with every unit, the
// glossary's synonyms and the index metadata. Internal to kb_core; publish_index
// (kb/index_writer.h) stages, writes and publishes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>

#include "kb/corpus.h"
#include "kb/ranking.h"

namespace kb::detail {

using WriteProgress = std::function<void(std::size_t, std::size_t)>;

// Writes the generation into the (new) folder `path`, in this process. Throws
// Xapian::Error and Error.
void write_generation(const Corpus& corpus, const std::string& path, const WriteProgress& progress,
                      const BuildOptions& options);

// write_generation in a child process, so that whatever happens to the writer (Xapian
// ending the process on a full disk) the caller gets Error(io_error) saying why.
// `lock_fd` (the build lock) is closed in the child. Only for a single-threaded caller.
void write_generation_in_child(const Corpus& corpus, const std::filesystem::path& path,
                               const WriteProgress& progress, const BuildOptions& options,
                               int lock_fd);

// Runs `write` (which writes into the staged generation `path`) in a child process the
// way write_generation_in_child runs write_generation: Error(io_error) saying why when it
// throws, crashes or the disk fills. Only for a single-threaded caller.
void run_writer_in_child(const std::function<void()>& write, const std::filesystem::path& path,
                         int lock_fd);

// True when the calling thread is the process's only one (kb-index), so fork() is safe.
bool only_thread_of_process();

}  // namespace kb::detail
