#include "raw_xapian.h"

#include <nlohmann/json.hpp>

namespace kb::bench {

RawXapian::RawXapian(const std::string& generation) : db_(generation), stem_("english") {
  parser_.set_database(db_);
  parser_.set_stemmer(stem_);
  // STEM_SOME_FULL_POS: a kb index keeps positions for stemmed terms only, so a phrase
  // (a hyphenated Cranfield word: "heat-transfer") must be on stems to match at all.
  parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME_FULL_POS);
}

RawAnswer RawXapian::answer(const std::string& text) {
  Xapian::Enquire enquire(db_);
  enquire.set_query(parser_.parse_query(text));
  auto mset = enquire.get_mset(0, 10);
  RawAnswer out;
  out.estimated = mset.get_matches_estimated();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    auto data = nlohmann::json::parse(it.get_document().get_data());
    out.hits.push_back(
        {data.value("id", ""), it.get_weight(),
         mset.snippet(data.value("text", ""), 240, stem_,
                      Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                      "<mark>", "</mark>", "\xE2\x80\xA6")});
  }
  return out;
}

}  // namespace kb::bench
