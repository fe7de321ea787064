// kb-index --out: it removes or replaces only what carries kb's marker, refuses folders
// it did not make, and still builds into index folders made before the marker existed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../support/run_command.h"
#include "../support/temp_dir.h"

namespace fs = std::filesystem;
using kb::testing::run_command;
using kb::testing::shell_quote;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

const std::string kCorpus = std::string(KB_SOURCE_DIR) + "/corpus";

kb::testing::CommandResult build_into(const fs::path& index) {
  return run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(kCorpus) + " -q --out " +
                     shell_quote(index.string()));
}

int messages_in(const fs::path& index) {
  auto r = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(index.string()) +
                       " --json --kind message ''");
  if (r.exit_code != 0) return -1;
  return nlohmann::json::parse(r.out)["total"].get<int>();
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string first_line(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

std::vector<std::string> generations_in(const fs::path& index) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(index))
    if (e.path().filename().string().rfind("gen-", 0) == 0)
      names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(IndexFolder, AFolderKbDidNotMakeIsRefusedAndNothingInItIsTouched) {
  TempDir work;
  auto folder = work.path() / "photos";
  write_file(folder / "gen-holiday-photos/beach.jpg", "a beach");
  write_file(folder / ".tmp-build-cache/object.o", "an object file");
  write_file(folder / "current", "the current project\n");
  auto r = build_into(folder);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(folder.string() + " is not empty and is not a kb index folder"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("choose another folder"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(folder / "gen-holiday-photos/beach.jpg"), "a beach");
  EXPECT_EQ(slurp(folder / ".tmp-build-cache/object.o"), "an object file");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(folder / "current")));
  EXPECT_EQ(slurp(folder / "current"), "the current project\n");
  // Nothing was added either: no marker, no lock, no generation.
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(folder)) names.insert(e.path().filename().string());
  EXPECT_EQ(names, (std::set<std::string>{"gen-holiday-photos", ".tmp-build-cache", "current"}));
}

TEST(IndexFolder, AKbFolderIsRebuiltAndOnlyWhatCarriesTheMarkerIsCollected) {
  TempDir work;
  auto index = work.path() / "index";
  ASSERT_EQ(build_into(index).exit_code, 0);
  EXPECT_EQ(first_line(index / ".kb-index"), "kb index folder, format 1");
  auto first = generations_in(index);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first_line(index / first[0] / ".kb-index"), "kb index generation, format 1");

  // Things of the operator's that look like kb's: left alone.
  write_file(index / "gen-my-backup/notes.txt", "keep me");
  write_file(index / ".tmp-gen-mine/notes.txt", "keep me too");
  write_file(index / "README", "what this folder is");
  // The leftover of a killed build (marked, as kb makes them): collected.
  fs::create_directory(index / ".tmp-gen-20250101T000000.000000Z-1");
  fs::copy_file(index / first[0] / ".kb-index",
                index / ".tmp-gen-20250101T000000.000000Z-1/.kb-index");
  fs::create_symlink(first[0], index / ".tmp-link-gen-20250101T000000.000000Z-1");

  ASSERT_EQ(build_into(index).exit_code, 0);
  auto third = build_into(index);
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(messages_in(index), 5);
  auto gens = generations_in(index);
  // The published generation, the one it replaced, and the operator's folder.
  ASSERT_EQ(gens.size(), 3u);
  EXPECT_EQ(std::count(gens.begin(), gens.end(), first[0]), 0)
      << "the oldest generation was not collected";
  EXPECT_EQ(fs::read_symlink(index / "current").string(), gens[1]) << "newest generation published";
  EXPECT_EQ(slurp(index / "gen-my-backup/notes.txt"), "keep me");
  EXPECT_EQ(slurp(index / ".tmp-gen-mine/notes.txt"), "keep me too");
  EXPECT_EQ(slurp(index / "README"), "what this folder is");
  EXPECT_FALSE(fs::exists(fs::symlink_status(index / ".tmp-gen-20250101T000000.000000Z-1")));
  EXPECT_FALSE(fs::exists(fs::symlink_status(index / ".tmp-link-gen-20250101T000000.000000Z-1")));
}

// A build killed between creating its staging folder and finishing the marker leaves the
// folder empty or with part of the marker; the next build collects it, and only it.
TEST(IndexFolder, AStagingFolderKilledBeforeItsMarkerWasWrittenIsCollected) {
  TempDir work;
  auto index = work.path() / "index";
  ASSERT_EQ(build_into(index).exit_code, 0);
  auto marker = slurp(index / generations_in(index)[0] / ".kb-index");
  ASSERT_GT(marker.size(), 10u);

  fs::create_directory(index / ".tmp-gen-20250101T000000.000000Z-1");  // empty
  write_file(index / ".tmp-gen-20250101T000000.000000Z-2/.kb-index", "");
  write_file(index / ".tmp-gen-20250101T000000.000000Z-3/.kb-index", marker.substr(0, 10));
  // Not kb's: another text under the marker's name, or a file beside part of the marker.
  write_file(index / ".tmp-gen-20250101T000000.000000Z-4/.kb-index", "my own notes");
  write_file(index / ".tmp-gen-20250101T000000.000000Z-5/.kb-index", marker.substr(0, 10));
  write_file(index / ".tmp-gen-20250101T000000.000000Z-5/notes.txt", "keep me");

  auto r = build_into(index);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (int n : {1, 2, 3})
    EXPECT_FALSE(fs::exists(
        fs::symlink_status(index / (".tmp-gen-20250101T000000.000000Z-" + std::to_string(n)))))
        << n;
  EXPECT_EQ(slurp(index / ".tmp-gen-20250101T000000.000000Z-4/.kb-index"), "my own notes");
  EXPECT_EQ(slurp(index / ".tmp-gen-20250101T000000.000000Z-5/notes.txt"), "keep me");
  EXPECT_EQ(messages_in(index), 5);
}

TEST(IndexFolder, ACurrentThatKbDidNotMakeIsNotReplaced) {
  TempDir work;
  auto index = work.path() / "index";
  ASSERT_EQ(build_into(index).exit_code, 0);
  fs::remove(index / "current");
  write_file(index / "current", "mine");
  auto r = build_into(index);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find((index / "current").string() + " is not the link kb-index makes"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(slurp(index / "current"), "mine");
}

// Index folders made by kb-index before the marker: `current` links to a gen-* Xapian
// database with kb's schema. They are recognised, marked and garbage-collected as usual.
TEST(IndexFolder, AnIndexFromBeforeTheMarkerIsRecognisedAndMarked) {
  TempDir work;
  auto index = work.path() / "index";
  ASSERT_EQ(build_into(index).exit_code, 0);
  ASSERT_EQ(build_into(index).exit_code, 0);
  auto before = generations_in(index);
  ASSERT_EQ(before.size(), 2u);
  // What the released kb-index leaves: the same layout without any marker, and maybe a
  // killed build's leftover holding Xapian files only.
  fs::remove(index / ".kb-index");
  for (const auto& g : before) fs::remove(index / g / ".kb-index");
  write_file(index / ".tmp-gen-20240101T000000.000000Z-7/postlist.glass", std::string(8192, '\0'));
  write_file(index / ".tmp-gen-20240101T000000.000000Z-7/flintlock", "");
  // And something that is not kb's, which must survive the upgrade.
  write_file(index / "gen-not-an-index/data.txt", "not a database");

  auto r = build_into(index);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(messages_in(index), 5);
  EXPECT_EQ(first_line(index / ".kb-index"), "kb index folder, format 1");
  auto after = generations_in(index);
  // The two old ones were kb's: the oldest is collected, the replaced one kept (marked).
  EXPECT_EQ(std::count(after.begin(), after.end(), before[0]), 0);
  ASSERT_EQ(std::count(after.begin(), after.end(), before[1]), 1);
  EXPECT_EQ(first_line(index / before[1] / ".kb-index"), "kb index generation, format 1");
  EXPECT_EQ(first_line(index / fs::read_symlink(index / "current") / ".kb-index"),
            "kb index generation, format 1");
  EXPECT_FALSE(fs::exists(index / ".tmp-gen-20240101T000000.000000Z-7"));
  EXPECT_EQ(slurp(index / "gen-not-an-index/data.txt"), "not a database");
}

TEST(IndexFolder, AnUnmarkedFolderWhoseCurrentIsNoKbIndexIsRefused) {
  TempDir work;
  auto folder = work.path() / "other";
  write_file(folder / "gen-1/data.txt", "not a database");
  fs::create_symlink("gen-1", folder / "current");
  auto r = build_into(folder);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("is not a kb index folder"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(folder / "gen-1/data.txt"), "not a database");
  EXPECT_EQ(fs::read_symlink(folder / "current"), "gen-1");
}

}  // namespace
