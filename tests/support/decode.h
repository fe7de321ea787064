// Decoders for compressed HTTP bodies (gzip with zlib, brotli with libbrotlidec), so tests
// check what a client reads, not the server's own encoder against itself.
#pragma once

#include <brotli/decode.h>
#include <zlib.h>

#include <optional>
#include <string>

namespace kb::testing {

// The body a gzip stream decodes to; nullopt when it is not one.
inline std::optional<std::string> gunzip(const std::string& data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return std::nullopt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END || z.avail_in != 0) return std::nullopt;
  return out;
}

// The body a brotli stream decodes to; nullopt when it is not one.
inline std::optional<std::string> unbrotli(const std::string& data) {
  auto* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  std::size_t in_left = data.size();
  const auto* in = reinterpret_cast<const uint8_t*>(data.data());
  std::string out;
  uint8_t buf[16384];
  BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    std::size_t out_left = sizeof buf;
    uint8_t* next = buf;
    rc = BrotliDecoderDecompressStream(state, &in_left, &in, &out_left, &next, nullptr);
    out.append(reinterpret_cast<char*>(buf), sizeof buf - out_left);
  }
  BrotliDecoderDestroyInstance(state);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS || in_left != 0) return std::nullopt;
  return out;
}

}  // namespace kb::testing
