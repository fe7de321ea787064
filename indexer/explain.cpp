#include "explain.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "kb/api/errors.h"
#include "kb/error.h"
#include "kb/import_report.h"
#include "kb/model.h"
#include "kb/terminal.h"
#include "kb/text.h"

namespace kb::indexer {
namespace {

using kb::term::printable;

// Characters (not bytes) a terminal shows for a UTF-8 string.
std::size_t width_of(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string pad(const std::string& s, std::size_t width) {
  auto w = width_of(s);
  return s + std::string(w < width ? width - w : 1, ' ');
}

// "3 passages", "1 proof point", "2 audience guidance".
std::string count_of(const std::string& kind_id, std::size_t n) {
  std::string label = kind_id;
  for (const auto& k : unit_kinds)
    if (k.kind == kind_id) label = std::string(k.label);
  for (auto& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n != 1 && !label.ends_with("guidance")) {
    if (label.ends_with("entry"))
      label = label.substr(0, label.size() - 1) + "ies";
    else
      label += "s";
  }
  return std::to_string(n) + " " + label;
}

std::string counts(const std::map<std::string, std::size_t>& per_kind) {
  std::string out;
  // In the order kinds are listed to users.
  for (const auto& k : unit_kinds)
    if (auto it = per_kind.find(std::string(k.kind)); it != per_kind.end())
      out += (out.empty() ? "" : ", ") + count_of(it->first, it->second);
  for (const auto& entry : per_kind)  // a structured binding cannot be captured in clang 14
    if (std::none_of(unit_kinds.begin(), unit_kinds.end(),
                     [&](const UnitKindInfo& k) { return k.kind == entry.first; }))
      out += (out.empty() ? "" : ", ") + count_of(entry.first, entry.second);
  return out;
}

std::string lines_of(int first, int last) {
  if (first <= 0) return "";
  if (last <= first) return "line " + std::to_string(first);
  return "lines " + std::to_string(first) + "\xE2\x80\x93" + std::to_string(last);
}

std::string quoted(const std::string& text, std::size_t limit) {
  return "\"" + printable(shorten(text, limit)) + "\"";
}

nlohmann::json to_json(const ImportReport& r) {
  auto sections = nlohmann::json::array();
  for (const auto& s : r.sections)
    sections.push_back({{"title", s.title},
                        {"first_line", s.first_line},
                        {"last_line", s.last_line},
                        {"units", s.units}});
  auto messages = nlohmann::json::array();
  for (const auto& m : r.messages) {
    auto points = nlohmann::json::array();
    for (const auto& p : m.proof_points)
      points.push_back({{"id", p.id}, {"line", p.line}, {"text", p.text}});
    messages.push_back(
        {{"id", m.id}, {"title", m.title}, {"line", m.line}, {"proof_points", points}});
  }
  auto guidance = nlohmann::json::array();
  for (const auto& g : r.audience_guidance)
    guidance.push_back({{"audience", g.audience},
                        {"label", g.label},
                        {"known", g.known},
                        {"first_line", g.first_line},
                        {"last_line", g.last_line}});
  auto dropped = nlohmann::json::array();
  for (const auto& d : r.dropped)
    dropped.push_back({{"line", d.number}, {"text", d.text}, {"reason", d.reason}});
  auto warnings = nlohmann::json::array();
  for (const auto& w : r.warnings) warnings.push_back({{"line", w.line}, {"message", w.message}});
  return {{"file", r.file},
          {"corpus_file",
           r.corpus_file.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.corpus_file)},
          {"id", r.doc.source.id},
          {"title", r.doc.source.title},
          {"kind", r.kind},
          {"kind_source", r.kind_source},
          {"detected_kind",
           r.detected_kind.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.detected_kind)},
          {"format", r.format},
          {"lines", r.lines},
          {"pages", r.pages},
          {"units", r.doc.units.size()},
          {"sections", sections},
          {"messages", messages},
          {"audience_guidance", guidance},
          {"units_by_kind", r.units_by_kind},
          {"dropped", dropped},
          {"warnings", warnings}};
}

void print(const ImportReport& r, const kb::term::Style& style) {
  auto& out = std::cout;
  auto none = [&] { out << "  " << style.dim("(none)") << "\n"; };
  out << style.bold(printable(r.file)) << ": " << style.bold(r.kind) << " ("
      << (r.kind_source == "catalog" ? "from catalog" : "detected");
  if (r.kind_source == "catalog" && !r.detected_kind.empty())
    out << "; detected: " << r.detected_kind;
  out << ")\n";
  out << "  id " << printable(r.doc.source.id) << ", title " << quoted(r.doc.source.title, 100)
      << (r.doc.source.from_catalog ? " (catalog)" : " (derived)") << "\n";
  out << "  format: " << r.format;
  if (r.lines > 0) out << ", " << r.lines << (r.lines == 1 ? " line" : " lines");
  if (r.pages > 0) out << ", " << r.pages << (r.pages == 1 ? " page" : " pages");
  out << "; " << r.doc.units.size() << (r.doc.units.size() == 1 ? " unit" : " units") << "\n";

  out << style.bold("Sections") << "\n";
  if (r.sections.empty()) none();
  std::size_t width = 0;
  for (const auto& s : r.sections)
    width = std::max(width, width_of(printable(s.title.empty() ? "(no section)" : s.title)));
  width = std::min<std::size_t>(width, 48);
  for (const auto& s : r.sections)
    out << "  " << pad(printable(s.title.empty() ? "(no section)" : s.title), width + 2)
        << style.dim(pad(lines_of(s.first_line, s.last_line), 16)) << counts(s.units) << "\n";

  out << style.bold("Messages") << "\n";
  if (r.messages.empty()) none();
  for (std::size_t i = 0; i < r.messages.size(); ++i) {
    const auto& m = r.messages[i];
    out << "  Message " << i + 1 << ": " << printable(shorten(m.title, 70)) << "  "
        << style.dim(lines_of(m.line, m.line)) << "  " << style.dim(printable(m.id)) << "\n";
    if (m.proof_points.empty()) out << "    " << style.yellow("no proof points") << "\n";
    for (std::size_t k = 0; k < m.proof_points.size(); ++k) {
      const auto& p = m.proof_points[k];
      out << "    proof point " << k + 1 << "  " << style.dim(pad(lines_of(p.line, p.line), 9))
          << quoted(p.text, 60) << "\n";
    }
  }

  out << style.bold("Audience guidance") << "\n";
  if (r.audience_guidance.empty()) none();
  width = 0;
  for (const auto& g : r.audience_guidance)
    width = std::max(width, width_of(printable(g.label + " (" + g.audience + ")")));
  width = std::min<std::size_t>(width, 48);
  for (const auto& g : r.audience_guidance) {
    out << "  " << pad(printable(g.label + " (" + g.audience + ")"), width + 2)
        << style.dim(lines_of(g.first_line, g.last_line));
    if (!g.known) out << "  " << style.yellow("[new audience: not in taxonomy]");
    out << "\n";
  }

  auto others = r.units_by_kind;
  for (const char* k : {kind::message, kind::proof_point, kind::audience_guidance}) others.erase(k);
  out << style.bold("Other units") << "\n";
  if (others.empty())
    none();
  else
    out << "  " << counts(others) << "\n";

  out << style.bold("Dropped as artefacts") << "\n";
  if (r.dropped.empty()) none();
  for (const auto& d : r.dropped)
    out << "  " << style.dim(pad(d.number > 0 ? "line " + std::to_string(d.number) : "", 10))
        << pad(quoted(d.text, 50), 30) << d.reason << "\n";

  out << style.bold("Warnings") << "\n";
  if (r.warnings.empty()) out << "  " << style.green("none") << "\n";
  for (const auto& w : r.warnings)
    out << "  " << style.yellow(w.line > 0 ? "line " + std::to_string(w.line) + ": " : "")
        << style.yellow(printable(w.message)) << "\n";
}

}  // namespace

int run_explain(const std::string& file, const std::string& corpus_dir, bool json,
                const std::string& color) {
  try {
    kb::term::Style style{!json && kb::term::use_color(stdout, kb::term::parse_color_mode(color))};
    auto report = explain_document(file, corpus_dir);
    if (json)
      std::cout << to_json(report).dump(2) << "\n";
    else
      print(report, style);
    return 0;
  } catch (const kb::Error& e) {
    std::cerr << "kb-index: " << e.what() << "\n";
    return kb::api::exit_code(e.code());
  } catch (const std::exception& e) {
    std::cerr << "kb-index: unexpected error: " << e.what() << "\n";
    return kb::api::exit_code(kb::ErrorCode::internal);
  }
}

}  // namespace kb::indexer
