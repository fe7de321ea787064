// Runs a command line with a safety net: a command that would hang (a FIFO read, a server
// trickling bytes) is killed after a generous limit instead of hanging the test suite.
#pragma once

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "child_process.h"
#include "run_command.h"
#include "temp_dir.h"

namespace kb::testing {

// Like run_command, but `exit_code` is -1 when the command had not ended by itself after
// `limit` (it is then killed). The limit is a safety net, not a measurement: choose one
// that no correct program can miss on a busy machine.
inline CommandResult run_bounded(const std::string& command_line,
                                 std::chrono::milliseconds limit = std::chrono::seconds(60)) {
  TempDir tmp;
  auto out_path = tmp / "out", err_path = tmp / "err";
  CommandResult r;
  {
    ChildProcess child({"/bin/sh", "-c",
                        "exec " + command_line + " >" + shell_quote(out_path) + " 2>" +
                            shell_quote(err_path) + " </dev/null"});
    r.exit_code = child.wait(limit);  // -1: still running; the destructor kills it
  }
  auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  return r;
}

}  // namespace kb::testing
