// Briefs over an index of the bundled corpus: for every framework audience and a range of
// topics, the audience's guidance, messages with proof points, citations on every unit,
// no unit twice, and the same brief every time.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>
#include <tuple>

#include "../support/temp_dir.h"
#include "kb/api/brief_json.h"
#include "kb/brief.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/index_writer.h"

namespace {

class BriefIndex {
 public:
  static const kb::Index& get() {
    static BriefIndex instance;
    return *instance.index_;
  }

 private:
  BriefIndex() {
    auto corpus = kb::load_corpus(std::string(KB_SOURCE_DIR) + "/corpus");
    kb::publish_index(corpus, dir_.str());
    index_ = std::make_unique<kb::Index>(dir_.str());
  }
  kb::testing::TempDir dir_;
  std::unique_ptr<kb::Index> index_;
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Every unit of a brief, in the order it is shown.
std::vector<const kb::Hit*> all_units(const kb::Brief& b) {
  std::vector<const kb::Hit*> out;
  for (const auto& h : b.guidance) out.push_back(&h);
  for (const auto& m : b.messages) {
    out.push_back(&m.message);
    for (const auto& p : m.proof_points) out.push_back(&p);
  }
  for (const auto& h : b.supporting) out.push_back(&h);
  for (const auto& h : b.glossary) out.push_back(&h);
  return out;
}

bool tagged(const kb::Unit& u, const std::string& audience) {
  return std::any_of(u.audiences.begin(), u.audiences.end(),
                     [&](const kb::Tag& t) { return t.id == audience; });
}

using Topic = std::tuple<std::string, std::string>;  // (audience, words)

class BriefForAudienceAndTopic : public ::testing::TestWithParam<Topic> {};

TEST_P(BriefForAudienceAndTopic, HasGuidanceMessagesCitationsAndNoUnitTwice) {
  const auto& [audience, words] = GetParam();
  kb::BriefRequest request;
  request.audience = audience;
  request.query = words;
  auto b = kb::make_brief(BriefIndex::get(), request);

  EXPECT_EQ(b.audience.value, audience);
  EXPECT_FALSE(b.audience.label.empty());
  EXPECT_EQ(b.topic, words);

  ASSERT_FALSE(b.guidance.empty()) << "no guidance for " << audience;
  for (const auto& g : b.guidance) {
    EXPECT_EQ(g.view.unit.kind, kb::kind::audience_guidance);
    EXPECT_TRUE(tagged(g.view.unit, audience)) << g.view.unit.id;
  }

  ASSERT_GE(b.messages.size(), 1u);
  ASSERT_LE(b.messages.size(), kb::brief_max_messages);
  for (const auto& m : b.messages) {
    EXPECT_EQ(m.message.view.unit.kind, kb::kind::message);
    ASSERT_FALSE(m.proof_points.empty()) << m.message.view.unit.id;
    EXPECT_LE(m.proof_points.size(), kb::brief_max_proof_points);
    std::string text = lower(m.message.view.unit.title + " " + m.message.view.unit.text);
    for (const auto& p : m.proof_points) {
      EXPECT_EQ(p.view.unit.kind, kb::kind::proof_point);
      EXPECT_EQ(p.view.unit.message_id, m.message.view.unit.id);
      text += " " + lower(p.view.unit.text);
    }
    // The why names words the message and its proof points really hold.
    EXPECT_FALSE(m.why.words.empty()) << m.message.view.unit.id;
    for (const auto& w : m.why.words) EXPECT_NE(text.find(w), std::string::npos) << w;
    EXPECT_FALSE(m.why.summary.empty());
  }

  std::set<std::string> message_sources;
  for (const auto& m : b.messages) message_sources.insert(m.message.view.unit.source_id);
  for (const auto& s : b.supporting) {
    EXPECT_TRUE(s.view.unit.kind == kb::kind::answer || s.view.unit.kind == kb::kind::passage);
    EXPECT_EQ(message_sources.count(s.view.unit.source_id), 0u) << s.view.unit.id;
  }
  for (const auto& g : b.glossary) EXPECT_EQ(g.view.unit.kind, kb::kind::glossary);

  std::set<std::string> ids, sources;
  for (const auto& s : b.sources) EXPECT_TRUE(sources.insert(s.id).second) << s.id;
  for (const auto* h : all_units(b)) {
    EXPECT_TRUE(ids.insert(h->view.unit.id).second) << h->view.unit.id << " is in twice";
    EXPECT_FALSE(h->view.cite.empty()) << h->view.unit.id;
    EXPECT_GT(h->view.unit.cite.first_line, 0) << h->view.unit.id;
    EXPECT_EQ(sources.count(h->view.unit.source_id), 1u) << h->view.unit.id;
  }

  // The same index gives the same brief, to the byte.
  EXPECT_EQ(kb::api::to_json(kb::make_brief(BriefIndex::get(), request)).dump(),
            kb::api::to_json(b).dump());
}

const std::string kAudiences[] = {"policymakers", "technical-community", "civil-society",
                                  "business"};
const std::string kTopics[] = {"DNS abuse",
                               "IGF funding",
                               "fragmentation",
                               "multistakeholder model",
                               "universal acceptance",
                               "technical community role"};

std::string param_name(const ::testing::TestParamInfo<Topic>& info) {
  std::string name = std::get<0>(info.param) + "_" + std::get<1>(info.param);
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Framework, BriefForAudienceAndTopic,
                         ::testing::Combine(::testing::ValuesIn(kAudiences),
                                            ::testing::ValuesIn(kTopics)),
                         param_name);

TEST(Brief, DnsAbuseForPolicymakersHoldsBothDnsAbuseProofPoints) {
  kb::BriefRequest r;
  r.audience = "Policymakers";  // a label works as well as an id
  r.query = "DNS abuse";
  auto b = kb::make_brief(BriefIndex::get(), r);
  std::set<std::string> ids;
  for (const auto* h : all_units(b)) ids.insert(h->view.unit.id);
  EXPECT_TRUE(ids.count("wsis20-framework/m1/pp4"));
  EXPECT_TRUE(ids.count("wsis20-framework/m5/pp3"));
  EXPECT_EQ(b.guidance.front().view.unit.id, "wsis20-framework/audience/policymakers");
  // The proof points the words found are marked, and come before those they did not.
  for (const auto& m : b.messages)
    EXPECT_NE(m.proof_points.front().snippet.find("<mark>"), std::string::npos);
  // "DNS" is used, so the glossary expands it.
  EXPECT_TRUE(std::any_of(b.glossary.begin(), b.glossary.end(),
                          [](const kb::Hit& h) { return h.view.unit.id == "glossary/dns"; }));
}

TEST(Brief, ThemeAsTopicChoosesMessagesCarryingIt) {
  kb::BriefRequest r;
  r.audience = "civil-society";
  r.themes = {"igf"};
  auto b = kb::make_brief(BriefIndex::get(), r);
  ASSERT_FALSE(b.messages.empty());
  EXPECT_EQ(b.messages.front().message.view.unit.id, "wsis20-framework/m3");
  for (const auto& m : b.messages)
    EXPECT_EQ(m.why.themes, std::vector<std::string>{"igf"}) << m.why.summary;
}

TEST(Brief, MessageAsTopicGivesThatMessageOnly) {
  kb::BriefRequest r;
  r.audience = "business";
  r.messages = {"m4"};
  auto b = kb::make_brief(BriefIndex::get(), r);
  ASSERT_EQ(b.messages.size(), 1u);
  EXPECT_EQ(b.messages[0].message.view.unit.id, "wsis20-framework/m4");
  EXPECT_TRUE(b.messages[0].why.requested);
  EXPECT_GE(b.messages[0].proof_points.size(), 2u);
}

TEST(Brief, RefusesWhatIsNotABrief) {
  const auto& index = BriefIndex::get();
  auto code_of = [&](kb::BriefRequest r) {
    try {
      kb::make_brief(index, r);
    } catch (const kb::Error& e) {
      return e.code();
    }
    return kb::ErrorCode::internal;  // not refused
  };
  kb::BriefRequest no_audience;
  no_audience.query = "DNS abuse";
  EXPECT_EQ(code_of(no_audience), kb::ErrorCode::invalid_argument);
  kb::BriefRequest no_topic;
  no_topic.audience = "policymakers";
  no_topic.query = "   ";
  EXPECT_EQ(code_of(no_topic), kb::ErrorCode::invalid_argument);
  kb::BriefRequest unknown = no_audience;
  unknown.audience = "astronauts";
  EXPECT_EQ(code_of(unknown), kb::ErrorCode::unknown_filter);
}

TEST(Brief, NoMatchingMessageIsAnEmptyListNotAnother) {
  kb::BriefRequest r;
  r.audience = "policymakers";
  r.query = "xylophone";
  auto b = kb::make_brief(BriefIndex::get(), r);
  EXPECT_TRUE(b.messages.empty());
  EXPECT_TRUE(b.supporting.empty());
  EXPECT_FALSE(b.guidance.empty());  // what to say to policymakers holds anyway
}

TEST(BriefJson, RoundTripsThroughTheApiShape) {
  kb::BriefRequest r;
  r.audience = "policymakers";
  r.query = "IGF funding";
  auto b = kb::make_brief(BriefIndex::get(), r);
  auto j = kb::api::to_json(b);
  for (const char* key :
       {"audience", "topic", "guidance", "messages", "supporting", "glossary", "sources"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["audience"]["id"], "policymakers");
  const auto& unit = j["messages"][0]["proof_points"][0];
  for (const char* key : {"id", "kind", "title", "text", "cite", "audiences", "themes"})
    EXPECT_TRUE(unit.contains(key)) << key;
  EXPECT_TRUE(j["messages"][0]["why"]["summary"].is_string());
  EXPECT_EQ(kb::api::to_json(kb::api::brief_from_json(j)).dump(), j.dump());
}

}  // namespace
