// kb-query brief's two text forms: for the terminal (readable, copyable) and Markdown
// (to paste into an e-mail or a document). JSON is the API's (kb/api/brief_json.h).
#pragma once

#include <string>

#include "kb/brief.h"
#include "kb/terminal.h"

namespace kb::cli {

std::string brief_text(const Brief& brief, const term::Style& style);
std::string brief_markdown(const Brief& brief);

}  // namespace kb::cli
