#include "text/source_text_record.h"

#include <zlib.h>

#include <charconv>

#include "kb/error.h"

namespace kb::text {
namespace {

// No source text reaches a gigabyte (the corpus caps documents far below that).
constexpr std::size_t max_plain_bytes = std::size_t{1} << 30;

// The plain record, nullopt when `record` is not a whole compressed record.
std::optional<std::string> decompressed(std::string_view record) {
  auto nl = record.find('\n');
  std::size_t size = 0;
  if (nl == std::string_view::npos || nl == 0) return std::nullopt;
  auto [end, ec] = std::from_chars(record.data(), record.data() + nl, size);
  if (ec != std::errc() || end != record.data() + nl || size > max_plain_bytes) return std::nullopt;
  std::string plain(size, '\0');
  uLongf got = size;
  auto packed = record.substr(nl + 1);
  if (uncompress(reinterpret_cast<Bytef*>(plain.data()), &got,
                 reinterpret_cast<const Bytef*>(packed.data()), packed.size()) != Z_OK ||
      got != size)
    return std::nullopt;
  return plain;
}

}  // namespace

// Metadata sits in Xapian's postlist table, which Xapian does not compress: stored
// plain, the texts were a fifth of an archive's index. Z_BEST_SPEED: a third of the size
// at a third of the default level's time. The lines are deflated one by one, so a large
// text is never held twice more in plain form.
std::string source_text_record(const std::vector<SourceLine>& lines) {
  if (lines.empty()) return {};
  std::size_t plain_size = 0;
  for (const auto& l : lines) plain_size += std::to_string(l.number).size() + l.text.size() + 2;
  std::string out = std::to_string(plain_size) + '\n';
  z_stream z{};
  if (deflateInit(&z, Z_BEST_SPEED) != Z_OK)
    throw Error(ErrorCode::index_error, "could not compress a source text");
  unsigned char buffer[16384];
  auto feed = [&](std::string_view piece, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
    z.avail_in = static_cast<uInt>(piece.size());
    do {
      z.next_out = buffer;
      z.avail_out = sizeof buffer;
      deflate(&z, flush);
      out.append(reinterpret_cast<const char*>(buffer), sizeof buffer - z.avail_out);
    } while (z.avail_out == 0);
  };
  std::string head;
  for (const auto& l : lines) {
    head = std::to_string(l.number);
    head += '\t';
    feed(head, Z_NO_FLUSH);
    feed(l.text, Z_NO_FLUSH);  // cleaned: no newline in it
    feed("\n", Z_NO_FLUSH);
  }
  feed({}, Z_FINISH);
  deflateEnd(&z);
  out.shrink_to_fit();  // held until the writer records it
  return out;
}

std::optional<std::vector<SourceTextLine>> source_text_lines(std::string_view record) {
  auto plain = decompressed(record);
  if (!plain) return std::nullopt;
  std::vector<SourceTextLine> lines;
  std::string_view rest = *plain;
  while (!rest.empty()) {
    auto nl = rest.find('\n');
    auto tab = rest.find('\t');
    if (nl == std::string_view::npos || tab == std::string_view::npos || tab > nl || tab == 0)
      return std::nullopt;
    SourceTextLine line;
    for (char c : rest.substr(0, tab)) {
      if (c < '0' || c > '9' || line.number > 100000000) return std::nullopt;
      line.number = line.number * 10 + (c - '0');
    }
    line.text = std::string(rest.substr(tab + 1, nl - tab - 1));
    lines.push_back(std::move(line));
    rest.remove_prefix(nl + 1);
  }
  return lines;
}

}  // namespace kb::text
