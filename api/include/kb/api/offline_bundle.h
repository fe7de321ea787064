// The data of the offline bundle (kb-export, and kb-searchd's /offline/ for the installed
// web app): the index read back as script files the browser's offline engine
// (ui/offline.js) searches with no server. Script files, not JSON, because a page opened
// from file:// may load scripts but not fetch files.
//
//   kb-data.js     self.KB_DATA = {generation, exported, ranking, facets, messages, units,
//                  sources, terms}: every unit without its text, the term table, and
//                  GET /api/v1/facets and /api/v1/messages as the daemon answers them
//   source-N.js    (self.KB_CHUNKS ||= {})[N] = {texts: {unit index: text}, lines}: the
//                  texts of source N's units and the source's lines, loaded when needed
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kb/search.h"

namespace kb::api {

struct OfflineFile {
  std::string name;     // relative to the data folder: "kb-data.js", "source-3.js"
  std::string content;  // JavaScript
};

// Every data file of the bundle for the index's generation, kb-data.js first.
std::vector<OfflineFile> offline_data(const Index& index);

}  // namespace kb::api

namespace kb::api {

// What export_bundle wrote.
struct BundleReport {
  std::size_t files = 0;
  std::uintmax_t bytes = 0;       // every file of the bundle
  std::uintmax_t data_bytes = 0;  // kb-data.js, loaded before the first search
};

// Writes the offline bundle to `out_dir`: index.html and brief.html from `ui_dir` (with
// the offline engine's scripts added), app.js, app.css, offline.js, favicon.svg, and
// offline/ with offline_data(). Written beside `out_dir` first and renamed into place, so
// an interrupted export leaves the last bundle whole. `out_dir` may be new, empty or an
// earlier bundle (it holds the marker file .kb-export); anything else is refused with
// Error(invalid_argument), so no folder kb-export did not write is ever replaced.
BundleReport export_bundle(const Index& index, const std::string& ui_dir,
                           const std::string& out_dir);

}  // namespace kb::api
