// Response compression: gzip (zlib) and brotli, chosen from the client's Accept-Encoding.
//
// kb-searchd compresses its answers itself rather than leave it to httplib: httplib 0.11
// compresses text/* only (not application/json with a charset), picks "br" whenever the
// letters appear in Accept-Encoding (q=0 included), and sends no Vary: Accept-Encoding,
// so a shared cache could hand brotli to a client that cannot read it. The front takes
// Accept-Encoding out of the request head httplib sees and calls compress_response on
// every answer.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace kb::http {

enum class Encoding { identity, gzip, brotli };

// The coding to answer with: brotli before gzip when both are acceptable, honouring
// q-values (q=0 refuses) and "*"; identity when neither is acceptable.
Encoding negotiate(std::string_view accept_encoding);

// Text formats (JSON, HTML, CSS, JavaScript, SVG, plain text): worth compressing.
bool compressible(std::string_view content_type);

// The body in that coding (identity: unchanged). Throws std::runtime_error if the
// library fails, which it only does out of memory.
std::string encode(std::string_view body, Encoding encoding);

// The Content-Encoding token.
const char* content_coding(Encoding encoding);

// Bodies smaller than this are sent as they are: the coding's framing would eat the gain.
constexpr std::size_t kMinCompressedBody = 512;

// Compresses res's body in place when its type is compressible, it is big enough and the
// client accepts a coding; sets Content-Encoding and Content-Length, marks an ETag as
// that coding's, and adds Vary: Accept-Encoding to every compressible answer (compressed
// or not: the answer depends on the header either way).
void compress_response(std::string_view accept_encoding, httplib::Response& res);

}  // namespace kb::http
