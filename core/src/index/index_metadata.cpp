#include "index/index_metadata.h"

#include <zlib.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "kb/error.h"
#include "kb/schema.h"
#include "kb/text_source.h"

namespace kb::detail {
namespace {

using nlohmann::json;

std::string get(const Xapian::Database& db, std::string_view key) {
  return db.get_metadata(std::string(key));
}

void set(Xapian::WritableDatabase& db, std::string_view key, const std::string& value) {
  db.set_metadata(std::string(key), value);
}

json facet_values_json(const std::map<std::string, std::vector<FacetValueRecord>>& facets) {
  json j = json::object();
  for (const auto& [facet, values] : facets) {
    auto& list = j[facet] = json::array();
    for (const auto& [v, description] : values) {
      json entry{{"value", v.value}, {"label", v.label}, {"aliases", v.aliases}};
      if (description) entry["description"] = *description;
      list.push_back(std::move(entry));
    }
  }
  return j;
}

std::map<std::string, std::vector<FacetValueRecord>> facet_values_from(const json& j) {
  std::map<std::string, std::vector<FacetValueRecord>> facets;
  for (const auto& [facet, list] : j.items()) {
    auto& values = facets[facet];
    for (const auto& v : list) {
      FacetValueRecord record{{v.at("value"), v.value("label", ""), {}}, std::nullopt};
      for (const auto& a : v.value("aliases", json::array())) record.info.aliases.push_back(a);
      if (v.contains("description") && v["description"].is_string())
        record.description = v["description"];
      values.push_back(std::move(record));
    }
  }
  return facets;
}

json sources_json(const std::vector<SourceDocument>& sources) {
  auto arr = json::array();
  for (const auto& s : sources)
    arr.push_back({{"id", s.id},
                   {"file", s.file},
                   {"title", s.title},
                   {"publisher", s.publisher},
                   {"date", s.date},
                   {"kind", s.kind},
                   {"lang", s.lang},
                   {"url", s.url},
                   {"description", s.description}});
  return arr;
}

// A field a reader can do without: "" when absent or not text.
std::string optional_text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<SourceDocument> sources_from(const json& j) {
  std::vector<SourceDocument> sources;
  for (const auto& s : j) {
    SourceDocument d;
    d.id = s.at("id");
    d.title = s.value("title", "");
    d.file = optional_text(s, "file");
    d.publisher = optional_text(s, "publisher");
    d.date = optional_text(s, "date");
    d.kind = optional_text(s, "kind");
    d.lang = optional_text(s, "lang");
    d.url = optional_text(s, "url");
    d.description = optional_text(s, "description");
    sources.push_back(std::move(d));
  }
  return sources;
}

json build_json(const BuildOptions& options) {
  return {{"title_weight", options.title_weight},
          {"inherited_title_weight", options.inherited_title_weight},
          {"english_stemmer", options.english_stemmer},
          {"english_stopwords", options.english_stopwords}};
}

BuildOptions build_from(const json& j) {
  BuildOptions options;
  options.title_weight = j.value("title_weight", options.title_weight);
  options.inherited_title_weight =
      j.value("inherited_title_weight", options.inherited_title_weight);
  options.english_stemmer = j.value("english_stemmer", options.english_stemmer);
  options.english_stopwords = j.value("english_stopwords", options.english_stopwords);
  return options;
}

}  // namespace

void write_metadata(Xapian::WritableDatabase& db, const IndexMetadata& metadata) {
  set(db, schema::meta_schema_version, std::to_string(schema::version));
  set(db, schema::meta_facet_values, facet_values_json(metadata.facet_values).dump());
  set(db, schema::meta_sources, sources_json(metadata.sources).dump());
  set(db, schema::meta_glossary, json(metadata.glossary).dump());
  set(db, schema::meta_built_at, metadata.built_at);
  set(db, schema::meta_langs, json(metadata.langs).dump());
  set(db, schema::meta_build, build_json(metadata.build).dump());
}

IndexMetadata read_metadata(const Xapian::Database& db, const std::string& generation_dir) {
  auto version = get(db, schema::meta_schema_version);
  if (version != std::to_string(schema::version))
    throw Error(ErrorCode::index_error,
                "the index in " + generation_dir + " has schema version \"" + version +
                    "\", this kb expects " + std::to_string(schema::version) +
                    "; rebuild it with kb-index");
  IndexMetadata metadata;
  try {
    metadata.facet_values = facet_values_from(json::parse(get(db, schema::meta_facet_values)));
    metadata.sources = sources_from(json::parse(get(db, schema::meta_sources)));
    if (auto glossary = get(db, schema::meta_glossary); !glossary.empty())
      for (const auto& g : json::parse(glossary))
        metadata.glossary.push_back(g.get<std::vector<std::string>>());
    metadata.built_at = get(db, schema::meta_built_at);
    if (auto langs = get(db, schema::meta_langs); !langs.empty())
      metadata.langs = json::parse(langs).get<std::vector<std::string>>();
    if (auto build = get(db, schema::meta_build); !build.empty())
      metadata.build = build_from(json::parse(build));
  } catch (const json::exception& e) {
    throw Error(ErrorCode::index_error, "the index in " + generation_dir +
                                            " has unreadable metadata (" + e.what() +
                                            "); rebuild it");
  }
  return metadata;
}

namespace {

// A source text record is "<size>\n" and the zlib stream of its `size` bytes of
// "<number>\t<text>\n" lines. Metadata sits in Xapian's postlist table, which Xapian
// does not compress: stored plain, the texts were a fifth of an archive's index.
// Z_BEST_SPEED: a third of the size at a third of the default level's time. The lines
// are deflated one by one, so a large text is never held twice more in plain form.
std::string compressed_record(const std::vector<SourceLine>& lines) {
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
  return out;
}

// The plain record, nullopt when `record` is not a whole compressed record.
std::optional<std::string> decompressed(std::string_view record) {
  // No source text reaches a gigabyte (the corpus caps documents far below that).
  constexpr std::size_t max_plain_bytes = std::size_t{1} << 30;
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

void write_source_text(Xapian::WritableDatabase& db, const std::string& source_id,
                       const std::vector<SourceLine>& lines) {
  // No lines, no record (an empty value removes the key): read_source_text says none.
  set(db, std::string(schema::meta_source_text_prefix) + source_id,
      lines.empty() ? std::string() : compressed_record(lines));
}

std::optional<std::vector<SourceTextLine>> read_source_text(const Xapian::Database& db,
                                                            const std::string& source_id) {
  if (source_id.empty()) return std::nullopt;
  auto stored = get(db, std::string(schema::meta_source_text_prefix) + source_id);
  if (stored.empty()) return std::nullopt;
  auto unreadable = [&] {
    return Error(ErrorCode::index_error,
                 "the text of source \"" + source_id + "\" in the index is unreadable; rebuild it");
  };
  auto record = decompressed(stored);
  if (!record) throw unreadable();
  std::vector<SourceTextLine> lines;
  std::string_view rest = *record;
  while (!rest.empty()) {
    auto nl = rest.find('\n');
    auto tab = rest.find('\t');
    if (nl == std::string_view::npos || tab == std::string_view::npos || tab > nl || tab == 0)
      throw unreadable();
    SourceTextLine line;
    for (char c : rest.substr(0, tab)) {
      if (c < '0' || c > '9' || line.number > 100000000) throw unreadable();
      line.number = line.number * 10 + (c - '0');
    }
    line.text = std::string(rest.substr(tab + 1, nl - tab - 1));
    lines.push_back(std::move(line));
    rest.remove_prefix(nl + 1);
  }
  return lines;
}

}  // namespace kb::detail
