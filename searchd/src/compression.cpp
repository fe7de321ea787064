#include "compression.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace kb::http {
namespace {

// Quality for answers made per request: brotli 5 and gzip 6 compress a 30 kB JSON
// answer in well under a millisecond (brotli's default, 11, takes tens).
constexpr int kBrotliQuality = 5;
constexpr int kGzipLevel = 6;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// The q-value of one Accept-Encoding item's parameters (";q=0.5"); 1 when absent, 0 when
// malformed (a client that cannot spell q= does not get a coding it may not read).
double q_value(std::string_view params) {
  while (!params.empty()) {
    auto semi = params.find(';');
    auto param = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      std::string value(param.substr(2));
      char* end = nullptr;
      double q = std::strtod(value.c_str(), &end);
      if (value.empty() || end != value.c_str() + value.size() || q < 0 || q > 1) return 0;
      return q;
    }
  }
  return 1;
}

std::string gzip(std::string_view body) {
  z_stream z{};
  // 15 + 16: the largest window, with a gzip header and trailer.
  if (deflateInit2(&z, kGzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip: deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(body.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip: deflate failed");
  return out;
}

std::string brotli(std::string_view body) {
  std::string out(BrotliEncoderMaxCompressedSize(body.size()), '\0');
  std::size_t size = out.size();
  if (out.empty() ||
      !BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                             reinterpret_cast<const uint8_t*>(body.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data())))
    throw std::runtime_error("brotli: BrotliEncoderCompress failed");
  out.resize(size);
  return out;
}

void add_vary(httplib::Response& res, std::string_view token) {
  auto vary = res.get_header_value("Vary");
  // Already there (as a whole item)?
  std::string_view rest = vary;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    if (iequals(trim(rest.substr(0, comma)), token)) return;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  res.headers.erase("Vary");
  res.set_header("Vary", vary.empty() ? std::string(token) : vary + ", " + std::string(token));
}

}  // namespace

Encoding negotiate(std::string_view accept_encoding) {
  double brotli_q = -1, gzip_q = -1, any_q = -1;
  while (!accept_encoding.empty()) {
    auto comma = accept_encoding.find(',');
    auto item = trim(accept_encoding.substr(0, comma));
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    auto semi = item.find(';');
    auto coding = trim(item.substr(0, semi));
    double q = q_value(semi == std::string_view::npos ? std::string_view() : item.substr(semi + 1));
    if (iequals(coding, "br"))
      brotli_q = q;
    else if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
      gzip_q = q;
    else if (coding == "*")
      any_q = q;
  }
  if (brotli_q < 0) brotli_q = any_q;
  if (gzip_q < 0) gzip_q = any_q;
  if (brotli_q > 0 && brotli_q >= gzip_q) return Encoding::brotli;
  if (gzip_q > 0) return Encoding::gzip;
  return Encoding::identity;
}

bool compressible(std::string_view content_type) {
  auto type = trim(content_type.substr(0, content_type.find(';')));
  std::string lower(type);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.rfind("text/", 0) == 0) return lower != "text/event-stream";
  return lower == "application/json" || lower == "application/javascript" ||
         lower == "application/xml" || lower == "image/svg+xml" ||
         lower == "application/manifest+json" || lower == "application/problem+json";
}

std::string encode(std::string_view body, Encoding encoding) {
  switch (encoding) {
    case Encoding::gzip:
      return gzip(body);
    case Encoding::brotli:
      return brotli(body);
    case Encoding::identity:
      break;
  }
  return std::string(body);
}

const char* content_coding(Encoding encoding) {
  switch (encoding) {
    case Encoding::gzip:
      return "gzip";
    case Encoding::brotli:
      return "br";
    case Encoding::identity:
      break;
  }
  return "identity";
}

void compress_response(std::string_view accept_encoding, httplib::Response& res) {
  if (!compressible(res.get_header_value("Content-Type"))) return;
  add_vary(res, "Accept-Encoding");
  if (res.body.size() < kMinCompressedBody || res.has_header("Content-Encoding")) return;
  auto encoding = negotiate(accept_encoding);
  if (encoding == Encoding::identity) return;
  res.body = encode(res.body, encoding);
  res.headers.erase("Content-Length");
  res.set_header("Content-Length", std::to_string(res.body.size()));
  res.set_header("Content-Encoding", content_coding(encoding));
  // Another representation, another validator: "abc" becomes "abc-br".
  auto etag = res.get_header_value("ETag");
  if (etag.size() >= 2 && etag.back() == '"') {
    etag.insert(etag.size() - 1, std::string("-") + content_coding(encoding));
    res.headers.erase("ETag");
    res.set_header("ETag", etag);
  }
}

}  // namespace kb::http
