// The stored form of a source's cleaned text (schema::meta_source_text_prefix), the lines
// the source view shows at a cited line. Made where the document is imported, on the
// importing threads and from the very lines the units were cut from, so that the writer
// neither reads the file again nor records a text the units did not come from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kb/model.h"
#include "kb/text_source.h"

namespace kb::text {

// "<size>\n" and the zlib stream of its `size` bytes of "<number>\t<text>\n" lines; ""
// for no lines (no record: the source has no text). Heading levels and pages are not
// kept. Throws Error(index_error) if zlib cannot be set up.
std::string source_text_record(const std::vector<SourceLine>& lines);

// The lines of a record source_text_record made; nullopt when `record` is not one (cut
// short, not zlib, a size or a line that does not parse).
std::optional<std::vector<SourceTextLine>> source_text_lines(std::string_view record);

}  // namespace kb::text
