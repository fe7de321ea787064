#include "kb/index_writer.h"

#include <xapian.h>

#include "index/folder.h"
#include "index/generation_writer.h"
#include "kb/error.h"
#include "text/language.h"

namespace fs = std::filesystem;

namespace kb {
namespace {

void check_build_options(const BuildOptions& options) {
  if (options.english_stemmer != detail::porter2 && options.english_stemmer != detail::porter)
    throw Error(ErrorCode::invalid_argument, "unknown English stemmer \"" +
                                                 options.english_stemmer +
                                                 "\"; use \"english\" (Porter2) or \"porter\"");
  if (detail::stopwords("en", options.english_stopwords).empty() ||
      (options.english_stopwords != detail::stop_basic &&
       options.english_stopwords != detail::stop_lucene &&
       options.english_stopwords != detail::stop_extended))
    throw Error(ErrorCode::invalid_argument, "unknown English stopword list \"" +
                                                 options.english_stopwords +
                                                 "\"; use basic, lucene or extended");
  if (options.shards > 64)
    throw Error(ErrorCode::invalid_argument,
                "--shards " + std::to_string(options.shards) + " is more than 64 shards");
}

}  // namespace

PublishReport publish_index(const Corpus& corpus, const std::string& index_dir,
                            const std::function<void(std::size_t, std::size_t)>& progress,
                            const BuildOptions& options) {
  check_build_options(options);
  fs::path dir(index_dir);
  std::error_code ec;
  detail::prepare_index_folder(dir);
  detail::BuildLock lock(dir);
  detail::check_current_is_ours(dir);

  auto previous = detail::published_generation_name(dir);
  detail::collect_garbage(dir, {previous});

  auto name = detail::new_generation_name();
  auto tmp = detail::staging_path(dir, name);
  fs::create_directory(tmp, ec);
  if (ec) throw Error(ErrorCode::io_error, "cannot create " + tmp.string() + ": " + ec.message());
  try {
    detail::mark_generation(tmp);
    if (detail::only_thread_of_process()) {
      detail::write_generation_in_child(corpus, tmp, progress, options, lock.fd());
    } else {
      // fork() in a process with other threads can leave the child waiting forever for a
      // lock (malloc's, the sanitizers') that another thread held at the fork; such callers
      // (a daemon or test publishing in process) write here, as before the isolation.
      try {
        detail::write_generation(corpus, tmp.string(), progress, options);
      } catch (const Xapian::Error& e) {
        throw Error(ErrorCode::io_error, e.get_description());
      }
    }
  } catch (const Error& e) {
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::io_error,
                "writing a new index generation in " + index_dir + " failed: " + e.what() +
                    "; the temporary generation was removed and the published index is "
                    "unchanged");
  }
  auto final_path = detail::publish_generation(dir, tmp, name);
  detail::collect_garbage(dir, {name, previous});
  return {final_path.string(), corpus.units.size()};
}

}  // namespace kb
