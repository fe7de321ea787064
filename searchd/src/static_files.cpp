#include "static_files.h"

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace kb::http {
namespace {

std::string etag_of(const std::string& content) {
  // FNV-1a 64: a change detector, not a security boundary.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : content) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

bool etag_matches(const std::string& header, const std::string& etag) {
  if (header == "*") return true;
  std::stringstream list(header);
  std::string item;
  while (std::getline(list, item, ',')) {
    auto b = item.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    item = item.substr(b);
    if (item.rfind("W/", 0) == 0) item = item.substr(2);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.pop_back();
    // The validator of a compressed copy ("abc-br", compression.cpp) names the same file.
    for (const char* coding : {"-br\"", "-gzip\""})
      if (item.size() > std::strlen(coding) && item.ends_with(coding))
        item = item.substr(0, item.size() - std::strlen(coding)) + "\"";
    if (item == etag) return true;
  }
  return false;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root, std::string frame_ancestors)
    : root_(fs::weakly_canonical(root)), frame_ancestors_(std::move(frame_ancestors)) {}

std::string StaticFiles::content_type(const fs::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".map", "application/json; charset=utf-8"}};
  auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

fs::path StaticFiles::resolve(const std::string& url_path) const {
  if (url_path.empty() || url_path[0] != '/' || url_path.find('\0') != std::string::npos ||
      url_path.find('\\') != std::string::npos)
    return {};
  fs::path relative = fs::path(url_path.substr(1)).lexically_normal();
  if (relative.empty() || relative == ".") relative = "index.html";
  for (const auto& part : relative)
    if (part == ".." || (!part.empty() && part.string()[0] == '.'))
      return {};  // no parents, no dotfiles
  std::error_code ec;
  // A page is served without its extension too: /brief is brief.html.
  if (!relative.has_extension() && !fs::exists(root_ / relative, ec)) relative += ".html";
  auto file = fs::weakly_canonical(root_ / relative, ec);
  if (ec) return {};
  if (fs::is_directory(file, ec)) file /= "index.html";
  // After resolving symlinks the file must still be inside the root.
  auto canonical = fs::canonical(file, ec);
  if (ec) return {};
  auto root = root_.string() + "/";
  if (canonical.string().rfind(root, 0) != 0 || !fs::is_regular_file(canonical, ec)) return {};
  return canonical;
}

bool StaticFiles::serve(const httplib::Request& req, httplib::Response& res) const {
  auto file = resolve(req.path);
  if (file.empty()) return false;
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  auto content = buf.str();
  auto etag = etag_of(content);
  auto type = content_type(file);
  bool html = type.rfind("text/html", 0) == 0;

  res.set_header("ETag", etag);
  // Everything revalidates (cheap with the ETag) so a page never runs with stale
  // scripts; only the widget, fetched by other sites' visitors, may be cached briefly,
  // so embedding sites pick up a new version within minutes.
  bool widget = file.filename() == "widget.js";
  res.set_header("Cache-Control", widget ? "public, max-age=300" : "no-cache");
  if (html) {
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                   "img-src 'self' data:; "
                   "connect-src 'self'; frame-ancestors " +
                       frame_ancestors_ + "; base-uri 'none'; form-action 'self'");
    res.set_header("Referrer-Policy", "no-referrer");
  } else {
    // The widget script is embedded by other sites.
    res.set_header("Cross-Origin-Resource-Policy", "cross-origin");
  }
  if (etag_matches(req.get_header_value("If-None-Match"), etag)) {
    res.status = 304;
    return true;
  }
  res.status = 200;
  res.set_content(std::move(content), type);
  return true;
}

}  // namespace kb::http
