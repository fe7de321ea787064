#include "kb/api/offline_bundle.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "kb/api/responses.h"
#include "kb/api/result_json.h"
#include "kb/brief.h"
#include "kb/error.h"
#include "kb/review.h"

namespace kb::api {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// Postings as one flat array [unit, wdf, unit, wdf, ...]: a third of the size of pairs.
json postings_json(const TermTable::Postings& postings) {
  json flat = json::array();
  for (const auto& [unit, wdf] : postings) {
    flat.push_back(unit);
    flat.push_back(wdf);
  }
  return flat;
}

json terms_json(const TermTable& table) {
  json stems = json::object();
  for (const auto& [stem, postings] : table.stems) stems[stem] = postings_json(postings);
  // Words with a stem are found through it; only the others (numbers, stopwords, words of
  // languages without a stemmer) need their own postings.
  // How many units hold each of those as written orders a typed prefix's completions, as
  // Xapian orders a partial word's.
  json words = json::object(), word_units = json::object();
  for (const auto& [word, postings] : table.words)
    if (!table.word_stems.count(word))
      words[word] = postings_json(postings);
    else
      word_units[word] = postings.size();
  json word_stems = json::object();
  for (const auto& [word, list] : table.word_stems)
    word_stems[word] = list.size() == 1 ? json(list.front()) : json(list);
  return {{"lengths", table.lengths},
          {"stems", std::move(stems)},
          {"words", std::move(words)},
          {"word_units", std::move(word_units)},
          {"word_stems", std::move(word_stems)},
          {"stopwords", table.stopwords},
          {"synonym_groups", table.synonym_groups}};
}

// The units holding each glossary form of several words as a phrase, by the daemon's own
// search: the browser has no word positions, so it takes these instead of checking order.
json phrase_units_json(const Index& index, const TermTable& table,
                       const std::map<std::string, std::size_t>& unit_index) {
  json out = json::object();
  for (const auto& group : table.synonym_groups)
    for (const auto& form : group) {
      if (form.find(' ') == std::string::npos || out.contains(form)) continue;
      json units = json::array();
      SearchRequest r;
      r.query = "\"" + form + "\"";
      r.limit = 1000;
      r.facets = false;
      r.snippets = false;
      r.correct = false;
      for (;;) {
        auto result = index.search(r);
        for (const auto& h : result.hits)
          if (auto it = unit_index.find(h.view.unit.id); it != unit_index.end())
            units.push_back(it->second);
        r.offset += result.hits.size();
        if (result.hits.empty() || r.offset >= result.total) break;
      }
      out[form] = std::move(units);
    }
  return out;
}

std::string script(const std::string& target, const json& value) {
  return target + " = " + value.dump(-1, ' ', false, json::error_handler_t::replace) + ";\n";
}

}  // namespace

std::vector<OfflineFile> offline_data(const Index& index) {
  TermTable table = index.term_table();

  std::map<std::string, std::size_t> unit_index, source_index;
  for (std::size_t i = 0; i < table.units.size(); ++i) unit_index[table.units[i].unit.id] = i;
  const auto& sources = index.sources();
  for (std::size_t i = 0; i < sources.size(); ++i) source_index[sources[i].id] = i;

  json source_list = json::array();
  for (const auto& s : sources) source_list.push_back(source_json(s));

  // The units without their texts, each with its source's number and its related units. A
  // unit names its source by number (offline.js puts the object back): at a few thousand
  // units the repeated source objects are a tenth of the data loaded before the first search.
  json units = json::array();
  std::vector<json> texts(sources.size(), json::object());
  for (std::size_t i = 0; i < table.units.size(); ++i) {
    const auto& view = table.units[i];
    json u = to_json(view);
    auto src = source_index.find(view.unit.source_id);
    std::size_t n = src == source_index.end() ? sources.size() : src->second;
    if (n == sources.size()) {  // a unit of no catalogued source: give it a chunk of its own
      texts.push_back(json::object());
      source_index[view.unit.source_id] = n = texts.size() - 1;
    }
    if (n < source_list.size() && u["source"] == source_list[n]) u["source"] = n;
    texts[n][std::to_string(i)] = u["text"];
    u.erase("text");
    u["chunk"] = n;
    u["facet_values"] = table.facet_values[i];
    json related = json::array();
    for (const auto& r : index.related(view.unit.id, related_limit))
      if (auto it = unit_index.find(r.unit.id); it != unit_index.end())
        related.push_back(it->second);
    u["related"] = std::move(related);
    units.push_back(std::move(u));
  }

  SearchRequest all;
  all.limit = 0;
  const RankingParams& ranking = index.ranking();
  json data = {
      {"generation", fs::path(index.generation()).filename().string()},
      {"exported", review_today()},
      {"ranking",
       {{"k1", ranking.k1},
        {"b", ranking.b},
        {"kind_factors", ranking.kind_factors},
        {"audience_guidance_boost", ranking.audience_guidance_boost}}},
      {"brief",
       {{"messages", brief_max_messages},
        {"proof_points", brief_max_proof_points},
        {"supporting", brief_max_supporting}}},
      {"facets", facets_json(index, index.search(all))},
      {"messages", messages_json(index.messages(), index.audience_guidance())},
      {"units", std::move(units)},
      {"sources", std::move(source_list)},
      {"chunks", texts.size()},
      {"terms", terms_json(table)},
      {"phrase_units", phrase_units_json(index, table, unit_index)},
  };

  std::vector<OfflineFile> files;
  files.push_back({"kb-data.js", script("self.KB_DATA", data)});
  for (std::size_t n = 0; n < texts.size(); ++n) {
    json lines = json::array();
    if (n < sources.size())
      if (auto text = index.source_text(sources[n].id))
        for (const auto& l : *text) lines.push_back({{"n", l.number}, {"text", l.text}});
    json chunk = {{"texts", texts[n]}, {"lines", std::move(lines)}};
    files.push_back(
        {"source-" + std::to_string(n) + ".js",
         script("(self.KB_CHUNKS = self.KB_CHUNKS || {})[" + std::to_string(n) + "]", chunk)});
  }
  return files;
}

}  // namespace kb::api

namespace kb::api {
namespace {

namespace fs = std::filesystem;

constexpr const char* marker_name = ".kb-export";
// The pages' scripts: the data and the engine load before app.js (deferred scripts run in
// document order), so the page answers from them instead of /api/v1/.
constexpr const char* app_script = "<script src=\"app.js\" defer></script>";
constexpr const char* offline_scripts =
    "<script src=\"offline/kb-data.js\" defer></script>\n"
    "  <script src=\"offline.js\" defer></script>\n  ";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io_error, "cannot read " + path.string());
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) throw Error(ErrorCode::io_error, "cannot write " + path.string());
}

// The web app's manifest is the daemon's (a page opened from file:// cannot load one).
constexpr const char* manifest_link = "  <link rel=\"manifest\" href=\"manifest.webmanifest\">\n";

std::string offline_page(const fs::path& page) {
  auto html = read_file(page);
  if (auto m = html.find(manifest_link); m != std::string::npos)
    html.erase(m, std::char_traits<char>::length(manifest_link));
  auto at = html.find(app_script);
  if (at == std::string::npos)
    throw Error(ErrorCode::invalid_argument,
                page.string() + ": no " + app_script + " to add the offline engine before");
  return html.insert(at, offline_scripts);
}

// A folder export_bundle may replace: absent, empty, or an earlier bundle.
void check_replaceable(const fs::path& out) {
  std::error_code ec;
  if (!fs::exists(out, ec)) return;
  if (!fs::is_directory(out, ec))
    throw Error(ErrorCode::invalid_argument, out.string() + " exists and is not a folder");
  if (fs::is_empty(out, ec) || fs::exists(out / marker_name, ec)) return;
  throw Error(
      ErrorCode::invalid_argument,
      out.string() + " holds files kb-export did not write; export to a new or empty folder");
}

}  // namespace

BundleReport export_bundle(const Index& index, const std::string& ui_dir,
                           const std::string& out_dir) {
  const fs::path ui(ui_dir), out = fs::absolute(out_dir).lexically_normal();
  check_replaceable(out);
  auto files = offline_data(index);

  // Beside the target, so the renames stay on one file system.
  std::string suffix = "." + std::to_string(::getpid()) + ".kb-export-tmp";
  fs::path staging = out.string() + suffix, previous = out.string() + ".old" + suffix;
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(staging / "offline");
  BundleReport report;
  auto add = [&](const fs::path& name, const std::string& content) {
    write_file(staging / name, content);
    ++report.files;
    report.bytes += content.size();
  };
  try {
    add("index.html", offline_page(ui / "index.html"));
    add("brief.html", offline_page(ui / "brief.html"));
    for (const char* name : {"app.js", "app.css", "offline.js", "favicon.svg"})
      add(name, read_file(ui / name));
    for (const auto& f : files) add(fs::path("offline") / f.name, f.content);
    report.data_bytes = files.front().content.size();
    write_file(staging / marker_name, "kb-export of generation " + index.generation() + "\n");

    if (fs::exists(out)) fs::rename(out, previous);
    fs::rename(staging, out);
  } catch (...) {
    fs::remove_all(staging, ec);
    if (!fs::exists(out, ec) && fs::exists(previous, ec)) fs::rename(previous, out, ec);
    throw;
  }
  fs::remove_all(previous, ec);
  return report;
}

}  // namespace kb::api
