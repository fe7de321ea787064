#include "fts5_baseline.h"

#include <sqlite3.h>

#include <cctype>
#include <memory>
#include <stdexcept>

namespace kb::eval {
namespace {

struct Db {
  sqlite3* db = nullptr;
  ~Db() { sqlite3_close(db); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw std::runtime_error("sqlite: " + msg + " in: " + sql);
    }
  }
};

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db) + " in: " + sql);
  }
  ~Statement() { sqlite3_finalize(stmt); }
};

}  // namespace

std::string fts5_query(const std::string& text) {
  std::string out, token;
  auto flush = [&] {
    if (token.empty()) return;
    out += (out.empty() ? "\"" : " OR \"") + token + "\"";
    token.clear();
  };
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80)
      token += static_cast<char>(std::tolower(c));
    else
      flush();
  }
  flush();
  return out;
}

std::string sqlite_version() {
  return sqlite3_libversion();
}

std::map<std::string, Ranking> run_fts5(const Collection& collection, std::size_t depth) {
  Db db;
  if (sqlite3_open(":memory:", &db.db) != SQLITE_OK)
    throw std::runtime_error("sqlite: cannot open a database");
  db.exec("CREATE VIRTUAL TABLE docs USING fts5(docid UNINDEXED, body, tokenize = 'porter')");
  db.exec("BEGIN");
  {
    Statement insert(db.db, "INSERT INTO docs (docid, body) VALUES (?, ?)");
    for (const auto& d : collection.docs) {
      auto body = d.title + "\n" + d.text;
      sqlite3_bind_text(insert.stmt, 1, d.id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert.stmt, 2, body.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(insert.stmt) != SQLITE_DONE)
        throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db.db));
      sqlite3_reset(insert.stmt);
    }
  }
  db.exec("COMMIT");
  std::map<std::string, Ranking> runs;
  Statement search(db.db, "SELECT docid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?");
  for (const auto& t : collection.topics) {
    auto& ranking = runs[t.id];
    auto q = fts5_query(t.text);
    if (q.empty()) continue;
    sqlite3_bind_text(search.stmt, 1, q.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(search.stmt, 2, static_cast<sqlite3_int64>(depth));
    int rc;
    while ((rc = sqlite3_step(search.stmt)) == SQLITE_ROW)
      ranking.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(search.stmt, 0)));
    if (rc != SQLITE_DONE)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db.db) + " for " + q);
    sqlite3_reset(search.stmt);
  }
  return runs;
}

}  // namespace kb::eval
