// kb-query: search the kb index from a terminal.
// Exit codes: 0 success (with or without hits), 1 runtime error, 2 usage error.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "backend.h"
#include "brief_output.h"
#include "curator_report.h"
#include "kb/api/brief_json.h"
#include "kb/api/errors.h"
#include "kb/api/responses.h"
#include "kb/api/result_json.h"
#include "kb/error.h"
#include "kb/index_folder.h"
#include "kb/installation.h"
#include "kb/printable_result.h"
#include "kb/review.h"
#include "kb/schema.h"
#include "kb/search.h"
#include "kb/terminal.h"
#include "review_queue.h"
#include "text_output.h"

namespace {

using kb::cli::indented;
using kb::cli::terminal_snippet;
using kb::term::Style;

// Paging values are whole numbers in a range; CLI11 alone would turn "-5" into 2^64-5.
CLI::Validator whole_number(unsigned long long max) {
  return CLI::Validator(
      [max](std::string& value) -> std::string {
        bool digits = !value.empty() && value.size() <= 19 &&
                      value.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoull(value) > max)
          return "takes a whole number from 0 to " + std::to_string(max) + ", not \"" + value +
                 "\"";
        return {};
      },
      "0.." + std::to_string(max));
}

CLI::Validator positive_seconds() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        try {
          std::size_t used = 0;
          double seconds = std::stod(value, &used);
          if (used == value.size() && seconds > 0 && seconds <= 86400) return {};
        } catch (const std::exception&) {
        }
        return "takes a number of seconds above 0 (at most 86400), not \"" + value + "\"";
      },
      "SECONDS");
}

// One repeatable option per facet of the schema, -x,--name with the name's first letter
// while no earlier facet took it. One value per occurrence: `--kind message ""` must
// leave "" to the query.
void add_filter_options(CLI::App& app, std::map<std::string, std::vector<std::string>>& filters) {
  std::string short_letters;
  for (const auto& f : kb::schema::facets) {
    std::string name(f.name), flags = "--" + name;
    if (short_letters.find(name[0]) == std::string::npos) {
      short_letters += name[0];
      flags = "-" + name.substr(0, 1) + "," + flags;
    }
    std::string label(f.label);
    for (auto& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    app.add_option(flags, filters[name],
                   "Filter by " + label + std::string(f.filter_hint) + " (repeatable)")
        ->allow_extra_args(false)
        ->type_size(1);
  }
}

std::string tag_list(const std::vector<kb::Tag>& tags) {
  std::string out;
  for (const auto& t : tags)
    out += (out.empty() ? "" : ", ") + t.id + (t.provenance == kb::Provenance::inferred ? "*" : "");
  return out;
}

// "Question 3: " before the title of a unit that answers or asks a numbered question.
std::string question_prefix(const kb::Unit& u) {
  return u.question.empty() ? "" : "Question " + u.question + ": ";
}

void print_unit_meta(const kb::UnitView& v, const Style& style, const std::string& pad) {
  const auto& u = v.unit;
  if (!u.message_id.empty() && u.message_id != u.id)
    std::cout << pad << style.dim("message: ") << u.message_title
              << style.dim("  (" + u.message_id + ")") << "\n";
  for (const auto& facet : kb::schema::facets)
    if (const auto* tags = kb::tags_of(u, facet.name); tags && !tags->empty())
      std::cout << pad << style.dim(kb::schema::tags_key(facet) + ": ") << tag_list(*tags) << "\n";
  std::cout << pad << style.dim("cite: ") << v.cite << "\n";
  std::cout << pad << style.dim("review: ") << kb::cli::review_summary(u) << "\n";
  if (kb::states_dated_figure(u.text) && !v.source_date.empty())
    std::cout << pad << style.dim("figures as of: ") << v.source_date << " (the source's date)\n";
  std::cout << pad << style.dim("id: ") << u.id << "\n";
}

void print_search(const kb::SearchResult& r, const kb::SearchRequest& req, const Style& style) {
  if (r.auto_corrected)
    std::cout << style.yellow("Showing results for \"" + r.corrected_query.value_or("") +
                              "\"; search instead for \"" + r.query + "\" (--no-correct)")
              << "\n";
  else if (r.corrected_query)
    std::cout << style.yellow("Did you mean: " + *r.corrected_query + "?") << "\n";
  std::size_t first = r.hits.empty() ? 0 : req.offset + 1;
  std::cout << style.bold(std::to_string(r.total) + (r.total == 1 ? " result" : " results"));
  if (!r.hits.empty() && (r.total > r.hits.size() || req.offset > 0))
    std::cout << " (showing " << first << "-" << req.offset + r.hits.size() << ")";
  std::cout << "\n";
  if (r.total == 0 && !r.suggestions.empty()) {
    std::cout << "Try:\n";
    for (const auto& s : r.suggestions)
      std::cout << "  "
                << (s.action == "drop_filter" ? "without " + s.facet + " " + s.value
                                              : "without \"" + s.value + "\"")
                << ": " << s.total << (s.total == 1 ? " result" : " results") << "\n";
  }
  for (std::size_t i = 0; i < r.hits.size(); ++i) {
    const auto& h = r.hits[i];
    std::cout << "\n"
              << style.bold(std::to_string(req.offset + i + 1) + ". ")
              << style.cyan("[" + h.view.unit.kind + "] ")
              << style.bold(question_prefix(h.view.unit) +
                            (h.view.unit.title.empty() ? h.view.unit.id : h.view.unit.title))
              << kb::cli::review_suffix(h.view.unit, style) << "\n";
    std::cout << indented(terminal_snippet(h.snippet, style), "   ") << "\n";
    print_unit_meta(h.view, style, "   ");
  }
  bool any_facet = std::any_of(r.facets.begin(), r.facets.end(),
                               [](const auto& f) { return !f.values.empty(); });
  if (any_facet) {
    std::cout << "\n" << style.bold("Facets") << style.dim("  (* = inferred tag)") << "\n";
    for (const auto& f : r.facets) {
      if (f.values.empty()) continue;
      std::cout << "  " << style.dim(f.name + ":") << " ";
      std::size_t shown = 0;
      for (const auto& v : f.values) {
        if (shown++ == 8) {
          std::cout << style.dim(" …");
          break;
        }
        std::cout << (shown > 1 ? style.dim(" · ") : "") << v.label
                  << style.dim(" (" + std::to_string(v.count) + ")");
      }
      std::cout << "\n";
    }
  }
}

void print_unit(const kb::UnitView& v, const std::vector<kb::UnitView>& pps,
                const std::vector<kb::UnitView>& related, const Style& style) {
  std::cout << style.cyan("[" + v.unit.kind + "] ")
            << style.bold(question_prefix(v.unit) + v.unit.title)
            << kb::cli::review_suffix(v.unit, style) << "\n\n";
  std::cout << indented(v.unit.text, "  ") << "\n\n";
  print_unit_meta(v, style, "  ");
  std::cout << "  " << style.dim("source: ") << v.source_title
            << style.dim("  (" + v.unit.source_id + ")") << "\n";
  for (auto [label, value] :
       {std::pair<const char*, const std::string*>{"publisher: ", &v.source_publisher},
        {"date: ", &v.source_date},
        {"url: ", &v.source_url}})
    if (!value->empty()) std::cout << "  " << style.dim(label) << *value << "\n";
  if (v.unit.kind == kb::kind::message) {
    std::cout << "\n  " << style.bold("Proof points") << "\n";
    for (std::size_t i = 0; i < pps.size(); ++i)
      std::cout << "  " << i + 1 << ". " << pps[i].unit.text
                << style.dim("  [" + pps[i].unit.id + "]") << "\n";
  }
  if (!related.empty()) {
    std::cout << "\n  " << style.bold("Related") << style.dim("  (from other documents)") << "\n";
    for (std::size_t i = 0; i < related.size(); ++i)
      std::cout << "  " << i + 1 << ". " << style.cyan("[" + related[i].unit.kind + "] ")
                << question_prefix(related[i].unit) << related[i].unit.title << "\n     "
                << style.dim(related[i].cite) << "\n"
                << "     " << style.dim("id: " + related[i].unit.id) << "\n";
  }
}

void print_messages(const std::vector<kb::MessageOutline>& outlines, const Style& style) {
  for (const auto& o : outlines) {
    std::cout << style.bold(o.message.unit.title) << style.dim("  [" + o.message.unit.id + "]")
              << "\n";
    if (!o.message.unit.text.empty()) std::cout << indented(o.message.unit.text, "  ") << "\n";
    for (const auto& p : o.proof_points)
      std::cout << "  " << style.green("•") << " " << p.unit.text
                << style.dim("  [" + p.unit.id + "]") << "\n";
    std::cout << "  " << style.dim(o.message.cite) << "\n\n";
  }
}

// Everything the text output prints from data comes through here: whatever the index
// or server holds (an index built before kb stripped control characters, a hostile
// server), no escape sequence reaches the terminal. JSON output stays faithful: its
// encoder escapes control characters itself.
class PrintableBackend : public kb::cli::Backend {
 public:
  explicit PrintableBackend(std::unique_ptr<kb::cli::Backend> inner) : inner_(std::move(inner)) {}
  kb::SearchResult search(const kb::SearchRequest& request) override {
    auto r = inner_->search(request);
    kb::term::make_printable(r);
    return r;
  }
  std::optional<kb::api::UnitDetail> unit(const std::string& id) override {
    auto d = inner_->unit(id);
    if (d) {
      kb::term::make_printable(d->unit);
      if (d->message) kb::term::make_printable(*d->message);
      for (auto& p : d->proof_points) kb::term::make_printable(p);
      for (auto& r : d->related) kb::term::make_printable(r);
    }
    return d;
  }
  std::vector<kb::MessageOutline> messages() override {
    auto outlines = inner_->messages();
    for (auto& o : outlines) kb::term::make_printable(o);
    return outlines;
  }
  kb::Brief brief(const kb::BriefRequest& request) override {
    auto b = inner_->brief(request);
    kb::term::make_printable(b);
    return b;
  }
  // Queries and ids in the statistics are cleaned where the report prints them.
  std::optional<nlohmann::json> stats(std::size_t limit) override { return inner_->stats(limit); }

 private:
  std::unique_ptr<kb::cli::Backend> inner_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "kb-query: search the kb knowledge base (messages, proof points, audience guidance, ...).\n\n"
      "Examples:\n"
      "  kb-query \"DNS abuse\"\n"
      "  kb-query --audience \"Civil Society\" \"\"        browse everything for one audience\n"
      "  kb-query --kind proof-point --theme igf funding\n"
      "  kb-query --messages                          the messages with their proof points\n"
      "  kb-query --show wsis20-framework/m4          one unit by id\n"
      "  kb-query brief --audience policymakers \"DNS abuse\"   what to say in a meeting\n\n"
      "Query syntax: words (OR-ed, ranked), \"exact phrases\", AND/OR/NOT, +must -mustnot,\n"
      "title:word, and facet prefixes such as kind:proof-point.\n"
      "Filters take a value's id, label or alias, case-insensitively; repeat a filter to OR\n"
      "values, combine filters to AND them. Inferred tags are marked with *.\n\n"
      "With --server, an answer must be complete within --timeout seconds (default 30,\n"
      "or $KB_TIMEOUT) and at most 64 MiB.\n\n"
      "Commands: brief, review and report (kb-query brief --help, ...). To search for\n"
      "one of those words itself: kb-query -- review.\n\n"
      "Exit codes: 0 success (with or without results), 1 runtime error (no index, unknown\n"
      "id, server unreachable, too slow or too large an answer), 2 usage error.",
      "kb-query"};
  std::string query;
  kb::SearchRequest request;
  std::map<std::string, std::vector<std::string>> filters;  // facet name -> values given
  std::string index_dir = kb::default_index_dir();
  std::string server_url;
  std::string show_id, color = "auto", sort = "relevance";
  bool json = false, list_messages = false, no_facets = false;
  double timeout_seconds = 30;
  app.add_option("QUERY", query,
                 "Free-text query; \"\" (empty) browses whatever the filters select");
  add_filter_options(app, filters);
  app.add_option("-n,--limit", request.limit, "Number of results (default 10, at most 1000)")
      ->check(whole_number(1000));
  app.add_option("--offset", request.offset, "Skip this many results (paging; at most 1000000)")
      ->check(whole_number(1000000));
  app.add_option("--sort", sort, "relevance (default) or date (newest source first)")
      ->check(CLI::IsMember({"relevance", "date"}));
  bool no_correct = false;
  app.add_flag("--no-correct", no_correct,
               "Search what was typed even when it finds nothing (no auto-correction)");
  app.add_flag("--partial", request.partial,
               "Treat the last word as a prefix (search-as-you-type)");
  app.add_flag("--no-facets", no_facets, "Do not compute facet counts");
  app.add_option("--show", show_id, "Show one unit by id (a message lists its proof points)");
  app.add_flag("--messages", list_messages, "List every message with its proof points");
  app.add_flag("--json", json, "JSON output (the result shape documented in docs/json-results.md)");
  app.add_option("--index", index_dir,
                 "Index folder (default: $KB_INDEX or ~/.local/share/kb/index)");
  app.add_option(
      "--server", server_url,
      "Query a running kb-searchd (e.g. http://127.0.0.1:8080) instead of a local index");
  app.add_option(
         "--timeout", timeout_seconds,
         "With --server: seconds the whole answer may take, connect to last byte (default 30)")
      ->envname("KB_TIMEOUT")
      ->check(positive_seconds());
  app.add_option("--color", color,
                 "Colour: auto (default; off when NO_COLOR is set), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  kb::BriefRequest brief_request;
  bool markdown = false;
  auto* brief = app.add_subcommand(
      "brief",
      "A brief for a meeting: the audience's guidance, the one to three messages that fit\n"
      "the topic with their strongest proof points (and why each was chosen), supporting\n"
      "passages from the other documents with their dates, the acronyms used, and every\n"
      "source cited.\n\n"
      "Examples:\n"
      "  kb-query brief --audience policymakers \"DNS abuse\"\n"
      "  kb-query brief -a \"Civil Society\" --theme fragmentation --markdown > brief.md\n"
      "  kb-query brief -a business --message m4 --json");
  brief->fallthrough();  // --index, --server, --json, --color... as for a search
  brief->add_option("TOPIC", brief_request.query,
                    "The topic in words (optional with --theme or --message)");
  brief->add_option("-a,--audience", brief_request.audience, "The audience: id, label or alias")
      ->required();
  brief->add_option("-t,--theme", brief_request.themes, "A theme as the topic (repeatable)")
      ->allow_extra_args(false)
      ->type_size(1);
  brief
      ->add_option("-m,--message", brief_request.messages,
                   "A message as the topic: id, short id (m4) or title (repeatable)")
      ->allow_extra_args(false)
      ->type_size(1);
  brief->add_flag("--markdown", markdown, "Markdown output, to paste into an e-mail or a document");

  std::string due_within;
  auto* review = app.add_subcommand(
      "review",
      "The review queue: units whose review is stale (past due), due within 14 days, or\n"
      "that were never reviewed, grouped by document and message, in source order.\n"
      "Filters (--kind, --source, --audience, ...) narrow it; $KB_TODAY (YYYY-MM-DD) sets\n"
      "the date it is as of.\n\n"
      "Examples:\n"
      "  kb-query review\n"
      "  kb-query review --due-within 30d --kind proof-point\n"
      "  kb-query review --json > queue.json");
  review->fallthrough();
  review->add_option("--due-within", due_within,
                     "Also list fresh units whose review falls due within this period (30d, "
                     "2w, 6m, 1y)");

  bool report_markdown = false;
  auto* report = app.add_subcommand(
      "report",
      "The curator's report: the share of fresh facts (review health), the stale facts\n"
      "staff are shown most, what they searched for and did not find (with the messages\n"
      "and themes nearest to it, or a gap), and the proof points never shown. The search\n"
      "statistics come from a running kb-searchd (--server; on loopback, or with\n"
      "$KB_ADMIN_TOKEN set to its admin token); a local index gives the review health only.\n\n"
      "Examples:\n"
      "  kb-query report --server http://127.0.0.1:8080\n"
      "  kb-query report --server http://127.0.0.1:8080 --markdown > report.md");
  report->fallthrough();
  report->add_flag("--markdown", report_markdown, "Markdown output, to paste or mail");
  app.set_version_flag("--version", "kb-query " + kb::version());

  try {
    app.parse(argc, argv);
    if (brief->parsed() && markdown && json)
      throw CLI::ValidationError("--markdown and --json exclude each other");
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kb::api::exit_usage;
  }
  request.correct = !no_correct;

  try {
    Style style{!json && kb::term::use_color(stdout, kb::term::parse_color_mode(color))};
    auto backend = server_url.empty() ? kb::cli::open_local(index_dir)
                                      : kb::cli::open_remote(server_url, timeout_seconds);
    if (!json) backend = std::make_unique<PrintableBackend>(std::move(backend));

    if (brief->parsed()) {
      auto b = backend->brief(brief_request);
      if (json)
        std::cout << kb::api::to_json(b).dump(2) << "\n";
      else if (markdown)
        std::cout << kb::cli::brief_markdown(b);
      else
        std::cout << kb::cli::brief_text(b, style);
      return 0;
    }
    if (report->parsed()) {
      auto rep = kb::cli::curator_report(*backend, kb::review_today());
      std::cout << (report_markdown ? kb::cli::report_markdown(rep)
                                    : kb::cli::report_text(rep, style));
      return 0;
    }
    if (review->parsed()) {
      auto queue = kb::cli::review_queue(*backend, filters, due_within, kb::review_today());
      if (json)
        std::cout << kb::cli::to_json(queue).dump(2) << "\n";
      else
        std::cout << kb::cli::review_queue_text(queue, style);
      return 0;
    }
    if (!show_id.empty()) {
      auto d = backend->unit(show_id);
      if (!d) throw kb::Error(kb::ErrorCode::not_found, "no unit with id \"" + show_id + "\"");
      if (json) {
        std::cout << kb::api::shown_unit_json(*d).dump(2) << "\n";
      } else {
        print_unit(d->unit, d->proof_points, d->related, style);
      }
      return 0;
    }
    if (list_messages) {
      auto outlines = backend->messages();
      if (json) {
        nlohmann::json j = {{"messages", kb::api::to_json(outlines)}};
        std::cout << j.dump(2) << "\n";
      } else {
        print_messages(outlines, style);
      }
      return 0;
    }

    request.query = query;
    request.facets = !no_facets;
    request.sort_by_date = sort == "date";
    for (const auto& [facet, values] : filters)
      if (!values.empty()) request.filters[facet] = values;
    auto result = backend->search(request);
    if (json)
      std::cout << kb::api::to_json(result).dump(2) << "\n";
    else
      print_search(result, request, style);
    return 0;
  } catch (const kb::Error& e) {
    std::cerr << "kb-query: " << kb::term::printable(e.what())
              << "\n";  // may quote a server or the data
    return kb::api::exit_code(e.code());
  } catch (const std::exception& e) {
    std::cerr << "kb-query: unexpected error: " << kb::term::printable(e.what()) << "\n";
    return kb::api::exit_code(kb::ErrorCode::internal);
  }
}
