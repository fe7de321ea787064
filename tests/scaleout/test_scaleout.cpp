// kb past one machine, on Xapian's own machinery (ctest label `scaleout`): the shards of
// a `kb-index --shards 2` generation served by two real xapian-tcpsrv processes on
// loopback ports search as the single index does; a killed shard gives the documented
// answer (503 shard_unavailable, /readyz and /metrics name it) and a restarted one is
// served again; a replica kept by xapian-replicate is served and then updated under load
// without a failed or mixed request.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "../api/server_fixture.h"
#include "../support/temp_dir.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_writer.h"
#include "kb/search.h"
#include "processes.h"

namespace {

namespace fs = std::filesystem;
using kb::testing::free_port;
using kb::testing::RunningServer;
using kb::testing::TempDir;
using kb::testing::Tool;
using kb::testing::wait_listening;
using kb::testing::without_timing;
using namespace std::chrono_literals;

// xapian-tcpsrv serving one shard folder read-only on `port`.
std::unique_ptr<Tool> serve_shard(const std::string& shard_dir, int port, const TempDir& logs) {
  auto tool = std::make_unique<Tool>(
      std::vector<std::string>{"xapian-tcpsrv", "--port", std::to_string(port), shard_dir},
      (logs.path() / ("tcpsrv-" + std::to_string(port) + ".log")).string());
  EXPECT_TRUE(wait_listening(port)) << "xapian-tcpsrv did not listen on " << port;
  return tool;
}

std::string published(const kb::Corpus& corpus, const fs::path& dir, unsigned shards) {
  kb::BuildOptions options;
  options.shards = shards;
  return kb::publish_index(corpus, dir.string(), {}, options).generation_dir;
}

// What a reader sees of a search: the top 10 ids in order, the total and every facet count.
struct Outcome {
  std::string top10, facet_counts;
  std::size_t total = 0;
  bool total_exact = false, facets_exact = false;  // counted, or estimated from a sample
};
Outcome outcome(const kb::Index& index, const std::string& query) {
  kb::SearchRequest request;
  request.query = query;
  request.limit = 10;
  auto r = index.search(request);
  Outcome out;
  for (const auto& h : r.hits) out.top10 += h.view.unit.id + "\n";
  for (const auto& f : r.facets)
    for (const auto& v : f.values)
      out.facet_counts += f.name + "/" + v.value + " " + std::to_string(v.count) + "\n";
  out.total = r.total;
  out.total_exact = r.total_exact;
  out.facets_exact = r.facets_exact;
  return out;
}

// Two xapian-tcpsrv, one per shard of a generation, and the options that name them.
struct RemoteShards {
  std::vector<std::unique_ptr<Tool>> servers;
  std::vector<int> ports;
  kb::ShardOptions options;
  RemoteShards(const std::string& generation, const TempDir& logs, unsigned n) {
    for (unsigned k = 0; k < n; ++k) {
      auto name = "shard-" + std::to_string(k);
      ports.push_back(free_port());
      servers.push_back(serve_shard(generation + "/" + name, ports.back(), logs));
      options.remote[name] = {"127.0.0.1", static_cast<unsigned>(ports.back())};
    }
    options.timeout_ms = 10000;
  }
};

// The same top 10 and every facet count for every query, whether counted (up to
// exact_count_limit matches) or estimated from a sample (the sample's units and size do not
// depend on the layout); the same total wherever the single index counts it. Where that
// estimates the total, Xapian's estimate over shards is another (the shards may even count
// it), and both say which they give (total_exact; docs/deployment.md).
// Returns how many queries had their facet counts estimated.
int expect_same_as_one_index(const kb::Corpus& corpus, const std::vector<std::string>& queries) {
  TempDir work;
  published(corpus, work.path() / "one", 0);
  auto generation = published(corpus, work.path() / "two", 2);
  RemoteShards remote(generation, work, 2);
  kb::Index one((work.path() / "one").string());
  auto two = kb::Index::open_generation(generation, remote.options);
  auto shards = two.shards();
  EXPECT_EQ(shards.size(), 2u);
  for (const auto& s : shards) {
    EXPECT_TRUE(s.remote) << s.name;
    EXPECT_TRUE(s.up) << s.name << ": " << s.problem;
  }
  EXPECT_EQ(one.unit_count(), two.unit_count());
  int estimated = 0;
  for (const auto& q : queries) {
    auto a = outcome(one, q), b = outcome(two, q);
    EXPECT_EQ(a.top10, b.top10) << "query: " << q;
    EXPECT_EQ(a.facet_counts.empty(), a.total == 0) << "query: " << q;
    EXPECT_EQ(a.facet_counts, b.facet_counts) << "query: " << q;
    EXPECT_EQ(a.facets_exact, b.facets_exact) << "query: " << q;
    if (a.total_exact) {
      EXPECT_TRUE(b.total_exact) << "query: " << q;
      EXPECT_EQ(a.total, b.total) << "query: " << q;
    }
    if (!a.facets_exact) ++estimated;
  }
  return estimated;
}

TEST(Scaleout, TwoRemoteShardsGiveTheTopTenAndFacetCountsOfOneIndex) {
  auto estimated =
      expect_same_as_one_index(kb::load_corpus(KB_SOURCE_DIR "/corpus"),
                               {"DNS abuse", "IGF funding", "multistakeholder model",
                                "internet fragmentation", "capacity building", "\"domain name\"",
                                "kind:proof-point security", "WSIS+20 review", "governence", ""});
  EXPECT_EQ(estimated, 0);  // the bundled corpus is small: every count is exact
}

// A subset of the IETF RFC scale corpus (../shared/eval/ietf-rfc): other documents, other
// words, many units per document.
TEST(Scaleout, TwoRemoteShardsGiveTheTopTenAndFacetCountsOfOneIndexOnRfcs) {
  fs::path tar_file = KB_SOURCE_DIR "/../shared/eval/ietf-rfc/ietf-rfc-0001-2999.tar.xz";
  ASSERT_TRUE(fs::exists(tar_file)) << tar_file << " is missing: the scale corpus is part of CI";
  TempDir corpus_dir;
  fs::create_directories(corpus_dir.path() / "documents");
  // RFC 1-299: an archive's early years, as files the importer reads.
  std::string command =
      "tar -xJf '" + tar_file.string() + "' -C '" + corpus_dir.str() +
      "' --wildcards 'ietf-rfc-0001-2999/rfc00*.md' 'ietf-rfc-0001-2999/rfc01*.md' "
      "'ietf-rfc-0001-2999/rfc02*.md' && mv '" +
      corpus_dir.str() + "'/ietf-rfc-0001-2999/*.md '" + corpus_dir.str() +
      "/documents/' && for f in '" + corpus_dir.str() +
      "'/documents/*.md; do tr -d '\\000' < \"$f\" > \"$f.t\" && mv \"$f.t\" "
      "\"$f\"; done";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  auto corpus = kb::load_corpus(corpus_dir.str());
  ASSERT_GT(corpus.sources.size(), 250u);
  auto estimated = expect_same_as_one_index(
      corpus, {"telnet protocol", "file transfer", "host names", "network control program",
               "ARPANET", "mail", "tcp", "\"remote job entry\"", "imp host interface",
               "\"data reconfiguration service\"", "hostname server", "graphics"});
  // Queries of more than exact_count_limit matches, whose facet counts come from a sample,
  // and queries of fewer, counted: both kinds compared count for count.
  EXPECT_GE(estimated, 2);
  EXPECT_LE(estimated, 10);
}

// The documented answer to a dead shard: no partial results. Searches answer 503
// shard_unavailable; /readyz answers 503 naming the shard; /metrics says kb_shard_up 0;
// once the shard is back, searches are answered again without a restart.
TEST(Scaleout, AKilledShardIsShardUnavailableAndARestartedOneIsServedAgain) {
  TempDir work;
  auto corpus = kb::load_corpus(KB_SOURCE_DIR "/corpus");
  auto generation = published(corpus, work.path() / "index", 2);
  TempDir logs;
  int port = free_port();
  auto shard1 = serve_shard(generation + "/shard-1", port, logs);
  auto config = kb::testing::test_config((work.path() / "index").string());
  config.remote_shards["shard-1"] = {"127.0.0.1", static_cast<unsigned>(port)};
  config.shard_timeout_ms = 10000;
  RunningServer server(config);
  auto client = server.client();
  auto before = client.Get("/api/v1/search?q=IGF+funding");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200) << before->body;
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;

  shard1->kill();
  for (const char* path : {"/api/v1/search?q=IGF+funding", "/api/v1/search?q=dns"}) {
    auto r = client.Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503) << r->body;
    EXPECT_EQ(kb::testing::body_of(r)["error"]["code"], "shard_unavailable") << r->body;
  }
  auto not_ready = client.Get("/readyz");
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->status, 503);
  auto body = kb::testing::body_of(not_ready);
  bool named = false;
  for (const auto& s : body["shards"])
    if (s["name"] == "shard-1") {
      named = true;
      EXPECT_FALSE(s["up"].get<bool>());
    } else {
      EXPECT_TRUE(s["up"].get<bool>()) << s.dump();
    }
  EXPECT_TRUE(named) << not_ready->body;
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("kb_shard_up{shard=\"shard-1\",remote=\"true\"} 0"),
            std::string::npos)
      << metrics->body;

  auto restarted = serve_shard(generation + "/shard-1", port, logs);
  // Every worker thread answers again (each had its own connection to drop).
  for (int i = 0; i < 3 * config.threads; ++i) {
    auto r = client.Get("/api/v1/search?q=IGF+funding");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(without_timing(r->body), without_timing(before->body));
  }
  auto ready_again = client.Get("/readyz");
  ASSERT_TRUE(ready_again);
  EXPECT_EQ(ready_again->status, 200) << ready_again->body;
}

// A shard that hangs (its machine stopped answering, not refusing): the configured timeout
// ends the wait and the search is 503 shard_unavailable, not a request held forever.
TEST(Scaleout, AHangingShardIsBoundedByTheShardTimeout) {
  TempDir work, logs;
  auto corpus = kb::load_corpus(KB_SOURCE_DIR "/corpus");
  auto generation = published(corpus, work.path() / "index", 2);
  int port = free_port();
  auto shard1 = serve_shard(generation + "/shard-1", port, logs);
  auto config = kb::testing::test_config((work.path() / "index").string());
  config.remote_shards["shard-1"] = {"127.0.0.1", static_cast<unsigned>(port)};
  config.shard_timeout_ms = 1000;
  config.request_deadline_ms = 0;  // only the shard timeout bounds the wait
  config.search_budget_ms = 600000;
  RunningServer hanging(config);
  RunningServer whole(kb::testing::test_config((work.path() / "index").string()));
  auto c = hanging.client();
  c.set_read_timeout(120, 0);  // far above the shard timeout: the answer must come first
  auto warm = c.Get("/api/v1/search?q=dns");
  ASSERT_TRUE(warm);
  ASSERT_EQ(warm->status, 200);

  shard1->signal_group(SIGSTOP);
  auto r = c.Get("/api/v1/search?q=IGF+funding");
  ASSERT_TRUE(r) << "no answer: the hanging shard held the request";
  EXPECT_EQ(r->status, 503) << r->body;
  EXPECT_EQ(kb::testing::body_of(r)["error"]["code"], "shard_unavailable");
  // The same index with every shard at hand is unaffected.
  auto other = whole.client().Get("/api/v1/search?q=IGF+funding");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  shard1->signal_group(SIGCONT);
}

// xapian-replicate keeps a copy of the published database; kb-searchd serves the copy
// and switches to a new one as it does to a newly published generation: every request
// under load succeeds and answers from one generation or the other, the old until the
// switch and the new after (never back).
TEST(Scaleout, AReplicaIsServedAndUpdatedWithoutAFailedOrMixedRequest) {
  TempDir master, replica_parent, logs;
  auto replica = replica_parent.path() / "replica";  // xapian-replicate makes the folder
  auto corpus = kb::load_corpus(KB_SOURCE_DIR "/corpus");
  published(corpus, master.path(), 0);
  int port = free_port();
  Tool replicate_server({"xapian-replicate-server", "-p", std::to_string(port), master.str()},
                        (logs.path() / "replicate-server.log").string());
  ASSERT_TRUE(wait_listening(port));
  auto replicate_once = [&] {
    Tool client({"xapian-replicate", "-h", "127.0.0.1", "-p", std::to_string(port), "-m", "current",
                 "-o", replica.string()},
                (logs.path() / "replicate.log").string());
    return client.wait();
  };
  ASSERT_EQ(replicate_once(), 0);
  RunningServer server(kb::testing::test_config(replica.string()));

  auto total_of = [&](httplib::Client& c) -> long {
    auto r = c.Get("/api/v1/search?q=internet&per_page=1");
    if (!r || r->status != 200) return -1;
    return kb::testing::body_of(r)["total"].get<long>();
  };
  auto client = server.client();
  long old_total = total_of(client);
  ASSERT_GT(old_total, 0);

  // The next generation: the same corpus without a source that speaks of the Internet,
  // so "internet" has fewer matches.
  auto next = corpus;
  std::string dropped;
  for (const auto& u : next.units)
    if (u.text.find("Internet") != std::string::npos) {
      dropped = u.source_id;
      break;
    }
  ASSERT_FALSE(dropped.empty());
  std::erase_if(next.sources, [&](const kb::SourceDocument& s) { return s.id == dropped; });
  std::erase_if(next.units, [&](const kb::Unit& u) { return u.source_id == dropped; });

  std::atomic<bool> done{false};
  std::atomic<int> failed{0}, mixed{0}, answered{0};
  std::atomic<long> new_total{-2};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t)
    readers.emplace_back([&] {
      auto c = server.client();
      c.set_keep_alive(true);
      bool seen_new = false;
      while (!done) {
        long total = total_of(c);
        ++answered;
        if (total < 0) {
          ++failed;
        } else if (total != old_total) {
          long unset = -2;
          new_total.compare_exchange_strong(unset, total);
          if (total != new_total) ++mixed;  // neither generation's answer
          seen_new = true;
        } else if (seen_new) {
          ++mixed;  // back to the old generation after the new one
        }
      }
    });
  published(next, master.path(), 0);
  EXPECT_EQ(replicate_once(), 0);
  // The readers see the new generation (each thread reopens on its next request).
  for (int i = 0; i < 6000 && new_total == -2; ++i) std::this_thread::sleep_for(10ms);
  int after_switch = answered + 30;
  while (answered < after_switch) std::this_thread::sleep_for(10ms);
  done = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(mixed, 0);
  EXPECT_GT(new_total, 0);
  EXPECT_LT(new_total, old_total);
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(kb::testing::body_of(ready)["generation"].get<std::string>().rfind("replica_", 0), 0u);
}

}  // namespace
