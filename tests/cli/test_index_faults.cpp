// kb-index under faults: killed at random points, out of space, or given bad files.
// The published index must stay intact and answer queries, and the next build succeed.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "../support/bounded_run.h"
#include "../support/child_process.h"
#include "../support/run_command.h"
#include "../support/temp_dir.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using kb::testing::run_bounded;
using kb::testing::run_command;
using kb::testing::shell_quote;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

// A corpus large enough that a build takes a while: the bundled corpus plus generated
// documents.
void make_big_corpus(const fs::path& dir, int extra_documents) {
  kb::testing::copy_bundled_corpus(dir);
  std::mt19937 rng(42);
  const char* words[] = {"registry",  "resilience", "coordination",  "policy",
                         "stability", "governance", "interoperable", "community",
                         "forum",     "mandate",    "funding",       "security"};
  for (int d = 0; d < extra_documents; ++d) {
    std::string text = "Generated note " + std::to_string(d) + "\n\n";
    for (int p = 0; p < 20; ++p) {
      for (int w = 0; w < 60; ++w)
        text += std::string(words[rng() % 12]) + (w % 12 == 11 ? ". " : " ");
      text += "\n\n";
    }
    write_file(dir / "documents" / ("note-" + std::to_string(d) + ".txt"), text);
  }
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string index_command(const fs::path& corpus, const std::string& index,
                          const std::string& extra = "") {
  return std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) + " -q --out " +
         shell_quote(index) + (extra.empty() ? "" : " " + extra);
}

int messages_in(const std::string& index) {
  auto r = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(index) +
                       " --json --kind message ''");
  if (r.exit_code != 0) return -1;
  return nlohmann::json::parse(r.out)["total"].get<int>();
}

TEST(IndexFaults, KillNineAtRandomPointsNeverDamagesThePublishedIndex) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  auto index = (work.path() / "index").string();
  make_big_corpus(corpus, 300);
  auto first = run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) +
                           " -q --out " + shell_quote(index));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto published = fs::read_symlink(fs::path(index) / "current");

  std::mt19937 rng(7);
  int killed_mid_build = 0;
  for (int round = 0; round < 8; ++round) {
    kb::testing::ChildProcess build({KB_INDEX_BIN, corpus.string(), "-q", "--out", index});
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 400));
    build.signal(SIGKILL);
    int code = build.wait(10s);
    if (code == 128 + SIGKILL) ++killed_mid_build;
    // Whatever the moment of the kill, the published index answers in full.
    EXPECT_EQ(messages_in(index), 5) << "round " << round;
  }
  EXPECT_GT(killed_mid_build, 0) << "no build was interrupted: make the corpus bigger";
  auto next = run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) +
                          " -q --out " + shell_quote(index));
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(messages_in(index), 5);
  EXPECT_NE(fs::read_symlink(fs::path(index) / "current"), published);
  // Leftovers of killed builds are cleaned up by the next one.
  for (const auto& e : fs::directory_iterator(index))
    EXPECT_NE(e.path().filename().string().rfind(".tmp-gen", 0), 0u) << e.path();
}

TEST(IndexFaults, NoSpaceLeftIsAClearErrorAndPublishesNothing) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  auto index = (work.path() / "index").string();
  make_big_corpus(corpus, 50);
  ASSERT_EQ(run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) +
                        " -q --out " + shell_quote(index))
                .exit_code,
            0);
  auto published = fs::read_symlink(fs::path(index) / "current");
  // A 256 KiB file-size limit stands in for a full disk: writes fail with EFBIG.
  auto full = run_command("ulimit -f 256; exec " + std::string(KB_INDEX_BIN) + " " +
                          shell_quote(corpus.string()) + " -q --out " + shell_quote(index));
  EXPECT_EQ(full.exit_code, 1) << full.err;
  EXPECT_NE(full.err.find("failed"), std::string::npos) << full.err;
  EXPECT_NE(full.err.find("unchanged"), std::string::npos) << full.err;
  EXPECT_EQ(fs::read_symlink(fs::path(index) / "current"), published);
  EXPECT_EQ(messages_in(index), 5);
}

TEST(IndexFaults, BadFilesAreNamedAndNothingIsPublished) {
  struct Case {
    const char* name;
    std::string content;
    const char* expected;
  };
  const Case cases[] = {
      {"documents/empty.txt", "", "empty.txt"},
      {"documents/latin1.txt", "Caf\xE9\n", "latin1.txt:1: "},
      {"documents/binary.txt", std::string("PK\x03\x04\0\0", 6), "binary.txt:1: "},
      {"documents/truncated.xml", "<framework id=\"t\"><message id=\"m1\"><title>T",
       "truncated.xml:1: "},
      {"catalog.xml", "<catalog><document id=\"x\" file=\"documents/missing.txt\"/></catalog>",
       "missing.txt"},
      {"documents/huge.txt", std::string(65u << 20, 'a'), "huge.txt: is 65 MiB"},
      // Formats (issue 14): refused by name, nothing published.
      {"documents/broken.pdf", "%PDF-1.4\nnot a PDF body\n", "broken.pdf: is a malformed PDF"},
      {"documents/letter.docx", "plain text named .docx\n", "letter.docx: is not a zip archive"},
      {"documents/page.html", "<p>" + std::string(17u << 20, 'a'),
       "page.html: is 17 MiB; HTML files over 16 MiB are refused"},
  };
  for (const auto& c : cases) {
    TempDir work;
    auto corpus = work.path() / "corpus";
    auto index = (work.path() / "index").string();
    kb::testing::copy_bundled_corpus(corpus);
    ASSERT_EQ(run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) +
                          " -q --out " + shell_quote(index))
                  .exit_code,
              0);
    auto published = fs::read_symlink(fs::path(index) / "current");
    write_file(corpus / c.name, c.content);
    auto r = run_command(std::string(KB_INDEX_BIN) + " " + shell_quote(corpus.string()) +
                         " -q --out " + shell_quote(index));
    EXPECT_EQ(r.exit_code, 1) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.name << ": " << r.err;
    EXPECT_EQ(fs::read_symlink(fs::path(index) / "current"), published) << c.name;
  }
}

// ---- A real full file system ----

// A tmpfs mounted for the test, unmounted when it goes out of scope (even on failure).
class TmpfsMount {
 public:
  TmpfsMount(const fs::path& dir, long size_kib) : dir_(dir) {
    if (::geteuid() != 0) {
      why_not_ = "mounting a tmpfs needs root (run the tests as root, as CI does)";
      return;
    }
    if (::mount("tmpfs", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options(size_kib).c_str()) !=
        0) {
      why_not_ = std::string("mount -t tmpfs failed: ") + std::strerror(errno);
      return;
    }
    mounted_ = true;
  }
  ~TmpfsMount() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_not_; }

  // A tmpfs can shrink to any size at or above what it holds.
  bool resize(long size_kib) {
    return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | MS_NOSUID | MS_NODEV,
                   options(size_kib).c_str()) == 0;
  }
  long used_kib() const {
    struct statvfs vfs {};
    if (::statvfs(dir_.c_str(), &vfs) != 0) return -1;
    return static_cast<long>((vfs.f_blocks - vfs.f_bfree) * vfs.f_frsize / 1024);
  }

 private:
  static std::string options(long size_kib) {
    return "size=" + std::to_string(size_kib) + "k,mode=0755";
  }

  fs::path dir_;
  bool mounted_ = false;
  std::string why_not_;
};

// The file system fills up at every point of a build in turn: with 0, 8, 16, … KiB of
// room beyond the published generation until the new one fits. Xapian 1.4 aborts the
// process when the disk fills during its value-stream merge (an exception escapes a
// destructor), so only some of these points used to fail cleanly.
TEST(IndexFaults, RealFullFileSystemAtAnyPointIsAClearErrorAndLeavesNothingBehind) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  kb::testing::copy_bundled_corpus(corpus);
  auto mountpoint = work.path() / "fs";
  fs::create_directory(mountpoint);
  TmpfsMount tmpfs(mountpoint, 64 << 10);
  if (!tmpfs.mounted())
    GTEST_SKIP() << "no real full file system to test with: " << tmpfs.why_not();
  auto index = (mountpoint / "index").string();

  auto first = run_bounded(index_command(corpus, index));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto published = fs::read_symlink(fs::path(index) / "current");
  const long used = tmpfs.used_kib();
  ASSERT_GT(used, 100) << "the first generation is implausibly small";

  int clean_failures = 0;
  bool fitted = false;
  for (long room = 0; room <= 2 * used && !fitted; room += 8) {
    ASSERT_TRUE(tmpfs.resize(used + room)) << std::strerror(errno);
    auto r = run_bounded(index_command(corpus, index));
    ASSERT_NE(r.exit_code, -1) << "kb-index hung with " << room << " KiB free";
    if (r.exit_code == 0) {
      fitted = true;
      break;
    }
    SCOPED_TRACE(std::to_string(room) + " KiB free: " + r.err);
    EXPECT_EQ(r.exit_code, 1) << "not a clean error exit (134 is SIGABRT)";
    EXPECT_NE(lower(r.err).find("no space left"), std::string::npos);
    EXPECT_NE(r.err.find("the published index is unchanged"), std::string::npos);
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos);
    for (const auto& e : fs::directory_iterator(index))
      EXPECT_NE(e.path().filename().string().rfind(".tmp-", 0), 0u) << "left behind: " << e.path();
    EXPECT_LE(tmpfs.used_kib(), used + 8) << "the failed build still holds space";
    EXPECT_EQ(fs::read_symlink(fs::path(index) / "current"), published);
    if (clean_failures % 16 == 0) {
      EXPECT_EQ(messages_in(index), 5) << "the published index stopped answering";
    }
    ++clean_failures;
    if (HasFailure()) break;
  }
  EXPECT_TRUE(fitted) << "the new generation never fitted";
  EXPECT_GT(clean_failures, 20) << "too few points of the build were tested";
  EXPECT_EQ(messages_in(index), 5);
}

// ---- Files that are not the corpus's to read ----

struct CorpusCase {
  const char* name;
  std::function<bool(const fs::path& corpus)>
      make;                           // false: cannot be set up here (reason in the case name)
  std::vector<std::string> expected;  // in stderr
};

void replace_with_fifo(const fs::path& path) {
  fs::remove(path);
  ASSERT_EQ(::mkfifo(path.c_str(), 0644), 0) << std::strerror(errno);
}

TEST(IndexFaults, LinksOutOfTheCorpusAndFilesThatAreNotRegularAreRefusedByNameWithoutHanging) {
  const CorpusCase cases[] = {
      {"document linking to /etc/passwd",
       [](const fs::path& c) {
         fs::create_symlink("/etc/passwd", c / "documents/passwd.txt");
         return true;
       },
       {"documents/passwd.txt: ", "outside the corpus folder"}},
      {"document linking out by a relative path",
       [](const fs::path& c) {
         kb::testing::write_file(c.parent_path() / "elsewhere.md",
                                 "# Elsewhere\n\nNot part of the corpus at all.\n");
         fs::create_symlink("../../elsewhere.md", c / "documents/elsewhere.md");
         return true;
       },
       {"documents/elsewhere.md: ", "outside the corpus folder"}},
      {"FIFO as a document",
       [](const fs::path& c) {
         replace_with_fifo(c / "documents/pipe.txt");
         return true;
       },
       {"documents/pipe.txt: ", "FIFO"}},
      {"FIFO as catalog.xml",
       [](const fs::path& c) {
         replace_with_fifo(c / "catalog.xml");
         return true;
       },
       {"catalog.xml: ", "FIFO"}},
      {"FIFO as taxonomy.xml",
       [](const fs::path& c) {
         replace_with_fifo(c / "taxonomy.xml");
         return true;
       },
       {"taxonomy.xml: ", "FIFO"}},
      {"taxonomy.xml linking to /dev/urandom",
       [](const fs::path& c) {
         fs::remove(c / "taxonomy.xml");
         fs::create_symlink("/dev/urandom", c / "taxonomy.xml");
         return true;
       },
       {"taxonomy.xml: ", "outside the corpus folder"}},
      {"glossary.xml linking to /dev/zero",
       [](const fs::path& c) {
         fs::remove(c / "glossary.xml");
         fs::create_symlink("/dev/zero", c / "glossary.xml");
         return true;
       },
       {"glossary.xml: ", "outside the corpus folder"}},
      {"glossary.xml a character device like /dev/zero (mknod: root only)",
       [](const fs::path& c) {
         fs::remove(c / "glossary.xml");
         return ::mknod((c / "glossary.xml").c_str(), S_IFCHR | 0644, makedev(1, 5)) == 0;
       },
       {"glossary.xml: ", "character device"}},
      {"glossary.xml over 64 MiB",
       [](const fs::path& c) {
         fs::resize_file(c / "glossary.xml", 65u << 20);  // sparse: the size alone must refuse it
         return true;
       },
       {"glossary.xml: ", "is 65 MiB"}},
      {"catalog.xml over 64 MiB",
       [](const fs::path& c) {
         fs::resize_file(c / "catalog.xml", 100u << 20);
         return true;
       },
       {"catalog.xml: ", "is 100 MiB"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir work;
    auto corpus = work.path() / "corpus";
    auto index = (work.path() / "index").string();
    kb::testing::copy_bundled_corpus(corpus);
    ASSERT_EQ(run_command(index_command(corpus, index)).exit_code, 0);
    auto published = fs::read_symlink(fs::path(index) / "current");
    if (!c.make(corpus)) {
      std::cout << "[ SKIPPED  ] case \"" << c.name << "\": cannot be set up here ("
                << std::strerror(errno) << ")\n";
      continue;
    }
    // A FIFO or an endless device used to hang kb-index: the limit is only a safety net.
    auto r = run_bounded(index_command(corpus, index));
    ASSERT_NE(r.exit_code, -1) << "kb-index hung";
    EXPECT_EQ(r.exit_code, 1) << r.err;
    for (const auto& expected : c.expected)
      EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("unchanged"), std::string::npos) << r.err;
    EXPECT_EQ(fs::read_symlink(fs::path(index) / "current"), published);
    EXPECT_EQ(messages_in(index), 5);
  }
}

TEST(IndexFaults, LinksThatStayInsideTheCorpusAreRead) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  auto index = (work.path() / "index").string();
  kb::testing::copy_bundled_corpus(corpus);
  kb::testing::write_file(corpus / "shared/zanzibar-note.md",
                          "# Zanzibar note\n\nThe zanzibarite registry coordinates a resilient "
                          "namespace for everyone.\n");
  fs::create_symlink("../shared/zanzibar-note.md", corpus / "documents/zanzibar-note.md");
  fs::rename(corpus / "glossary.xml", corpus / "shared/glossary.xml");
  fs::create_symlink("shared/glossary.xml", corpus / "glossary.xml");
  auto r = run_bounded(index_command(corpus, index));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto found = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(index) +
                           " --json zanzibarite");
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_EQ(nlohmann::json::parse(found.out)["total"], 1);
  auto glossary = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(index) +
                              " --json --kind glossary ''");
  ASSERT_EQ(glossary.exit_code, 0) << glossary.err;
  EXPECT_GT(nlohmann::json::parse(glossary.out)["total"].get<int>(), 10)
      << "the linked glossary was not read";
}

// ---- Nothing skipped without a word ----

// Root reads a chmod 000 folder regardless, so as root kb-index runs without the two
// capabilities that bypass permission checks (setpriv, util-linux); the folder is then
// as unreadable to it as to any user.
std::string without_permission_bypass() {
  if (::geteuid() != 0) return "";
  return "setpriv --inh-caps=-dac_override,-dac_read_search "
         "--bounding-set=-dac_override,-dac_read_search ";
}

class ModeRestorer {
 public:
  ModeRestorer(fs::path path, fs::perms mode) : path_(std::move(path)) {
    fs::permissions(path_, mode);
  }
  ~ModeRestorer() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec,
                    ec);
  }

 private:
  fs::path path_;
};

TEST(IndexFaults, SkippedFoldersAndFilesAreWarningsCountedInTheSummaryAndStrictRefusesThem) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  auto index = (work.path() / "index").string();
  kb::testing::copy_bundled_corpus(corpus);
  kb::testing::write_file(
      corpus / "documents/private/secret.txt",
      "Secret notes\n\nThe private folder holds words nobody may read at all.\n");
  kb::testing::write_file(corpus / "documents/photo.jpg", "not really a photo");
  ModeRestorer unreadable(corpus / "documents/private", fs::perms::none);
  auto prefix = without_permission_bypass();
  auto probe = run_command(prefix + "ls " + shell_quote((corpus / "documents/private").string()));
  if (probe.exit_code == 0)
    GTEST_SKIP() << "cannot make a folder unreadable here ("
                 << (prefix.empty() ? "no root" : "setpriv failed: " + probe.err) << ")";

  auto folder = (corpus / "documents/private").string();
  auto r = run_bounded(prefix + index_command(corpus, index, "--json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("kb-index: warning: " + folder +
                       ": cannot read folder (Permission denied); skipped"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("photo.jpg: is not a document"), std::string::npos) << r.err;
  auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["warnings"], 2);
  ASSERT_EQ(summary["warning_messages"].size(), 2u);
  EXPECT_EQ(summary["warning_messages"][1]["file"], folder);
  auto published = fs::read_symlink(fs::path(index) / "current");

  auto text = run_bounded(prefix + index_command(corpus, index, "--check --color never"));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("; 2 warnings"), std::string::npos) << text.out;

  auto strict = run_bounded(prefix + index_command(corpus, index, "--strict"));
  EXPECT_EQ(strict.exit_code, 1) << strict.err;
  EXPECT_NE(strict.err.find(folder + ": cannot read folder (Permission denied)"), std::string::npos)
      << strict.err;
  EXPECT_NE(strict.err.find("--strict"), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("nothing was published"), std::string::npos) << strict.err;
  EXPECT_EQ(fs::read_symlink(fs::path(index) / "current"), published);
}

}  // namespace
