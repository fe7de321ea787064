// kb-export: the index as a folder that searches with no server (an offline bundle).
// Exit codes: 0 written, 1 runtime error (no index, a failed write), 2 usage error (a bad
// option, a folder kb-export did not write).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "kb/api/errors.h"
#include "kb/api/offline_bundle.h"
#include "kb/error.h"
#include "kb/index_folder.h"
#include "kb/installation.h"
#include "kb/search.h"
#include "kb/terminal.h"

namespace {

std::string size_text(std::uintmax_t bytes) {
  char buf[32];
  if (bytes >= 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else
    std::snprintf(buf, sizeof buf, "%.0f KiB", static_cast<double>(bytes) / 1024.0);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Export the kb index as an offline bundle: a folder with index.html, the search page's\n"
      "scripts and the index's data, that searches the whole corpus with no server. Open\n"
      "DIR/index.html from a USB stick or a laptop (file://), or put DIR on any static web\n"
      "host. It offers what the search page does: search-as-you-type with the index's\n"
      "stemming and the glossary's synonyms, facet filters with counts, messages with their\n"
      "proof points, audience guidance, citations with review states, the source view, the\n"
      "pack, and the brief for an audience and topic (brief.html), printable.\n\n"
      "DIR may be new, empty, or an earlier bundle, which is replaced whole; kb-export\n"
      "refuses a folder holding anything else. The bundle is written beside DIR and\n"
      "renamed into place, so an interrupted export leaves the previous bundle as it was.\n\n"
      "Exit codes: 0 written, 1 runtime error (no index, a write that failed), 2 usage\n"
      "error (a bad option, DIR a folder kb-export did not write or a file).",
      "kb-export"};
  std::string out_dir, ui_dir;
  std::string index_dir = kb::default_index_dir();
  bool quiet = false;
  app.add_option("DIR", out_dir, "Folder to write the bundle to")->required();
  app.add_option("--index", index_dir,
                 "Index folder (default: $KB_INDEX or ~/.local/share/kb/index)");
  app.add_option("--ui", ui_dir,
                 "Folder of the search page's files (default: the UI shipped with kb)");
  app.add_flag("-q,--quiet", quiet, "Print nothing but errors");
  app.set_version_flag("--version", "kb-export " + kb::version());
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kb::api::exit_usage;
  }

  try {
    if (ui_dir.empty()) {
      auto shipped = kb::shipped_data_dir("ui");
      if (!shipped)
        throw kb::Error(kb::ErrorCode::invalid_argument,
                        "no shipped UI beside kb-export; name the UI folder with --ui");
      ui_dir = shipped->string();
    }
    auto started = std::chrono::steady_clock::now();
    kb::Index index(index_dir);
    kb::api::BundleReport report;
    try {
      report = kb::api::export_bundle(index, ui_dir, out_dir);
    } catch (const std::filesystem::filesystem_error& e) {
      throw kb::Error(kb::ErrorCode::io_error, e.what());
    }
    if (!quiet) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count();
      std::cout << "kb-export: " << index.unit_count() << " units of generation "
                << std::filesystem::path(index.generation()).filename().string() << " -> "
                << out_dir << "/ (" << report.files << " files, " << size_text(report.bytes) << "; "
                << size_text(report.data_bytes) << " loaded before the first search) in " << ms
                << " ms\n"
                << "Open " << (std::filesystem::absolute(out_dir) / "index.html").string()
                << " in a browser, or serve the folder from any static host.\n";
    }
    return 0;
  } catch (const kb::Error& e) {
    std::cerr << "kb-export: " << kb::term::printable(e.what()) << "\n";
    return kb::api::exit_code(e.code());
  } catch (const std::exception& e) {
    std::cerr << "kb-export: unexpected error: " << kb::term::printable(e.what()) << "\n";
    return kb::api::exit_code(kb::ErrorCode::internal);
  }
}
