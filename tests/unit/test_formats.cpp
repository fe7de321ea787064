// PDF, DOCX and HTML documents (issue 14, formats): the seed framework as PDF and as DOCX,
// the seed consultation as HTML (tests/fixtures/formats, made by its make.sh from the seed
// texts) import as the texts do; PDF citations give the page; broken, encrypted,
// over-size and zip-bomb files are refused with "file: what" before anything is inflated.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../support/run_command.h"
#include "../support/temp_dir.h"
#include "import/formats.h"
#include "kb/corpus.h"
#include "kb/error.h"
#include "kb/model.h"
#include "kb/text_source.h"

namespace fs = std::filesystem;
using kb::testing::run_command;
using kb::testing::shell_quote;
using kb::testing::TempDir;
using kb::testing::write_file;

namespace {

const std::string kSeeds = std::string(KB_SOURCE_DIR) + "/corpus";
const std::string kFormats = std::string(KB_FIXTURES_DIR) + "/formats";

bool contains(const std::string& s, const std::string& needle) {
  return s.find(needle) != std::string::npos;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A corpus of one document `file` (copied from `from` when given) with the seed taxonomy
// and a catalog entry of `kind` with id `id`.
void make_corpus(const TempDir& dir, const std::string& file, const std::string& id,
                 const std::string& kind, const std::string& from = "") {
  fs::create_directories(dir.path() / "documents");
  fs::copy_file(kSeeds + "/taxonomy.xml", dir / "taxonomy.xml");
  write_file(dir.path() / "catalog.xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog>\n"
             "  <document id=\"" +
                 id + "\" file=\"documents/" + file + "\" kind=\"" + kind +
                 "\" lang=\"en\">\n"
                 "    <title>T</title><publisher>P</publisher><date>2025</date>"
                 "<description>D</description>\n  </document>\n</catalog>\n");
  if (!from.empty()) fs::copy_file(from, dir.path() / "documents" / file);
}

std::vector<const kb::Unit*> of_kind(const kb::Corpus& c, const std::string& kind) {
  std::vector<const kb::Unit*> out;
  for (const auto& u : c.units)
    if (u.kind == kind) out.push_back(&u);
  return out;
}

std::vector<std::string> field(const std::vector<const kb::Unit*>& units,
                               std::string (*get)(const kb::Unit&)) {
  std::vector<std::string> out;
  for (const auto* u : units) out.push_back(get(*u));
  return out;
}
std::string title_of(const kb::Unit& u) {
  return u.title;
}
std::string text_of(const kb::Unit& u) {
  return u.text;
}
std::string id_of(const kb::Unit& u) {
  return u.id;
}
// The text with its paragraph breaks as spaces.
std::string flat_text_of(const kb::Unit& u) {
  std::string out;
  for (char c : u.text)
    if (c != '\n')
      out += c;
    else if (out.empty() || out.back() != ' ')
      out += ' ';
  return out;
}
std::string message_of(const kb::Unit& u) {
  return u.message_id;
}
std::string audience_of(const kb::Unit& u) {
  return u.audiences.empty() ? std::string() : u.audiences[0].id;
}

kb::Corpus load_one(const std::string& file, const std::string& id, const std::string& kind,
                    const std::string& from) {
  TempDir dir;
  make_corpus(dir, file, id, kind, from);
  return kb::load_corpus(dir.str());
}

// The message of load_corpus's IngestError for a corpus of one document with `content`.
std::string ingest_error(const std::string& file, const std::string& content,
                         std::string* path = nullptr) {
  TempDir dir;
  make_corpus(dir, file, "doc", "framework");
  write_file(dir.path() / "documents" / file, content);
  if (path) *path = (dir.path() / "documents" / file).string();
  try {
    kb::load_corpus(dir.str());
  } catch (const kb::IngestError& e) {
    return e.what();
  }
  return "(no error)";
}

bool have(const char* program) {
  return run_command(std::string("command -v ") + program).exit_code == 0;
}

class SeedFramework : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    text_ =
        new kb::Corpus(load_one("wsis20-messaging-framework.txt", "wsis20-framework", "framework",
                                kSeeds + "/documents/wsis20-messaging-framework.txt"));
  }
  static void TearDownTestSuite() {
    delete text_;
    text_ = nullptr;
  }

  // The framework in another format imports exactly as the text does.
  static void expect_as_text(const kb::Corpus& c) {
    auto messages = of_kind(c, kb::kind::message);
    auto pps = of_kind(c, kb::kind::proof_point);
    auto guidance = of_kind(c, kb::kind::audience_guidance);
    ASSERT_EQ(messages.size(), 5u);
    EXPECT_EQ(pps.size(), 20u);
    EXPECT_EQ(guidance.size(), 4u);
    EXPECT_EQ(field(messages, title_of), field(of_kind(*text_, kb::kind::message), title_of));
    EXPECT_EQ(field(messages, id_of), field(of_kind(*text_, kb::kind::message), id_of));
    for (const auto* m : messages) {
      int n = 0;
      for (const auto* pp : pps) n += pp->message_id == m->id;
      EXPECT_EQ(n, 4) << m->id << " has four proof points";
    }
    EXPECT_EQ(field(pps, message_of), field(of_kind(*text_, kb::kind::proof_point), message_of));
    EXPECT_EQ(field(pps, text_of), field(of_kind(*text_, kb::kind::proof_point), text_of));
    EXPECT_EQ(field(guidance, audience_of),
              (std::vector<std::string>{"policymakers", "technical-community", "civil-society",
                                        "business"}));
    EXPECT_EQ(field(guidance, text_of),
              field(of_kind(*text_, kb::kind::audience_guidance), text_of));
    for (const auto& u : c.units) {
      EXPECT_FALSE(contains(u.text, ".....")) << u.id << " holds table-of-contents text";
      EXPECT_FALSE(contains(u.text, "Page 1 of")) << u.id << " holds a running footer";
    }
  }
  static kb::Corpus* text_;
};
kb::Corpus* SeedFramework::text_ = nullptr;

// ---------------------------------------------------------------------------- PDF

TEST_F(SeedFramework, PdfImportsAsTheText) {
  auto c = load_one("wsis20-messaging-framework.pdf", "wsis20-framework", "framework",
                    kFormats + "/wsis20-messaging-framework.pdf");
  expect_as_text(c);
}

TEST_F(SeedFramework, PdfWithoutCatalogEntryIsDetectedAsFramework) {
  TempDir dir;
  fs::create_directories(dir.path() / "documents");
  fs::copy_file(kSeeds + "/taxonomy.xml", dir / "taxonomy.xml");
  fs::copy_file(kFormats + "/wsis20-messaging-framework.pdf",
                dir.path() / "documents" / "wsis20-messaging-framework.pdf");
  auto c = kb::load_corpus(dir.str());
  EXPECT_EQ(of_kind(c, kb::kind::message).size(), 5u);
  EXPECT_EQ(of_kind(c, kb::kind::proof_point).size(), 20u);
}

TEST_F(SeedFramework, PdfCitationsGiveThePage) {
  auto c = load_one("wsis20-messaging-framework.pdf", "wsis20-framework", "framework",
                    kFormats + "/wsis20-messaging-framework.pdf");
  // pdftotext shows "National resolver mandates…" (message 4, proof point 1) on page 4 of 6.
  const kb::Unit* pp = nullptr;
  for (const auto& u : c.units)
    if (u.id == "wsis20-framework/m4/pp1") pp = &u;
  ASSERT_NE(pp, nullptr);
  EXPECT_TRUE(contains(pp->text, "National resolver mandates")) << pp->text;
  EXPECT_EQ(pp->cite.page, 4);
  EXPECT_EQ(pp->cite.last_page, 4);
  auto cite = kb::format_citation("Framework", pp->cite);
  EXPECT_TRUE(contains(cite, "p. 4, line")) << cite;
  for (const auto& u : c.units) {
    EXPECT_GE(u.cite.page, 1) << u.id;
    EXPECT_LE(u.cite.last_page, 6) << u.id;
    EXPECT_GE(u.cite.last_page, u.cite.page) << u.id;
  }
  // A text source has no pages.
  for (const auto& u : text_->units) EXPECT_EQ(u.cite.page, 0) << u.id;
}

TEST(PdfCitation, PagesAndLinesInTheCitation) {
  kb::Citation cite;
  cite.first_line = 94;
  cite.last_line = 94;
  EXPECT_EQ(kb::format_citation("F", cite), "F, line 94");
  cite.page = cite.last_page = 3;
  EXPECT_EQ(kb::format_citation("F", cite), "F, p. 3, line 94");
  cite.last_page = 4;
  cite.last_line = 120;
  EXPECT_EQ(kb::format_citation("F", cite), "F, pp. 3-4, lines 94-120");
}

TEST(PdfText, RunningPageNumbersAreDropped) {
  std::vector<kb::detail::PdfPage> pages(3);
  pages[0].lines = {"Title", "", "Text of page one.", "", "1"};
  pages[1].lines = {"- 2 -", "Text of page two.", "", "Page 2 of 3"};
  pages[2].lines = {"Text of page three.", "3/3", ""};
  std::vector<int> first;
  auto text = kb::detail::join_pdf_pages(pages, first);
  EXPECT_FALSE(contains(text, "Page 2")) << text;
  EXPECT_FALSE(contains(text, "- 2 -")) << text;
  EXPECT_FALSE(contains(text, "3/3")) << text;
  EXPECT_FALSE(contains(text, "\n1\n")) << text;
  EXPECT_TRUE(contains(text, "Text of page three.")) << text;
  EXPECT_EQ(first.size(), 3u);
  // Each dropped page number is recorded for kb-index --explain, numbered as in the text.
  std::vector<kb::DroppedLine> dropped;
  kb::detail::join_pdf_pages(pages, first, &dropped);
  std::vector<std::pair<int, std::string>> got;
  for (const auto& d : dropped) got.emplace_back(d.number, d.text);
  EXPECT_EQ(got, (std::vector<std::pair<int, std::string>>{
                     {5, "1"}, {7, "- 2 -"}, {10, "Page 2 of 3"}, {13, "3/3"}}));
  for (const auto& d : dropped) EXPECT_EQ(d.reason, "page number");
  // A number inside a page is content.
  pages.assign(1, {});
  pages[0].lines = {"Heading", "2025", "Text."};
  text = kb::detail::join_pdf_pages(pages, first);
  EXPECT_TRUE(contains(text, "2025")) << text;
}

TEST(PdfText, HyphenatedLineEndsAreJoinedWhenPlausible) {
  std::vector<kb::detail::PdfPage> pages(2);
  pages[0].lines = {"the multi-",  "stakeholder model and self-",
                    "governance;", "a self-governance body, Broad-",
                    "Based and",   "last line of a page multi-"};
  pages[1].lines = {"", "lateral talks"};
  std::vector<int> first;
  auto text = kb::detail::join_pdf_pages(pages, first);
  EXPECT_TRUE(contains(text, "the multistakeholder\nmodel")) << text;
  // "self-governance" is written with its hyphen elsewhere: the hyphen stays.
  EXPECT_TRUE(contains(text, "self-governance;")) << text;
  // An upper-case second part is a hyphenated name, not a broken word.
  EXPECT_TRUE(contains(text, "Broad-\nBased and")) << text;
  // Across a page boundary.
  EXPECT_TRUE(contains(text, "multilateral")) << text;
  // A dash without spaces at a line end joins the next word; one with spaces does not.
  pages.assign(1, {});
  pages[0].lines = {"ICP-2 and ICP-3\xE2\x80\x94", "illustrate how", "technology \xE2\x80\x94",
                    "bringing"};
  text = kb::detail::join_pdf_pages(pages, first);
  EXPECT_TRUE(contains(text, "ICP-3\xE2\x80\x94illustrate\nhow")) << text;
  EXPECT_TRUE(contains(text, "technology \xE2\x80\x94\nbringing")) << text;
}

TEST(PdfErrors, MalformedPdfIsRefusedByName) {
  std::string path;
  auto e = ingest_error("broken.pdf", "%PDF-1.4\nthis is not a PDF body\n%%EOF\n", &path);
  EXPECT_TRUE(contains(e, path + ": ")) << e;
  EXPECT_TRUE(contains(e, "malformed PDF")) << e;
  e = ingest_error("text.pdf", "just some text, no PDF at all\n");
  EXPECT_TRUE(contains(e, "not a PDF")) << e;
}

TEST(PdfErrors, TruncatedPdfIsRefusedOrReadWithoutCrashing) {
  auto whole = slurp(kFormats + "/wsis20-messaging-framework.pdf");
  ASSERT_GT(whole.size(), 4096u);
  auto e = ingest_error("cut.pdf", whole.substr(0, 3000));
  // Poppler may recover what is there or give up; either way kb names the file.
  EXPECT_TRUE(contains(e, "cut.pdf")) << e;
}

TEST(PdfErrors, EncryptedPdfIsRefusedByName) {
  ASSERT_TRUE(have("qpdf")) << "qpdf is missing: scripts/setup.sh --test installs it";
  TempDir tmp;
  auto out = tmp / "locked.pdf";
  auto r = run_command("qpdf --encrypt secret owner 256 -- " +
                       shell_quote(kFormats + "/wsis20-messaging-framework.pdf") + " " +
                       shell_quote(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string path;
  auto e = ingest_error("locked.pdf", slurp(out), &path);
  EXPECT_TRUE(contains(e, path + ": ")) << e;
  EXPECT_TRUE(contains(e, "encrypted PDF")) << e;
}

// ---------------------------------------------------------------------------- DOCX

TEST_F(SeedFramework, DocxImportsAsTheText) {
  auto c = load_one("wsis20-messaging-framework.docx", "wsis20-framework", "framework",
                    kFormats + "/wsis20-messaging-framework.docx");
  expect_as_text(c);
  for (const auto& u : c.units) EXPECT_EQ(u.cite.page, 0) << u.id << ": a .docx has no pages";
}

TEST(DocxFormat, ConsultationWithWordNumberingGivesTheElevenAnswers) {
  // pandoc made the numbered questions Word list paragraphs (w:numPr, decimal in
  // word/numbering.xml): their numbers exist only in the numbering, not in the text.
  auto text = load_one("tccm-consultation-response-2025.txt", "tccm-consultation-2025",
                       "consultation", kSeeds + "/documents/tccm-consultation-response-2025.txt");
  auto docx = load_one("tccm-consultation-response-2025.docx", "tccm-consultation-2025",
                       "consultation", kFormats + "/tccm-consultation-response-2025.docx");
  auto answers = of_kind(docx, kb::kind::answer);
  std::vector<std::string> expected;
  for (int i = 1; i <= 11; ++i) expected.push_back("tccm-consultation-2025/q" + std::to_string(i));
  EXPECT_EQ(field(answers, id_of), expected);
  EXPECT_EQ(field(answers, title_of), field(of_kind(text, kb::kind::answer), title_of));
  EXPECT_EQ(of_kind(docx, kb::kind::signatory).size(), of_kind(text, kb::kind::signatory).size());
}

TEST(DocxErrors, NotAZipIsRefusedByName) {
  std::string path;
  auto e = ingest_error("letter.docx", "This is a plain text file named .docx\n", &path);
  EXPECT_TRUE(contains(e, path + ": ")) << e;
  EXPECT_TRUE(contains(e, "not a zip archive")) << e;
}

// A .docx made with python3's zipfile: `script` writes to the path in sys.argv[1].
std::string python_zip(const TempDir& tmp, const std::string& script) {
  auto out = tmp / "made.docx";
  write_file(tmp.path() / "make.py", "import sys, zipfile\n" + script);
  auto r = run_command("python3 " + shell_quote(tmp / "make.py") + " " + shell_quote(out));
  if (r.exit_code != 0) ADD_FAILURE() << r.err;
  return slurp(out);
}

TEST(DocxErrors, ZipBombIsRefusedBeforeInflating) {
  ASSERT_TRUE(have("python3")) << "python3 is missing: scripts/setup.sh --test installs it";
  TempDir tmp;
  // 80 MiB of spaces deflate to about 80 KB; the cap is 64 MiB.
  auto bomb = python_zip(tmp,
                         "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n"
                         "z.writestr('[Content_Types].xml', '<Types/>')\n"
                         "z.writestr('word/document.xml', ' ' * (80 << 20))\n"
                         "z.close()\n");
  ASSERT_LT(bomb.size(), 1u << 20) << "the bomb is small";
  std::string path;
  auto e = ingest_error("bomb.docx", bomb, &path);
  EXPECT_TRUE(contains(e, path + ": ")) << e;
  EXPECT_TRUE(contains(e, "word/document.xml would inflate to 80 MiB")) << e;
  EXPECT_TRUE(contains(e, "zip bomb")) << e;
}

TEST(DocxErrors, ZipBombWithALyingHeaderIsStoppedWhileInflating) {
  ASSERT_TRUE(have("python3")) << "python3 is missing: scripts/setup.sh --test installs it";
  TempDir tmp;
  // The same bomb, its declared size patched to 1000 bytes in the local header and the
  // central directory: the bytes actually inflated are counted.
  auto bomb = python_zip(tmp,
                         "import struct\n"
                         "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n"
                         "z.writestr('word/document.xml', ' ' * (80 << 20))\n"
                         "z.close()\n"
                         "b = bytearray(open(sys.argv[1], 'rb').read())\n"
                         "assert b[0:4] == b'PK\\x03\\x04'\n"
                         "struct.pack_into('<I', b, 22, 1000)\n"
                         "c = b.find(b'PK\\x01\\x02')\n"
                         "struct.pack_into('<I', b, c + 24, 1000)\n"
                         "open(sys.argv[1], 'wb').write(b)\n");
  std::string path;
  auto e = ingest_error("liar.docx", bomb, &path);
  EXPECT_TRUE(contains(e, path + ": word/document.xml")) << e;
  EXPECT_TRUE(contains(e, "inflates past its declared size") || contains(e, "cannot be inflated"))
      << e;
}

TEST(DocxErrors, ZipWithoutDocumentIsRefused) {
  ASSERT_TRUE(have("python3")) << "python3 is missing: scripts/setup.sh --test installs it";
  TempDir tmp;
  auto zip = python_zip(tmp,
                        "z = zipfile.ZipFile(sys.argv[1], 'w')\n"
                        "z.writestr('readme.txt', 'hello')\nz.close()\n");
  auto e = ingest_error("other.docx", zip);
  EXPECT_TRUE(contains(e, "without word/document.xml")) << e;
}

TEST(DocxStructure, HeadingsFromLocalizedStylesListsTablesAndBreaks) {
  ASSERT_TRUE(have("python3")) << "python3 is missing: scripts/setup.sh --test installs it";
  TempDir tmp;
  auto docx = python_zip(
      tmp,
      "W = 'xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"'\n"
      "styles = '<w:styles ' + W + '>"
      "<w:style w:type=\"paragraph\" w:styleId=\"berschrift2\"><w:name w:val=\"heading "
      "2\"/></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"Titel\"><w:name w:val=\"Title\"/></w:style>"
      "</w:styles>'\n"
      "doc = '<w:document ' + W + '><w:body>"
      "<w:p><w:pPr><w:pStyle w:val=\"Titel\"/></w:pPr><w:r><w:t>The Title</w:t></w:r></w:p>"
      "<w:p><w:pPr><w:pStyle w:val=\"berschrift2\"/></w:pPr><w:r><w:t>A </w:t></w:r>"
      "<w:r><w:t>Section</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>First line</w:t><w:br/><w:t>second line</w:t></w:r></w:p>"
      "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
      "<w:r><w:t>an item</w:t></w:r></w:p>"
      "<w:p><w:pPr><w:pStyle w:val=\"Heading3\"/></w:pPr><w:r><w:t>Plain id</w:t></w:r></w:p>"
      "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell one</w:t></w:r></w:p></w:tc>"
      "<w:tc><w:p><w:r><w:t>cell two</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
      "<w:p><w:r><w:delText>deleted</w:delText><w:t>kept</w:t></w:r></w:p>"
      "</w:body></w:document>'\n"
      "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n"
      "z.writestr('word/document.xml', doc)\nz.writestr('word/styles.xml', styles)\nz.close()\n");
  auto src = kb::detail::docx_text_source(docx, "made.docx");
  std::vector<std::pair<std::string, int>> got;
  for (const auto& l : src.lines)
    if (!l.text.empty()) got.emplace_back(l.text, l.heading_level);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, int>>{{"The Title", 1},
                                                           {"A Section", 2},
                                                           {"First line", 0},
                                                           {"second line", 0},
                                                           {"- an item", 0},
                                                           {"Plain id", 3},
                                                           {"cell one", 0},
                                                           {"cell two", 0},
                                                           {"kept", 0}}));
}

// ---------------------------------------------------------------------------- HTML

TEST(HtmlFormat, ConsultationAsHtmlGivesTheElevenAnswers) {
  auto text = load_one("tccm-consultation-response-2025.txt", "tccm-consultation-2025",
                       "consultation", kSeeds + "/documents/tccm-consultation-response-2025.txt");
  auto html = load_one("tccm-consultation-response-2025.html", "tccm-consultation-2025",
                       "consultation", kFormats + "/tccm-consultation-response-2025.html");
  auto answers = of_kind(html, kb::kind::answer);
  std::vector<std::string> expected;
  for (int i = 1; i <= 11; ++i) expected.push_back("tccm-consultation-2025/q" + std::to_string(i));
  EXPECT_EQ(field(answers, id_of), expected);
  // Every line of the seed is a <p> of its own: a short line the text importer joins with
  // the next as a wrapped line is a paragraph in HTML. The words are the same.
  EXPECT_EQ(field(answers, flat_text_of), field(of_kind(text, kb::kind::answer), flat_text_of));
  EXPECT_EQ(field(answers, title_of), field(of_kind(text, kb::kind::answer), title_of));
  bool entity_decoded = false;
  for (const auto& u : html.units) {
    for (const char* dropped : {"Cookie consent", "TCCM home", "Members list page", "sidebar",
                                "enable JavaScript", "Copyright notice", "font-family"})
      EXPECT_FALSE(contains(u.text, dropped) || contains(u.title, dropped))
          << u.id << " holds \"" << dropped << "\" from a script, style or navigation";
    entity_decoded = entity_decoded || contains(u.text, "Internet\xE2\x80\x99s");
    EXPECT_FALSE(contains(u.text, "&rsquo;")) << u.id;
  }
  EXPECT_TRUE(entity_decoded) << "&rsquo; is decoded by the parser";
}

TEST(HtmlFormat, HeadingsListsParagraphsAndBreaks) {
  auto src = kb::detail::html_text_source(
      "<html><head><title>x</title><script>var a = '<p>no</p>';</script></head><body>"
      "<nav><a>Home</a></nav><h2>Section &amp; more</h2><p>One\n  paragraph<br>next line</p>"
      "<ul><li>first</li><li><p>second</p></li></ul><ol start=\"3\"><li>third</li></ol>"
      "<div>In a div</div><template><p>hidden</p></template>"
      "<table><tr><td>cell a</td><td>cell b</td></tr></table></body></html>",
      "x.html");
  std::vector<std::pair<std::string, int>> got;
  for (const auto& l : src.lines)
    if (!l.text.empty()) got.emplace_back(l.text, l.heading_level);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, int>>{{"Section & more", 2},
                                                           {"One paragraph", 0},
                                                           {"next line", 0},
                                                           {"- first", 0},
                                                           {"- second", 0},
                                                           {"3. third", 0},
                                                           {"In a div", 0},
                                                           {"cell a", 0},
                                                           {"cell b", 0}}));
}

TEST(HtmlErrors, OverSizeHtmlIsRefusedBeforeReading) {
  TempDir dir;
  make_corpus(dir, "dump.html", "doc", "framework");
  auto path = (dir.path() / "documents" / "dump.html").string();
  // 50 MB, sparse: refused on its size, so nothing of it is read or parsed.
  write_file(path, "<p>x</p>");
  fs::resize_file(path, 50'000'000);
  try {
    kb::load_corpus(dir.str());
    FAIL() << "a 50 MB HTML file is refused";
  } catch (const kb::IngestError& e) {
    std::string what = e.what();
    EXPECT_TRUE(contains(what, path + ": ")) << what;
    EXPECT_TRUE(contains(what, "is 47 MiB; HTML files over 16 MiB are refused")) << what;
  }
}

TEST(HtmlErrors, AbsurdNestingIsRefusedBeforeParsing) {
  // The HTML5 tree construction is quadratic in the depth of open elements: 200000
  // unclosed <div>s (1 MB) would take minutes, so the depth is estimated first.
  std::string deep;
  for (int i = 0; i < 200000; ++i) deep += "<div>";
  deep += "deep text";
  try {
    kb::detail::html_text_source(deep, "deep.html");
    FAIL() << "a page nesting 200000 elements is refused";
  } catch (const kb::IngestError& e) {
    EXPECT_TRUE(contains(e.what(), "deep.html: nests elements about 200000 deep")) << e.what();
  }
  // Ordinary nesting, unclosed paragraphs and list items, void elements and tags in
  // scripts do not count towards the limit.
  std::string fine;
  for (int i = 0; i < 500; ++i) fine += "<div>";
  for (int i = 0; i < 5000; ++i) fine += "<p>para<li>item<br><img src=x>";
  fine += "<script>for (i = 0; i < n; i++) s += '<div><div><div>';</script>";
  fine += "<!-- <div><div> -->deep text";
  for (int i = 0; i < 500; ++i) fine += "</div>";
  auto src = kb::detail::html_text_source(fine, "fine.html");
  ASSERT_FALSE(src.lines.empty());
  EXPECT_EQ(src.lines.back().text, "deep text");
}

TEST(Formats, UnknownExtensionsAreStillSkippedWithAWarning) {
  TempDir dir;
  make_corpus(dir, "doc.txt", "doc", "document");
  write_file(dir.path() / "documents" / "doc.txt", "Some document text that is long enough.\n");
  write_file(dir.path() / "documents" / "sheet.xlsx", "PK");
  auto c = kb::load_corpus(dir.str());
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_TRUE(contains(c.warnings[0].message, ".pdf, .docx, .html")) << c.warnings[0].message;
}

}  // namespace
