// The request queue of kb-searchd's front (searchd/src/job_queue.h): a connection's first
// request goes ahead of kept-alive ones, and while both wait they take turns.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "job_queue.h"

namespace {

std::vector<std::string> drain(kb::http::JobQueue<std::string>& q) {
  std::vector<std::string> out;
  while (auto job = q.pop()) out.push_back(*job);
  return out;
}

TEST(JobQueue, AFirstRequestGoesAheadOfKeptAliveOnes) {
  kb::http::JobQueue<std::string> q;
  for (const char* job : {"k1", "k2", "k3", "k4"}) q.push(job, false);
  q.push("new", true);
  EXPECT_EQ(drain(q), (std::vector<std::string>{"new", "k1", "k2", "k3", "k4"}));
  EXPECT_TRUE(q.empty());
}

TEST(JobQueue, FirstAndKeptAliveRequestsTakeTurnsWhileBothWait) {
  kb::http::JobQueue<std::string> q;
  for (const char* job : {"k1", "k2", "k3"}) q.push(job, false);
  for (const char* job : {"n1", "n2", "n3", "n4"}) q.push(job, true);
  EXPECT_EQ(drain(q), (std::vector<std::string>{"n1", "k1", "n2", "k2", "n3", "k3", "n4"}));
}

TEST(JobQueue, EachKindStaysInArrivalOrder) {
  kb::http::JobQueue<std::string> q;
  q.push("k1", false);
  EXPECT_EQ(*q.pop(), "k1");
  q.push("n1", true);
  q.push("k2", false);
  q.push("n2", true);
  EXPECT_EQ(drain(q), (std::vector<std::string>{"n1", "k2", "n2"}));
  EXPECT_FALSE(q.pop().has_value());
}

}  // namespace
