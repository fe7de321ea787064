// Building with several threads: load_corpus imports documents in parallel and the writer
// builds shards in parallel and compacts them, and what comes out is what one thread
// makes: the same corpus, the same first error, the same index.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../support/index_snapshot.h"
#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_writer.h"
#include "parallel.h"

namespace fs = std::filesystem;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

const std::string kCorpus = std::string(KB_SOURCE_DIR) + "/corpus";

// Documents of different lengths, so that shards split at uneven places.
void generate(const fs::path& corpus, int documents) {
  for (int i = 0; i < documents; ++i) {
    std::ostringstream text;
    text << "Document " << i << "\n\n";
    for (int s = 0; s < 1 + i % 5; ++s)
      text << "Section " << s << "\n\nParagraph about topic" << i << " and shared words: "
           << "internet governance, multistakeholder cooperation, registries, word" << i * 10 + s
           << ".\n\n";
    write_file(corpus / "documents" / ("doc-" + std::to_string(100 + i) + ".md"), text.str());
  }
}

std::string publish(const fs::path& corpus, const fs::path& index, unsigned jobs) {
  kb::UpdateOptions o;
  o.build.jobs = jobs;
  o.full = true;
  return kb::update_index(corpus.string(), index.string(), o).generation_dir;
}

const std::vector<std::string> kQueries = {
    "DNS abuse", "internet governance", "multistakeholder", "topic7", "registries",
    "word123",   "\"shared words\"",    "governence"};

// The first error load_corpus reports, as "file: message".
std::string load_error(const fs::path& corpus, unsigned jobs) {
  try {
    kb::load_corpus(corpus.string(), {}, jobs);
  } catch (const kb::IngestError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ParallelBuild, BundledCorpusIsTheSameIndexForAnyNumberOfJobs) {
  TempDir work;
  publish(kCorpus, work.path() / "one", 1);
  for (unsigned jobs : {2u, 3u}) {
    auto index = work.path() / ("jobs" + std::to_string(jobs));
    publish(kCorpus, index, jobs);
    kb::testing::expect_equal(kb::testing::snapshot((work.path() / "one").string()),
                              kb::testing::snapshot(index.string()));
    kb::testing::expect_same_searches((work.path() / "one").string(), index.string(), kQueries);
  }
}

TEST(ParallelBuild, ManyDocumentsAreTheSameIndexAndLeaveNoShardsBehind) {
  TempDir work;
  generate(work.path() / "corpus", 40);
  publish(work.path() / "corpus", work.path() / "one", 1);
  auto generation = publish(work.path() / "corpus", work.path() / "four", 4);
  kb::testing::expect_equal(kb::testing::snapshot((work.path() / "one").string()),
                            kb::testing::snapshot((work.path() / "four").string()));
  kb::testing::expect_same_searches((work.path() / "one").string(), (work.path() / "four").string(),
                                    kQueries);
  for (const auto& e : fs::directory_iterator(generation))
    EXPECT_EQ(e.path().filename().string().rfind("shard-", 0), std::string::npos) << e.path();
  // Republishing a compacted generation incrementally still works.
  write_file(work.path() / "corpus/documents/doc-105.md", "Document five\n\nNow about okapis.\n");
  kb::UpdateOptions o;
  o.build.jobs = 4;
  auto r = kb::update_index(work.path() / "corpus", (work.path() / "four").string(), o);
  EXPECT_TRUE(r.incremental) << r.full_reason;
  kb::Index index((work.path() / "four").string());
  kb::SearchRequest q;
  q.query = "okapis";
  EXPECT_EQ(index.search(q).total, 1u);
}

TEST(ParallelBuild, TheFirstBadDocumentInCorpusOrderIsReported) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  generate(corpus, 30);
  write_file(corpus / "documents/doc-117.md", "");  // no content
  write_file(corpus / "documents/doc-125.md", "");
  auto one = load_error(corpus, 1);
  EXPECT_NE(one.find("doc-117.md"), std::string::npos) << one;
  for (unsigned jobs : {2u, 4u, 8u}) EXPECT_EQ(load_error(corpus, jobs), one) << jobs;
}

TEST(ParallelBuild, AnIdUsedTwiceIsReportedOnTheSameDocument) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  generate(corpus, 12);
  write_file(corpus / "documents/doc-105.txt", "Another\n\nA paragraph with the same id.\n");
  auto one = load_error(corpus, 1);
  EXPECT_NE(one.find("already used"), std::string::npos) << one;
  EXPECT_EQ(load_error(corpus, 4), one);
}

TEST(ParallelBuild, LoadedCorpusAndProgressAreInCorpusOrder) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  generate(corpus, 25);
  auto one = kb::load_corpus(corpus.string(), {}, 1);
  std::vector<std::size_t> calls;
  auto caller = std::this_thread::get_id();
  bool on_caller = true;
  auto four = kb::load_corpus(
      corpus.string(),
      [&](std::size_t i, std::size_t, const std::string&, std::size_t) {
        calls.push_back(i);
        on_caller = on_caller && std::this_thread::get_id() == caller;
      },
      4);
  ASSERT_EQ(one.units.size(), four.units.size());
  for (std::size_t i = 0; i < one.units.size(); ++i) EXPECT_EQ(one.units[i].id, four.units[i].id);
  ASSERT_EQ(one.sources.size(), four.sources.size());
  for (std::size_t i = 0; i < one.sources.size(); ++i)
    EXPECT_EQ(one.sources[i].id, four.sources[i].id);
  std::vector<std::size_t> expected;
  for (std::size_t i = 1; i <= 25; ++i) expected.push_back(i);
  EXPECT_EQ(calls, expected);
  EXPECT_TRUE(on_caller);
}

TEST(OrderedParallel, ConsumesEveryResultInOrder) {
  std::vector<std::size_t> seen;
  std::atomic<int> produced{0};
  kb::detail::ordered_parallel(
      200, 4,
      [&](std::size_t i) {
        ++produced;
        return i * i;
      },
      [&](std::size_t i, std::size_t square) {
        EXPECT_EQ(square, i * i);
        seen.push_back(i);
      });
  EXPECT_EQ(produced.load(), 200);
  ASSERT_EQ(seen.size(), 200u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], i);
}

TEST(OrderedParallel, TheFirstErrorInIndexOrderIsRethrownAndTheRestIsNotConsumed) {
  std::vector<std::size_t> seen;
  try {
    kb::detail::ordered_parallel(
        100, 3,
        [](std::size_t i) {
          if (i == 70 || i == 30) throw std::runtime_error("task " + std::to_string(i));
          return i;
        },
        [&](std::size_t i, std::size_t) { seen.push_back(i); });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "task 30");
  }
  EXPECT_EQ(seen.size(), 30u);
}

TEST(OrderedParallel, AnErrorWhileConsumingStopsTheWorkers) {
  std::atomic<int> produced{0};
  EXPECT_THROW(kb::detail::ordered_parallel(
                   1000, 2,
                   [&](std::size_t i) {
                     ++produced;
                     return i;
                   },
                   [](std::size_t i, std::size_t) {
                     if (i == 5) throw std::logic_error("stop");
                   }),
               std::logic_error);
  // Workers run at most a window (4 per worker) ahead of the consumer, which stopped
  // after taking 6 results.
  EXPECT_LE(produced.load(), 6 + 2 * 4);
}

TEST(OrderedParallel, WorkerCountFollowsJobsAndTasks) {
  EXPECT_EQ(kb::detail::worker_count(3, 10), 3u);
  EXPECT_EQ(kb::detail::worker_count(8, 2), 2u);
  EXPECT_EQ(kb::detail::worker_count(4, 0), 1u);
  EXPECT_GE(kb::detail::worker_count(0, 1000), 1u);
}
