// The baseline kb is compared with: SQLite FTS5, bm25() ranking (k1 = 1.2, b = 0.75),
// the porter tokenizer (Porter stemming over unicode61 tokens), no stopwords, over the
// same documents (title + text in one column) and the same query texts.
#pragma once

#include <map>
#include <string>

#include "collections.h"

namespace kb::eval {

// A query text made safe for FTS5's MATCH syntax: its letter-and-digit tokens,
// lower-cased, each quoted, joined with OR ("heat-flux (2d)" -> "heat" OR "flux" OR "2d").
// Empty when the text has no token.
std::string fts5_query(const std::string& text);

// Runs every topic and returns the top `depth` document ids per topic id, best first.
std::map<std::string, Ranking> run_fts5(const Collection& collection, std::size_t depth);

// The SQLite library version ("3.40.1").
std::string sqlite_version();

}  // namespace kb::eval
