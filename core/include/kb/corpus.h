// A whole corpus folder: catalog, taxonomy, glossary and documents, imported and tagged.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kb/catalog.h"
#include "kb/glossary.h"
#include "kb/model.h"
#include "kb/taxonomy.h"

namespace kb {

// Something left out of the corpus that the operator should know about (an unreadable
// folder, a file that is not a document). kb-index prints these; --strict refuses them.
struct CorpusWarning {
  std::string file;     // as in error messages: the corpus folder joined with the path inside it
  std::string message;  // why it was skipped: "cannot read folder (Permission denied)"
  int line = 0;         // the line it is about (import warnings); 0 = the whole file
};

// A document file as it was read: what lets the next kb-index skip it when it has not
// changed (kb::update_index). Like git's index: when size and modification time are
// as recorded (and were recorded well after the file was last written), the file is not
// read again; otherwise its content hash decides.
struct SourceStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  // modification time, ns since the epoch
  std::int64_t stat_ns = 0;   // when size and mtime were taken, ns since the epoch
  std::string hash;           // of the bytes read (text::content_hash)
  bool operator==(const SourceStamp&) const = default;
};

struct Corpus {
  std::string dir;
  // By file inside the corpus folder ("documents/x.txt"): each imported document's stamp.
  std::map<std::string, SourceStamp> stamps;
  // A hash of what besides the documents shapes the import: catalog.xml, taxonomy.xml
  // and glossary.xml as read ("" for a corpus built in memory).
  std::string settings_hash;
  std::vector<CorpusWarning> warnings;  // what was skipped
  // What was imported but looks cut wrong (kb::import_warnings: a framework without
  // audience guidance, a message without proof points). Nothing was skipped; kb-index
  // prints these and --strict refuses them too.
  std::vector<CorpusWarning> import_warnings;
  Taxonomy taxonomy;
  Glossary glossary;
  std::vector<SourceDocument> sources;
  std::vector<Unit> units;  // document units in source order, then glossary units
  // By source id: its cleaned lines as the index records them for the source view, made
  // by the import from the lines its units were cut from. None for a corpus built in
  // memory, whose sources have no text to show.
  std::map<std::string, std::string> source_texts;
};

// Called after each document is imported: (index, total, file, units imported).
using ImportProgress =
    std::function<void(std::size_t, std::size_t, const std::string&, std::size_t)>;

// Loads and validates everything under `dir`. The first malformed file stops the load
// with an IngestError naming file and line. Files in documents/ without a catalog entry
// are imported with metadata derived from the file.
//
// Only what is inside `dir` is read: a symbolic link whose target leaves it is an
// error, and so is anything but a regular file where a corpus file is expected (a FIFO,
// a device, a socket; checked before it is opened). Corpus files over 64 MiB are refused.
// Unreadable folders and files in documents/ that are not documents are skipped and
// listed in Corpus::warnings; hidden entries (".name") are ignored.
//
// Documents are imported on `jobs` threads (0: one per core); the corpus, its warnings
// and the error reported are the same for any number. `progress` is called on the
// calling thread, in corpus order.
Corpus load_corpus(const std::string& dir, const ImportProgress& progress = {}, unsigned jobs = 0);

}  // namespace kb
