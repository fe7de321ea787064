// Publishing a new index while clients query: no request fails, no response mixes two
// generations, and the new content is served without a restart.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <set>

#include "server_fixture.h"

namespace {

using kb::testing::TempDir;
using kb::testing::write_file;

// A corpus in which every unit carries the edition number.
void write_edition(const TempDir& corpus, int edition) {
  for (int d = 0; d < 3; ++d)
    write_file(corpus.path() / "documents" / ("doc" + std::to_string(d) + ".txt"),
               "Document " + std::to_string(d) + "\n\nThis is edition" + std::to_string(edition) +
                   " of the registry briefing, paragraph one.\n\nAnd edition" +
                   std::to_string(edition) + " again, paragraph two about resilience.\n");
}

TEST(Reload, RepublishingUnderLoadFailsNoRequestAndMixesNothing) {
  TempDir corpus, index;
  write_edition(corpus, 1);
  kb::publish_index(kb::load_corpus(corpus.str()), index.str());
  kb::testing::RunningServer server(kb::testing::test_config(index.str()));

  std::atomic<bool> done{false};
  std::atomic<int> requests{0}, failures{0}, mixed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 3; ++t) {
    clients.emplace_back([&] {
      auto c = server.client();
      std::regex edition("edition(\\d+)");
      while (!done) {
        auto r = c.Get("/api/v1/search?q=&per_page=50&facets=false");
        ++requests;
        if (!r || r->status != 200) {
          if (++failures == 1)
            std::cerr << "first failure: " << (r ? r->body : httplib::to_string(r.error())) << "\n";
          continue;
        }
        std::set<std::string> editions;
        auto body = nlohmann::json::parse(r->body);
        for (const auto& h : body["hits"]) {
          auto text = h["text"].get<std::string>();
          for (std::sregex_iterator it(text.begin(), text.end(), edition), end; it != end; ++it)
            editions.insert((*it)[1]);
        }
        if (editions.size() != 1 && ++mixed == 1)
          std::cerr << "mixed: " << r->body.substr(0, 600) << "\n";
      }
    });
  }
  for (int edition = 2; edition <= 8; ++edition) {
    write_edition(corpus, edition);
    kb::publish_index(kb::load_corpus(corpus.str()), index.str());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  done = true;
  for (auto& t : clients) t.join();

  EXPECT_GT(requests.load(), 20);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mixed.load(), 0);
  auto c = server.client();
  auto latest = nlohmann::json::parse(c.Get("/api/v1/search?q=edition8")->body);
  EXPECT_GT(latest["total"].get<int>(), 0);
  auto all = nlohmann::json::parse(c.Get("/api/v1/search?q=&per_page=50")->body);
  ASSERT_GT(all["total"].get<int>(), 0);
  for (const auto& h : all["hits"])
    EXPECT_NE(h["text"].get<std::string>().find("edition8"), std::string::npos);
}

}  // namespace
