// kb-index on PDF, DOCX and HTML documents (issue 14, formats), kb-query showing a PDF
// citation with its page. The refusals of broken files are in test_index_faults.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "../support/run_command.h"
#include "../support/temp_dir.h"

namespace fs = std::filesystem;
using kb::testing::run_command;
using kb::testing::shell_quote;
using kb::testing::TempDir;

TEST(FormatsCli, PdfDocxAndHtmlAreIndexedAndPdfCitationsGiveThePage) {
  TempDir work;
  auto corpus = work.path() / "corpus";
  auto index = (work.path() / "index").string();
  fs::create_directories(corpus / "documents");
  fs::copy_file(std::string(KB_SOURCE_DIR) + "/corpus/taxonomy.xml", corpus / "taxonomy.xml");
  const std::string fixtures = std::string(KB_FIXTURES_DIR) + "/formats/";
  fs::copy_file(fixtures + "wsis20-messaging-framework.pdf",
                corpus / "documents/framework-pdf.pdf");
  fs::copy_file(fixtures + "wsis20-messaging-framework.docx",
                corpus / "documents/framework-docx.docx");
  fs::copy_file(fixtures + "tccm-consultation-response-2025.html",
                corpus / "documents/consultation.html");
  auto r = run_command(std::string(KB_INDEX_BIN) + " --strict " + shell_quote(corpus.string()) +
                       " -q --out " + shell_quote(index));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(index) +
                  " --json --show framework-pdf/m4/pp1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  auto unit = j.contains("unit") ? j["unit"] : j;
  EXPECT_NE(unit.value("cite", "").find("p. 4, line"), std::string::npos) << r.out;
  EXPECT_EQ(unit["location"].value("page", 0), 4) << r.out;

  r = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(index) +
                  " --json --show framework-docx/m4/pp1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto d = nlohmann::json::parse(r.out);
  auto docx = d.contains("unit") ? d["unit"] : d;
  EXPECT_FALSE(docx["location"].contains("page")) << "a .docx has no pages: " << r.out;
  EXPECT_EQ(docx["cite"].get<std::string>().find("p. "), std::string::npos) << r.out;

  r = run_command(std::string(KB_QUERY_BIN) + " --index " + shell_quote(index) +
                  " --json --show consultation/q11");
  EXPECT_EQ(r.exit_code, 0) << "the HTML consultation's eleventh answer: " << r.err;
}
