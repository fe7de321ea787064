// Replays every saved fuzz input (fuzz/regressions/ and the seeds) through the fuzz
// target bodies: each once crashed a fuzzer or is a representative input, and must
// keep being handled without a crash or sanitizer report.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "../../fuzz/fuzz_targets.h"
#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/index_writer.h"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> inputs(const std::vector<std::string>& folders) {
  std::vector<std::string> files;
  for (const auto& folder : folders) {
    auto dir = fs::path(KB_SOURCE_DIR) / folder;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) files.push_back(e.path().string());
  }
  return files;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const auto* bytes(const std::string& s) {
  return reinterpret_cast<const std::uint8_t*>(s.data());
}

TEST(FuzzRegressions, TextImporters) {
  auto files = inputs({"fuzz/regressions/text", "fuzz/seeds/text", "corpus/documents",
                       "tests/fixtures/variants", "tests/fixtures/layouts"});
  ASSERT_GE(files.size(), 5u);
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    auto data = slurp(f);
    EXPECT_NO_THROW(kb::fuzz::text_importers(bytes(data), data.size()));
  }
}

TEST(FuzzRegressions, DocumentFormats) {
  auto files =
      inputs({"fuzz/regressions/documents", "fuzz/seeds/documents", "tests/fixtures/formats"});
  ASSERT_GE(files.size(), 4u);
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    auto data = slurp(f);
    EXPECT_NO_THROW(kb::fuzz::document_formats(bytes(data), data.size()));
  }
}

TEST(FuzzRegressions, XmlFormats) {
  auto files = inputs({"fuzz/regressions/xml", "fuzz/seeds/xml", "corpus", "docs/examples",
                       "tests/fixtures/broken"});
  ASSERT_GE(files.size(), 4u);
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    auto data = slurp(f);
    EXPECT_NO_THROW(kb::fuzz::xml_formats(bytes(data), data.size()));
  }
}

TEST(FuzzRegressions, QueryHandling) {
  kb::testing::TempDir index;
  kb::publish_index(kb::load_corpus(std::string(KB_SOURCE_DIR) + "/corpus"), index.str());
  auto files = inputs({"fuzz/regressions/query", "fuzz/seeds/query"});
  ASSERT_GE(files.size(), 3u);
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    auto data = slurp(f);
    EXPECT_NO_THROW(kb::fuzz::query_handling(index.str(), bytes(data), data.size()));
  }
}

}  // namespace
