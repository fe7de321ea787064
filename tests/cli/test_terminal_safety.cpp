// Terminal escapes in data (issue 9, finding 9), through the real binaries: a document
// holding ESC ] 0;title BEL and ESC [ 2J is indexed without them, and kb-query prints
// no control character from data, locally and through kb-searchd, even from an index
// whose units still hold them (built before kb stripped them, or written by another
// tool): --color never prints none at all, --color always only kb's own SGR colours.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "../support/child_process.h"
#include "../support/run_command.h"
#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/index_writer.h"

using namespace std::chrono_literals;
using kb::testing::run_command;
using kb::testing::shell_quote;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

const std::string kIndexBin = KB_INDEX_BIN;
const std::string kQueryBin = KB_QUERY_BIN;

// Every escape a hostile document would use: window title (OSC ... BEL and OSC ... ST),
// clear screen, cursor moves, a colour of its own, bell, backspace, carriage return,
// C1 CSI and OSC, and a right-to-left override.
const std::string kHostile =
    "\x1b]0;pwned\x07\x1b]2;owned\x1b\\\x1b[2J\x1b[H\x1b[31m\x07\x08\r\xC2\x9B"
    "2J\xC2\x9D"
    "0;t\x07\xE2\x80\xAE";

// The colour sequences kb-query's Style writes.
const std::regex kKbSgr("\x1b\\[(0|1|2|31|32|33|36|1;33)m");

// The first byte of `out` a terminal would act on, as a readable note, or "".
std::string first_control(const std::string& out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    bool control =
        (c < 0x20 && c != '\n') || c == 0x7F ||
        (c == 0xC2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) <= 0x9F) ||
        (c == 0xE2 && i + 2 < out.size() &&
         ((static_cast<unsigned char>(out[i + 1]) == 0x80 &&
           static_cast<unsigned char>(out[i + 2]) >= 0xAA &&
           static_cast<unsigned char>(out[i + 2]) <= 0xAE) ||
          (static_cast<unsigned char>(out[i + 1]) == 0x81 &&
           static_cast<unsigned char>(out[i + 2]) >= 0xA6 &&
           static_cast<unsigned char>(out[i + 2]) <= 0xA9)));
    if (control) {
      char note[64];
      std::snprintf(note, sizeof note, "byte 0x%02X at offset %zu", c, i);
      return std::string(note) + " near \"" + out.substr(i > 20 ? i - 20 : 0, 40) + "\"";
    }
  }
  return "";
}

// Runs kb-query with `args` against `where` ("--index DIR" or "--server URL") in both
// colour modes and checks the output.
void expect_clean_output(const std::string& where, const std::string& args,
                         const std::string& must_contain) {
  SCOPED_TRACE("kb-query " + where + " " + args);
  auto never = run_command(kQueryBin + " " + where + " --color never " + args);
  ASSERT_EQ(never.exit_code, 0) << never.err;
  EXPECT_NE(never.out.find(must_contain), std::string::npos) << never.out;
  EXPECT_EQ(first_control(never.out), "") << "--color never prints a control character";
  EXPECT_EQ(first_control(never.err), "");

  auto always = run_command(kQueryBin + " " + where + " --color always " + args);
  ASSERT_EQ(always.exit_code, 0) << always.err;
  EXPECT_NE(always.out.find("\x1b["), std::string::npos) << "--color always colours";
  auto without_kb_colours = std::regex_replace(always.out, kKbSgr, "");
  EXPECT_EQ(first_control(without_kb_colours), "")
      << "--color always prints only kb's own SGR sequences";
}

// An index whose units hold the escapes, as an older kb-index (or any other writer of
// the index) left them: built from units that did not go through the importers.
void publish_hostile_index(const std::string& index_dir) {
  kb::Corpus corpus;
  kb::SourceDocument source;
  source.id = "hostile";
  source.file = "documents/hostile.txt";
  source.title = "Hostile " + kHostile + "source";
  source.kind = "framework";
  corpus.sources.push_back(source);
  auto unit = [&](const std::string& id, const std::string& kind, int position) {
    kb::Unit u;
    u.id = "hostile/" + id;
    u.kind = kind;
    u.title = "Title " + kHostile + "window";
    u.text = "Text " + kHostile + "window\nsecond line " + kHostile;
    u.source_id = "hostile";
    u.message_id = "hostile/m1";
    u.message_title = "Message " + kHostile + "title";
    u.cite = {"Section " + kHostile, 1, 2};
    u.themes.push_back({"theme" + kHostile, kb::Provenance::inferred});
    u.position = position;
    return u;
  };
  corpus.units.push_back(unit("m1", "message", 1));
  corpus.units.push_back(unit("m1/pp1", "proof-point", 2));
  kb::publish_index(corpus, index_dir);
}

// A corpus folder whose documents hold the escapes, for the real kb-index.
void write_hostile_corpus(const TempDir& corpus) {
  write_file(corpus.path() / "documents/notes.txt",
             "Notes " + kHostile + "from the meeting\n\nThe registry " + kHostile +
                 "window explained coordination to the ministers who attended the meeting.\n");
  write_file(
      corpus.path() / "documents/framework.txt",
      "Message 1: Coordination " + kHostile + "Works\nOpen coordination keeps the window " +
          kHostile + "open.\nProof Points:\n- The DNS has run " + kHostile +
          "without interruption.\n"
          "Message 2: Security Is Shared\nSecurity is built together by every window operator.\n");
}

std::string start_daemon(kb::testing::ChildProcess& daemon) {
  auto banner = daemon.read_line(30s);
  std::smatch m;
  if (!std::regex_search(banner, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)"))) return "";
  std::string base = "http://127.0.0.1:" + m[1].str();
  for (int i = 0; i < 600; ++i) {  // up to 30 s for /readyz
    if (run_command("curl -sf " + base + "/readyz").exit_code == 0) return base;
    std::this_thread::sleep_for(50ms);
  }
  return "";
}

TEST(TerminalSafety, ImportedEscapesAreNotStoredOrPrinted) {
  TempDir corpus, index;
  write_hostile_corpus(corpus);
  auto built = run_command(kIndexBin + " " + shell_quote(corpus.str()) + " --out " +
                           shell_quote(index.str()));
  ASSERT_EQ(built.exit_code, 0) << built.err;
  EXPECT_EQ(first_control(built.out), "") << "kb-index's summary prints the titles it imported";

  auto json = run_command(kQueryBin + " --index " + shell_quote(index.str()) + " --json window");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out.find("\\u001b"), std::string::npos) << "the index holds no ESC: " << json.out;
  EXPECT_EQ(json.out.find("\\u0007"), std::string::npos) << "nor BEL";

  std::string where = "--index " + shell_quote(index.str());
  expect_clean_output(where, "window", "window");
  expect_clean_output(where, "--messages", "Coordination");
  expect_clean_output(where, "--show framework/m1", "Coordination");
}

TEST(TerminalSafety, EscapesInAnIndexAreNotPrintedLocallyOrThroughTheServer) {
  TempDir index;
  publish_hostile_index(index.str());
  std::string local = "--index " + shell_quote(index.str());
  expect_clean_output(local, "window", "window");
  expect_clean_output(local, "--messages", "second line");
  expect_clean_output(local, "--show hostile/m1", "second line");

  kb::testing::ChildProcess daemon(
      {KB_SEARCHD_BIN, "--index", index.str(), "--port", "0", "--access-log", "off"});
  auto base = start_daemon(daemon);
  ASSERT_FALSE(base.empty()) << "kb-searchd did not start";
  std::string remote = "--server " + base;
  expect_clean_output(remote, "window", "window");
  expect_clean_output(remote, "--messages", "second line");
  expect_clean_output(remote, "--show hostile/m1", "second line");
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(30s), 0);
}

}  // namespace
