// The benchmarks' peer: what a bare Xapian application does with a kb generation
// database. Xapian::QueryParser (English stemmer, STEM_SOME_FULL_POS), Enquire::get_mset top 10
// with BM25 defaults, each hit's text read from its stored data and an MSet::snippet
// made of it. Not thread-safe (a Xapian::Database is not): one per thread.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace kb::bench {

struct RawHit {
  std::string id;
  double weight = 0;
  std::string snippet;
};

struct RawAnswer {
  Xapian::doccount estimated = 0;
  std::vector<RawHit> hits;
};

class RawXapian {
 public:
  explicit RawXapian(const std::string& generation);
  // Throws Xapian::QueryParserError for a query the parser refuses.
  RawAnswer answer(const std::string& text);

 private:
  Xapian::Database db_;
  Xapian::Stem stem_;
  Xapian::QueryParser parser_;
};

}  // namespace kb::bench
