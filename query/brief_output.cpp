#include "brief_output.h"

#include <sstream>

#include "text_output.h"

namespace kb::cli {
namespace {

std::string source_date(const Brief& b, const std::string& source_id) {
  for (const auto& s : b.sources)
    if (s.id == source_id) return s.date;
  return {};
}

std::string upper(std::string s) {
  for (auto& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// Markdown of a snippet: marks in bold, entities decoded.
std::string markdown_text(std::string s) {
  for (auto marker : {"<mark>", "</mark>"})
    for (auto pos = s.find(marker); pos != std::string::npos; pos = s.find(marker, pos + 2))
      s.replace(pos, std::string(marker).size(), "**");
  return term::unescape_html(s);
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "**[stale]** " before a fact that is not fresh, as the terminal flags it.
std::string markdown_flag(const Unit& unit) {
  auto flag = review_flag(unit, term::Style{false});
  return flag.empty() ? "" : "**" + flag.substr(0, flag.size() - 1) + "** ";
}

}  // namespace

std::string brief_text(const Brief& b, const term::Style& style) {
  std::ostringstream out;
  out << style.bold("Brief for " + b.audience.label + ": " + b.topic) << "\n";
  out << style.dim(plural(b.messages.size(), "message", "messages") + ", " +
                   plural(b.supporting.size(), "supporting passage", "supporting passages") + ", " +
                   plural(b.sources.size(), "source", "sources"))
      << "\n";

  out << "\n" << style.bold(upper("Guidance for " + b.audience.label)) << "\n";
  if (b.guidance.empty()) out << "  " << style.dim("(the corpus has no guidance for it)") << "\n";
  for (const auto& g : b.guidance) {
    out << indented(review_flag(g.view.unit, style) + terminal_snippet(g.snippet, style), "  ")
        << "\n";
    out << "  " << style.dim(g.view.cite + "  [" + g.view.unit.id + "]") << "\n";
  }

  out << "\n" << style.bold("MESSAGES") << "\n";
  if (b.messages.empty()) out << "  " << style.dim("(no message matches the topic)") << "\n";
  for (std::size_t i = 0; i < b.messages.size(); ++i) {
    const auto& m = b.messages[i];
    out << "\n"
        << style.bold(std::to_string(i + 1) + ". " + m.message.view.unit.title)
        << review_suffix(m.message.view.unit, style)
        << style.dim("  [" + m.message.view.unit.id + "]") << "\n";
    if (!m.message.view.unit.text.empty())
      out << indented(terminal_snippet(m.message.snippet, style), "   ") << "\n";
    out << "   " << style.dim("why: ") << m.why.summary << "\n";
    for (const auto& p : m.proof_points) {
      out << "   " << style.green("•") << " "
          << indented(review_flag(p.view.unit, style) + terminal_snippet(p.snippet, style), "     ")
                 .substr(5)
          << "\n";
      out << "     " << style.dim(p.view.cite + "  [" + p.view.unit.id + "]") << "\n";
    }
  }

  if (!b.supporting.empty()) {
    out << "\n" << style.bold("SUPPORTING PASSAGES") << "\n";
    for (const auto& s : b.supporting) {
      auto date = source_date(b, s.view.unit.source_id);
      out << "\n  " << style.cyan("[" + s.view.unit.kind + "] ") << style.bold(s.view.unit.title)
          << review_suffix(s.view.unit, style) << "\n";
      out << indented(terminal_snippet(s.snippet, style), "  ") << "\n";
      out << "  "
          << style.dim(s.view.cite + (date.empty() ? "" : " (" + date + ")") + "  [" +
                       s.view.unit.id + "]")
          << "\n";
    }
  }

  if (!b.glossary.empty()) {
    out << "\n" << style.bold("ACRONYMS") << "\n";
    for (const auto& g : b.glossary)
      out << "  " << style.bold(g.view.unit.title) << "\n"
          << indented(g.view.unit.text, "    ") << "\n";
  }

  out << "\n" << style.bold("SOURCES") << "\n";
  for (std::size_t i = 0; i < b.sources.size(); ++i) {
    const auto& s = b.sources[i];
    out << "  " << i + 1 << ". " << s.title;
    for (const auto* part : {&s.publisher, &s.date})
      if (!part->empty()) out << ", " << *part;
    if (!s.url.empty()) out << "  " << style.dim(s.url);
    out << "\n";
  }
  return out.str();
}

std::string brief_markdown(const Brief& b) {
  std::ostringstream out;
  out << "# Brief for " << b.audience.label << ": " << b.topic << "\n\n";
  out << "## Guidance for " << b.audience.label << "\n\n";
  if (b.guidance.empty()) out << "_The corpus has no guidance for this audience._\n\n";
  for (const auto& g : b.guidance)
    out << "> " << markdown_flag(g.view.unit) << markdown_text(g.snippet) << "\n>\n> — _"
        << g.view.cite << "_\n\n";

  out << "## Messages\n\n";
  if (b.messages.empty()) out << "_No message matches the topic._\n\n";
  for (std::size_t i = 0; i < b.messages.size(); ++i) {
    const auto& m = b.messages[i];
    auto flag = markdown_flag(m.message.view.unit);
    out << "### " << i + 1 << ". " << m.message.view.unit.title
        << (flag.empty() ? "" : " " + flag.substr(0, flag.size() - 1)) << "\n\n";
    if (!m.message.view.unit.text.empty()) out << markdown_text(m.message.snippet) << "\n\n";
    out << "_Why: " << m.why.summary << "_\n\n";
    for (const auto& p : m.proof_points)
      out << "- " << markdown_flag(p.view.unit) << markdown_text(p.snippet) << " — _" << p.view.cite
          << "_\n";
    out << (m.proof_points.empty() ? "" : "\n");
  }

  if (!b.supporting.empty()) {
    out << "## Supporting passages\n\n";
    for (const auto& s : b.supporting) {
      auto date = source_date(b, s.view.unit.source_id);
      out << "- " << markdown_flag(s.view.unit) << "**" << s.view.unit.title << "**"
          << (date.empty() ? "" : " (" + date + ")") << ": " << markdown_text(s.snippet) << " — _"
          << s.view.cite << "_\n";
    }
    out << "\n";
  }

  if (!b.glossary.empty()) {
    out << "## Acronyms\n\n";
    for (const auto& g : b.glossary)
      out << "- **" << g.view.unit.title << "**: " << g.view.unit.text << "\n";
    out << "\n";
  }

  out << "## Sources\n\n";
  for (std::size_t i = 0; i < b.sources.size(); ++i) {
    const auto& s = b.sources[i];
    out << i + 1 << ". " << s.title;
    for (const auto* part : {&s.publisher, &s.date})
      if (!part->empty()) out << ", " << *part;
    if (!s.url.empty()) out << ". <" << s.url << ">";
    out << "\n";
  }
  return out.str();
}

}  // namespace kb::cli
