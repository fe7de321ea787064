// Classic test collections: documents, topics (queries) and graded relevance
// judgments, read from the SMART format (Cranfield, CISI, MED, ...) or TREC style.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "metrics.h"

namespace kb::eval {

struct Document {
  std::string id;
  std::string title;
  std::string text;
};

struct Topic {
  std::string id;    // the id used in the qrels
  std::string text;  // the query as given to each system
};

struct Collection {
  std::string name;
  std::vector<Document> docs;
  std::vector<Topic> topics;
  std::map<std::string, Grades> qrels;  // topic id -> doc id -> grade
  std::string grade_note;               // how the qrels were turned into grades
};

// How SMART relevance codes become grades.
//  tcd:    Cranfield codes 1..4 -> grade 5 - code, -1 (the query's source document) ->
//          5; all judgments relevant (Trinity College Dublin's trec_eval qrels).
//  strict: as tcd but -1 dropped.
//  binary: every listed pair relevant with grade 1 (CISI, MED, ... list no codes).
enum class SmartGrades { tcd, strict, binary };

// How SMART queries are numbered in the qrels.
//  file_order: the k-th query of the query file is qrels query k (Cranfield: its .I
//              ids run 001, 002, 004, 008, ... but cranqrel numbers them 1..225).
//  as_written: the qrels use the .I ids (leading zeros ignored).
enum class SmartQueryIds { file_order, as_written };

// SMART files: documents `.I id` then fields `.T` title, `.A`, `.B`, `.W` text (only
// .T and .W are kept); queries `.I id` then `.W` text; qrels `query doc code` (3
// fields) or `query doc 0 0.0` (4 fields). Throws std::runtime_error naming file:line.
Collection load_smart(const std::string& docs_path, const std::string& queries_path,
                      const std::string& qrels_path, SmartGrades grades, SmartQueryIds ids);

// TREC style: documents `<DOC><DOCNO>id</DOCNO> ... </DOC>` (title from <TITLE>,
// <HEAD>, <HEADLINE> or <TI>; text from <TEXT>, else everything else in the DOC, tags
// removed); topics `<top><num> Number: 301 <title> ... <desc> ... </top>` (closing
// tags optional); qrels `topic iteration docno grade`. `topic_fields` is "title" or
// "title+desc".
Collection load_trec(const std::string& docs_path, const std::string& topics_path,
                     const std::string& qrels_path, const std::string& topic_fields);

}  // namespace kb::eval
