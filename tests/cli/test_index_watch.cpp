// kb-index --watch as a child process on a temp corpus: every wait is for an event (a
// line on stdout) with a generous timeout, never for an amount of time, so a slow or
// busy machine makes the test slower, not flaky.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../support/child_process.h"
#include "../support/run_command.h"
#include "../support/temp_dir.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using kb::testing::ChildProcess;
using kb::testing::run_command;
using kb::testing::shell_quote;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

constexpr auto patience = 60s;

// The next NDJSON line whose "event" is `event`, or null after `patience`.
nlohmann::json next_event(ChildProcess& child, const std::string& event) {
  auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    auto line = child.read_line(patience);
    if (line.empty()) break;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.value("event", "") == event) return j;
  }
  return nullptr;
}

int hits(const fs::path& index, const std::string& query) {
  auto r = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(index.string()) +
                       " --json " + shell_quote(query));
  if (r.exit_code != 0) return -1;
  return nlohmann::json::parse(r.out)["total"].get<int>();
}

std::string current_generation(const fs::path& index) {
  return fs::read_symlink(index / "current").filename().string();
}

void append(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::app);
  out << text;
}

// Written beside, then renamed in: a truncate-then-write seen half done would give a
// second, different rebuild and make the test depend on timing.
void replace_file(const fs::path& file, const std::string& content) {
  auto staged = file.parent_path().parent_path() / (file.filename().string() + ".staged");
  write_file(staged, content);
  fs::rename(staged, file);
}

struct Watch {
  TempDir work;
  fs::path corpus = work.path() / "corpus", index = work.path() / "index";
  std::unique_ptr<ChildProcess> child;

  explicit Watch(std::vector<std::string> extra = {"--debounce", "100"}) {
    kb::testing::copy_bundled_corpus(corpus);
    std::vector<std::string> argv = {KB_INDEX_BIN, "--watch", corpus.string(), "-o", index.string(),
                                     "--json",     "-q"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    child = std::make_unique<ChildProcess>(argv);
    auto built = next_event(*child, "built");
    EXPECT_TRUE(built.is_object() && built["ok"].get<bool>()) << built.dump();
    EXPECT_TRUE(next_event(*child, "watching").is_object());
  }
};

}  // namespace

TEST(IndexWatch, AnEditedDocumentIsRepublishedAndSearchable) {
  Watch w;
  auto first = current_generation(w.index);
  EXPECT_EQ(hits(w.index, "zorblaxian"), 0);
  append(w.corpus / "documents" / "tccm-statement-2024.txt",
         "\n\nA zorblaxian paragraph added while kb-index watches.\n");
  auto rebuilt = next_event(*w.child, "rebuilt");
  ASSERT_TRUE(rebuilt.is_object());
  EXPECT_TRUE(rebuilt["ok"].get<bool>()) << rebuilt.dump();
  EXPECT_NE(current_generation(w.index), first);
  EXPECT_GT(hits(w.index, "zorblaxian"), 0);
}

TEST(IndexWatch, AFailedRebuildKeepsTheIndexAndTheWatchGoesOn) {
  Watch w;
  auto catalog = w.corpus / "catalog.xml";
  std::string good;
  {
    std::ifstream in(catalog);
    good.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto first = current_generation(w.index);
  int before = hits(w.index, "governance");
  ASSERT_GT(before, 0);
  replace_file(catalog, "<catalog><broken");
  auto failed = next_event(*w.child, "rebuilt");
  ASSERT_TRUE(failed.is_object());
  EXPECT_FALSE(failed["ok"].get<bool>());
  EXPECT_NE(failed["error"].get<std::string>().find("catalog.xml:"), std::string::npos)
      << failed.dump();
  EXPECT_EQ(current_generation(w.index), first);
  EXPECT_EQ(hits(w.index, "governance"), before);

  replace_file(catalog, good);
  auto fixed = next_event(*w.child, "rebuilt");
  ASSERT_TRUE(fixed.is_object());
  EXPECT_TRUE(fixed["ok"].get<bool>()) << fixed.dump();
  EXPECT_NE(current_generation(w.index), first);
}

TEST(IndexWatch, StrictMakesAWarningAFailedRebuild) {
  Watch w({"--strict", "--debounce", "100"});
  auto first = current_generation(w.index);
  // Not a document: a warning, so with --strict an error.
  write_file(w.corpus / "documents" / "blob.bin", std::string("\x00\x01\x02binary", 9));
  auto r = next_event(*w.child, "rebuilt");
  ASSERT_TRUE(r.is_object());
  EXPECT_FALSE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(current_generation(w.index), first);
}

// The watcher is stopped (SIGSTOP) while five documents arrive, so their events are all
// queued when it resumes: however slow the machine, they fall into one debounce window.
TEST(IndexWatch, ABurstOfChangesGivesOneRebuildWithAllOfThem) {
  Watch w({"--debounce", "2000"});
  w.child->signal(SIGSTOP);
  const char* words[] = {"quxalpha", "quxbravo", "quxcharlie", "quxdelta", "quxecho"};
  for (int i = 0; i < 5; ++i)
    write_file(w.corpus / "documents" / ("burst-" + std::to_string(i) + ".txt"),
               std::string("Burst note\n\nThe word ") + words[i] + " is in this note.\n");
  w.child->signal(SIGCONT);
  auto r = next_event(*w.child, "rebuilt");
  ASSERT_TRUE(r.is_object());
  EXPECT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_GE(r["changes"].size(), 5u) << r.dump();
  for (auto* word : words) EXPECT_GT(hits(w.index, word), 0) << word;
}

TEST(IndexWatch, ANewSubfolderIsWatched) {
  Watch w;
  fs::create_directories(w.corpus / "documents" / "more");
  ASSERT_TRUE(next_event(*w.child, "rebuilt").is_object());
  write_file(w.corpus / "documents" / "more" / "late.txt", "Late\n\nA quxfoxtrot note.\n");
  // One rebuild or two, depending on timing; wait until the word is in.
  bool found = false;
  for (int i = 0; i < 3 && !found; ++i) {
    if (!next_event(*w.child, "rebuilt").is_object()) break;
    found = hits(w.index, "quxfoxtrot") > 0;
  }
  EXPECT_TRUE(found);
}

TEST(IndexWatch, SigtermStopsCleanlyWithNoLeftovers) {
  Watch w;
  w.child->signal(SIGTERM);
  EXPECT_TRUE(next_event(*w.child, "stopped").is_object());
  EXPECT_EQ(w.child->wait(patience), 0);
  for (const auto& e : fs::directory_iterator(w.index))
    EXPECT_NE(e.path().filename().string().rfind(".tmp", 0), 0u) << e.path();
  EXPECT_GT(hits(w.index, "governance"), 0);
}

TEST(IndexWatch, ARemovedCorpusFolderEndsTheWatchWithExitOne) {
  Watch w;
  fs::rename(w.corpus, w.work.path() / "moved");
  EXPECT_TRUE(next_event(*w.child, "error").is_object());
  EXPECT_EQ(w.child->wait(patience), 1);
}

TEST(IndexWatch, WatchWithCheckIsAUsageError) {
  TempDir work;
  auto r = run_command(std::string(KB_INDEX_BIN) + " --watch --check " +
                       shell_quote(std::string(KB_SOURCE_DIR) + "/corpus") + " -o " +
                       shell_quote(work / "index") + " 2>&1");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_FALSE(fs::exists(work / "index"));
}

// The index inside the corpus: publishing writes there, and that must not count as a
// change (or every publish would trigger the next).
TEST(IndexWatch, AnIndexInsideTheCorpusIsNotAChange) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  kb::testing::copy_bundled_corpus(corpus);
  auto index = corpus / "index";
  ChildProcess child({KB_INDEX_BIN, "--watch", corpus.string(), "-o", index.string(), "--json",
                      "-q", "--debounce", "100"});
  ASSERT_TRUE(next_event(child, "watching").is_object());
  for (const char* word : {"quxgolf", "quxhotel"}) {
    append(corpus / "documents" / "tccm-statement-2024.txt",
           std::string("\n\nA ") + word + " paragraph for the watch.\n");
    auto r = next_event(child, "rebuilt");
    ASSERT_TRUE(r.is_object());
    EXPECT_TRUE(r["ok"].get<bool>()) << r.dump();
    EXPECT_EQ(r["changes"], nlohmann::json::array({"documents/tccm-statement-2024.txt"}))
        << r.dump();
    EXPECT_GT(hits(index, word), 0) << word;
  }
}

TEST(IndexWatch, AFolderRenamedInsideTheCorpusIsStillWatched) {
  Watch w;
  fs::create_directories(w.corpus / "documents" / "a");
  write_file(w.corpus / "documents" / "a" / "one.txt", "One\n\nA quxjuliet note here.\n");
  // Events settle into one or more rebuilds; the rename below is what is checked.
  while (hits(w.index, "quxjuliet") <= 0) ASSERT_TRUE(next_event(*w.child, "rebuilt").is_object());
  fs::rename(w.corpus / "documents" / "a", w.corpus / "documents" / "b");
  ASSERT_TRUE(next_event(*w.child, "rebuilt").is_object());
  write_file(w.corpus / "documents" / "b" / "two.txt", "Two\n\nA quxindia note here.\n");
  bool found = false;
  for (int i = 0; i < 3 && !found; ++i) {
    if (!next_event(*w.child, "rebuilt").is_object()) break;
    found = hits(w.index, "quxindia") > 0;
  }
  EXPECT_TRUE(found);
}
