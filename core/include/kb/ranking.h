// The knobs of search quality: how an index is written (BuildOptions, fixed at build
// time and recorded in the index) and how a reader ranks (RankingParams). The defaults
// are the values chosen by measurement with kb-eval; docs/relevance.md has the figures.
#pragma once

#include <map>
#include <string>

#include "kb/schema.h"

namespace kb {

struct BuildOptions {
  // wdf of a word in a unit's own title; a body word counts 1.
  unsigned title_weight = schema::title_weight;
  // wdf of a title a unit inherits (a proof point's message title, a guidance's
  // audience name); 0 leaves it out of the unit's words.
  unsigned inherited_title_weight = 1;
  // English stemmer: "english" (Snowball Porter2) or "porter" (the original Porter).
  std::string english_stemmer = "english";
  // English stopwords: "basic" (26 function words), "lucene" (Lucene's 33) or
  // "extended" (Lucene's plus question and pronoun words such as "what", "how", "we").
  std::string english_stopwords = "extended";
  // Threads writing the index (0: one per core). Not recorded in the index: any number
  // writes the same units, terms and statistics.
  unsigned jobs = 0;
  // Shard databases the generation keeps (kb-index --shards): 0 or 1 for one database;
  // N > 1 for N shards searched through a Xapian stub, each of which xapian-tcpsrv can
  // serve from another machine. Results are the same either way.
  unsigned shards = 0;
};

struct RankingParams {
  // BM25 (Xapian's BM25Weight): term-frequency saturation and length normalisation.
  double k1 = 1.2;
  double b = 0.9;
  // Units holding every query word get this share of their AND-branch weight on top of
  // their OR-branch weight; 0 drops the AND branch.
  double and_weight = 1.0;
  // Units holding every query word rank above units holding only some, whatever their
  // scores (a coordination tier; with a glossary phrase, its words apart count too).
  bool all_words_first = true;
  // Name units (is_name_kind: signatories, signatory lists, speakers, organisers) rank
  // below content in their tier unless the query asks for people (asks_for_people),
  // and then a signatory list ranks first in its tier.
  bool names_last = true;
  // The AND branch requires only the query words that occur in the index (a word no
  // unit holds cannot be required); false: every word.
  bool and_skips_absent_words = true;
  // A glossary expansion ("IGF" -> IGF or "Internet Governance Forum") is combined with
  // the query as typed by adding their scores (false) or taking the better one (true,
  // Xapian's OP_MAX).
  bool expansion_takes_max = false;
  // Extra weight for matching the words as typed (unstemmed); 0: stems only.
  double exact_weight = 0;
  // Multiply scores by the unit kind's factor (kind_factors; 1 for kinds not listed).
  bool kind_weights = true;
  std::map<std::string, double> kind_factors = default_kind_factors();
  // With an audience filter and a query, the filtered audiences' guidance is boosted by
  // this factor on top of its kind factor.
  double audience_guidance_boost = 3.0;
  // Stem every query word, capitalised ones too (true: the text is lower-cased first),
  // or leave capitalised words unstemmed as Xapian's STEM_SOME does (false). Numbers are
  // never stemmed, on either side.
  bool stem_all_words = true;
  // Pseudo-relevance feedback: the best feedback_docs units of a first match lend their
  // feedback_terms most distinctive words (Xapian's ESet) to the query, each weighted up
  // to feedback_weight, for queries of at least feedback_min_words distinct stemmed words
  // (long, descriptive queries: it costs short staff queries their first hit). Only the
  // order changes, never the matches. 0 docs: off.
  unsigned feedback_docs = 5;
  unsigned feedback_terms = 20;
  double feedback_weight = 0.3;
  unsigned feedback_min_words = 6;

  static std::map<std::string, double> default_kind_factors();
};

// Whether a query asks for people or organisations: one of its words is "who", "whom",
// "whose", "signed", "signatory", "signatories", "endorsed", "speaker(s)",
// "organiser(s)"/"organizer(s)", "people", "person", "organisation(s)"/"organization(s)"
// (any case).
bool asks_for_people(const std::string& query);

// Browsing under an audience filter orders units by this rank first: the audience's
// guidance (0), proof points (1), messages (2), answers, policy questions, passages,
// glossary entries, then names (signatories, speakers, organisers).
int kind_rank(const std::string& kind);

}  // namespace kb
