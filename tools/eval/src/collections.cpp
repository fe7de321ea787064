#include "collections.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kb::eval {
namespace {

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string strip_zeros(const std::string& id) {
  auto nz = id.find_first_not_of('0');
  return nz == std::string::npos ? (id.empty() ? id : "0") : id.substr(nz);
}

void append(std::string& to, const std::string& line) {
  if (!to.empty()) to += '\n';
  to += line;
}

// SMART records: ".I id" starts one, ".X" (a letter) starts a field.
struct SmartRecord {
  std::string id;
  int line = 0;
  std::map<char, std::string> fields;
};

std::vector<SmartRecord> read_smart(const std::string& path) {
  std::vector<SmartRecord> records;
  char field = 0;
  int n = 0;
  for (const auto& line : read_lines(path)) {
    ++n;
    if (line.size() >= 2 && line[0] == '.' && std::isupper(static_cast<unsigned char>(line[1])) &&
        (line.size() == 2 || line[2] == ' ')) {
      if (line[1] == 'I') {
        auto id = trim(line.substr(2));
        if (id.empty())
          throw std::runtime_error(path + ":" + std::to_string(n) + ": .I without an id");
        records.push_back({id, n, {}});
        field = 0;
      } else {
        if (records.empty())
          throw std::runtime_error(path + ":" + std::to_string(n) + ": field before the first .I");
        field = line[1];
        records.back().fields[field];
      }
      continue;
    }
    if (records.empty() || field == 0) {
      if (!trim(line).empty())
        throw std::runtime_error(path + ":" + std::to_string(n) + ": text outside a field");
      continue;
    }
    append(records.back().fields[field], line);
  }
  return records;
}

// Text between <tag> and the next tag (or </tag>), for the SGML-ish TREC formats.
std::vector<std::string> tagged(const std::string& block, const std::string& tag,
                                bool until_any_tag) {
  std::vector<std::string> out;
  std::string lower = block;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  std::string open = "<" + tag + ">", close = "</" + tag + ">";
  for (std::size_t pos = lower.find(open); pos != std::string::npos;
       pos = lower.find(open, pos + 1)) {
    auto start = pos + open.size();
    auto end = until_any_tag ? lower.find('<', start) : lower.find(close, start);
    if (end == std::string::npos) end = lower.size();
    out.push_back(block.substr(start, end - start));
  }
  return out;
}

std::string without_tags(const std::string& s) {
  std::string out;
  bool in_tag = false;
  for (char c : s) {
    if (c == '<')
      in_tag = true;
    else if (c == '>' && in_tag) {
      in_tag = false;
      out += ' ';
    } else if (!in_tag)
      out += c;
  }
  return out;
}

std::string after_label(std::string s, const std::string& label) {
  s = trim(s);
  if (s.size() >= label.size()) {
    std::string head = s.substr(0, label.size());
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (head == label) s = trim(s.substr(label.size()));
  }
  return s;
}

}  // namespace

Collection load_smart(const std::string& docs_path, const std::string& queries_path,
                      const std::string& qrels_path, SmartGrades grades, SmartQueryIds ids) {
  Collection c;
  for (auto& r : read_smart(docs_path)) {
    Document d;
    d.id = strip_zeros(r.id);
    d.title = trim(r.fields['T']);
    d.text = trim(r.fields['W']);
    c.docs.push_back(std::move(d));
  }
  int k = 0;
  for (auto& r : read_smart(queries_path)) {
    ++k;
    Topic t;
    t.id = ids == SmartQueryIds::file_order ? std::to_string(k) : strip_zeros(r.id);
    t.text = trim(r.fields['W']);
    std::replace(t.text.begin(), t.text.end(), '\n', ' ');
    if (t.text.empty())
      throw std::runtime_error(queries_path + ":" + std::to_string(r.line) +
                               ": query without .W text");
    c.topics.push_back(std::move(t));
  }
  int n = 0;
  for (const auto& line : read_lines(qrels_path)) {
    ++n;
    std::istringstream in(line);
    std::vector<std::string> f;
    for (std::string w; in >> w;) f.push_back(w);
    if (f.empty()) continue;
    if (f.size() != 3 && f.size() != 4)
      throw std::runtime_error(qrels_path + ":" + std::to_string(n) +
                               ": expected `query doc code` or `query doc 0 0.0`");
    auto q = strip_zeros(f[0]), d = strip_zeros(f[1]);
    int grade = 1;
    if (grades != SmartGrades::binary) {
      if (f.size() != 3)
        throw std::runtime_error(qrels_path + ":" + std::to_string(n) +
                                 ": no relevance code; use --grades binary");
      int code = std::stoi(f[2]);
      if (code == -1) {
        if (grades == SmartGrades::strict) continue;
        grade = 5;
      } else if (code >= 1 && code <= 4) {
        grade = 5 - code;
      } else {
        throw std::runtime_error(qrels_path + ":" + std::to_string(n) +
                                 ": unknown relevance code " + f[2]);
      }
    }
    c.qrels[q][d] = std::max(c.qrels[q][d], grade);
  }
  c.grade_note = grades == SmartGrades::tcd
                     ? "TCD convention: grade = 5 - code, -1 -> 5, all judgments relevant"
                 : grades == SmartGrades::strict ? "strict: -1 dropped, grade = 5 - code"
                                                 : "binary: every listed pair relevant (grade 1)";
  return c;
}

Collection load_trec(const std::string& docs_path, const std::string& topics_path,
                     const std::string& qrels_path, const std::string& topic_fields) {
  if (topic_fields != "title" && topic_fields != "title+desc")
    throw std::runtime_error("topic fields must be \"title\" or \"title+desc\", not \"" +
                             topic_fields + "\"");
  Collection c;
  auto docs = read_all(docs_path);
  for (const auto& block : tagged(docs, "doc", false)) {
    auto docno = tagged(block, "docno", false);
    if (docno.empty()) throw std::runtime_error(docs_path + ": a <DOC> without <DOCNO>");
    Document d;
    d.id = trim(docno[0]);
    for (const char* t : {"title", "headline", "head", "ti"}) {
      auto found = tagged(block, t, false);
      if (!found.empty()) {
        d.title = trim(without_tags(found[0]));
        break;
      }
    }
    for (const auto& text : tagged(block, "text", false)) append(d.text, trim(without_tags(text)));
    if (d.text.empty()) {
      // No <TEXT>: everything after </DOCNO> that is not the title.
      std::string lower = block;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      auto close = lower.find("</docno>");
      d.text = trim(without_tags(close == std::string::npos ? block : block.substr(close + 8)));
    }
    c.docs.push_back(std::move(d));
  }
  if (c.docs.empty()) throw std::runtime_error(docs_path + ": no <DOC> found");
  auto topics = read_all(topics_path);
  for (const auto& block : tagged(topics, "top", false)) {
    auto num = tagged(block, "num", true);
    auto title = tagged(block, "title", true);
    if (num.empty() || title.empty())
      throw std::runtime_error(topics_path + ": a <top> without <num> or <title>");
    Topic t;
    t.id = after_label(num[0], "number:");
    t.text = after_label(title[0], "topic:");
    if (topic_fields == "title+desc")
      for (const auto& desc : tagged(block, "desc", true))
        t.text += " " + after_label(desc, "description:");
    for (auto& ch : t.text)
      if (ch == '\n' || ch == '\t') ch = ' ';
    t.text = trim(t.text);
    c.topics.push_back(std::move(t));
  }
  if (c.topics.empty()) throw std::runtime_error(topics_path + ": no <top> found");
  int n = 0;
  for (const auto& line : read_lines(qrels_path)) {
    ++n;
    std::istringstream in(line);
    std::vector<std::string> f;
    for (std::string w; in >> w;) f.push_back(w);
    if (f.empty()) continue;
    if (f.size() != 4)
      throw std::runtime_error(qrels_path + ":" + std::to_string(n) +
                               ": expected `topic 0 docno grade`");
    c.qrels[f[0]][f[2]] = std::stoi(f[3]);
  }
  c.grade_note = "qrels grades as given (> 0 relevant)";
  return c;
}

}  // namespace kb::eval
