// Serves the ui/ folder: content types, ETag revalidation, caching and security
// headers. Only regular files inside the folder are served: ".." and symlinks that
// lead outside it are refused.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <string>

namespace kb::http {

class StaticFiles {
 public:
  // `root` must be a folder; `frame_ancestors` is the CSP frame-ancestors value of pages.
  StaticFiles(const std::string& root, std::string frame_ancestors);

  // Answers the request; false when there is no such file (the caller sends the 404).
  bool serve(const httplib::Request& req, httplib::Response& res) const;

  // The file under the root for a URL path, or "" when it is not a servable file.
  std::filesystem::path resolve(const std::string& url_path) const;

  static std::string content_type(const std::filesystem::path& file);

 private:
  std::filesystem::path root_;
  std::string frame_ancestors_;
};

}  // namespace kb::http
