// `sift run VACANCY`, `sift runs list`, `sift shortlist VACANCY`, and `sift screen`, the
// one-shot main job: add the specification, import, run and print the shortlist.
#include <fmt/format.h>
#include <pwd.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../dates.hpp"
#include "../json_writer.hpp"
#include "../listing.hpp"
#include "../progress.hpp"
#include "../quoting.hpp"
#include "../spec_loading.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/csv_cell.hpp"
#include "sift/data/runs.hpp"
#include "sift/data/scores.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/screening/run.hpp"
#include "sift/screening/shortlist.hpp"
#include "sift/version.hpp"

namespace po = boost::program_options;

namespace sift::cli {
namespace {

std::string operator_name() {
  if (char const* name = std::getenv("SIFT_OPERATOR"); name && *name) return name;
  if (auto const* entry = ::getpwuid(::geteuid()); entry && entry->pw_name) return entry->pw_name;
  return "unknown";
}

void add_run_options(po::options_description& options) {
  options.add_options()("stage", po::value<std::string>()->default_value("sift"),
                        "the stage to assess (sift: the application and its scores)")(
      "as-of", po::value<std::string>(), "the date all date arithmetic uses (default: today)")(
      "threads",
      po::value<int>()->default_value(
          static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
      "evaluation threads, beside one that reads and one that stores (the results never depend "
      "on it)");
}

// The run request from the options; prints a usage error and returns nullopt when they are bad.
std::optional<screening::RunRequest> run_request(std::string const& vacancy,
                                                 po::variables_map const& values) {
  auto const as_of = as_of_option(values);
  if (!as_of) return std::nullopt;
  auto const stage = engine::parse_stage(values["stage"].as<std::string>());
  if (!stage) {
    std::cerr << fmt::format("sift: unknown stage '{}'; the stages are: sift\n",
                             values["stage"].as<std::string>());
    return std::nullopt;
  }
  int const threads = values["threads"].as<int>();
  if (threads < 1 || threads > 256) {
    std::cerr << "sift: --threads must be from 1 to 256\n";
    return std::nullopt;
  }
  screening::RunRequest request;
  request.vacancy = vacancy;
  request.as_of = *as_of;
  request.stage = *stage;
  request.threads = threads;
  request.operator_name = operator_name();
  request.sift_version = sift::version;
  return request;
}

// The run's stored result line, and its speed in the log.
void print_run(data::Database& db, data::RunRecord const& run, double seconds, int threads) {
  spdlog::info("run {}: {} applicants in {:.2f} s ({:.0f} a second) on {} threads", run.id,
               run.applicants, seconds,
               seconds > 0 ? static_cast<double>(run.applicants) / seconds : 0.0, threads);
  std::cout << fmt::format(
      "run {}: {} applicants of {} (specification v{}, {} stage, as of {}): {} shortlisted, {} "
      "eligible, {} need review, {} excluded\n",
      run.id, run.applicants, run.vacancy, run.specification_version, engine::to_string(run.stage),
      run.as_of, run.shortlisted, run.eligible - run.shortlisted, run.needs_review, run.excluded);
  std::cout << "  " << chain_head_line(db) << "\n";
}

// Stores a run, with a progress line on a terminal, and says what it found.
data::RunRecord run_with_progress(data::Database& db, screening::RunRequest& request) {
  Progress progress;
  // Counting the applicants for the line costs a pass over the index: only when it is shown.
  if (progress.shown())
    request.progress = [&](std::size_t done, std::size_t total) { progress(done, total); };
  auto const start = std::chrono::steady_clock::now();
  auto const run = screening::run(db, request);
  print_run(db, run,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
            request.threads);
  return run;
}

bool shortlisted(screening::ShortlistEntry const& e) {
  return e.verdict == engine::Verdict::shortlisted;
}

std::string percent(double score, double max) {
  return max > 0 ? fmt::format("{:.0f}%", 100.0 * score / max) : "-";
}

int print_shortlist(screening::ShortlistView const& view, std::string const& format) {
  auto const& run = view.run;
  if (format == "csv") {
    // The ranked, then everyone else the panel looks at: those needing review, and the
    // excluded the panel decided on (held, or shortlisted against the proposal).
    std::cout << "rank,ref,verdict,score,percent,shortlisted,panel_decision,decided_by,review,"
                 "flags\n";
    for (auto const* entries : {&view.ranked, &view.unranked})
      for (auto const& e : *entries)
        std::cout << fmt::format("{},{},{},{},{},{},{},{},{},{}\n",
                                 e.rank > 0 ? std::to_string(e.rank) : "", data::csv_cell(e.ref),
                                 engine::to_string(e.verdict), rules::format_number(e.score),
                                 percent(e.score, run.max_score), shortlisted(e) ? "yes" : "no",
                                 e.decision ? engine::to_string(e.decision->kind) : "",
                                 data::csv_cell(e.decision ? e.decision->by : ""),
                                 data::csv_cell(e.review), fmt::join(e.flags, " "));
    return success;
  }
  if (format == "json") {
    JsonWriter json;
    json.object()
        .key("run")
        .integer(run.id)
        .key("vacancy")
        .string(run.vacancy)
        .key("as_of")
        .string(run.as_of)
        .key("max_score")
        .number(run.max_score)
        .key("excluded")
        .integer(static_cast<std::int64_t>(run.excluded))
        .key("needs_review")
        .integer(static_cast<std::int64_t>(run.needs_review))
        .key("ranked")
        .array();
    // The ranked, then the unranked the panel looks at (needing review, or decided on).
    auto entry = [&](screening::ShortlistEntry const& e) {
      json.object().key("rank");
      if (e.rank > 0)
        json.integer(e.rank);
      else
        json.null();
      json.key("ref")
          .string(e.ref)
          .key("verdict")
          .string(engine::to_string(e.verdict))
          .key("score")
          .number(e.score)
          .key("shortlisted")
          .boolean(shortlisted(e))
          .key("panel");
      if (e.decision)
        write_decision(json, *e.decision);
      else
        json.null();
      json.key("review");
      if (e.review.empty())
        json.null();
      else
        json.string(e.review);
      json.key("flags").array();
      for (auto const& f : e.flags)
        json.string(f);
      json.end().end();
    };
    for (auto const& e : view.ranked)
      entry(e);
    json.end().key("unranked").array();
    for (auto const& e : view.unranked)
      entry(e);
    json.end().end();
    std::cout << json.text();
    return success;
  }
  std::cout << fmt::format("{} ({}): run {}, {} stage, as of {}\n\n", view.title, run.vacancy,
                           run.id, engine::to_string(run.stage), run.as_of);
  auto panel = [](screening::ShortlistEntry const& e) -> std::string {
    if (e.decision)
      return fmt::format("{} ({})", engine::to_string(e.decision->kind), e.decision->by);
    return shortlisted(e) ? "awaiting decision" : "";
  };
  // A decision this run now disagrees with comes first, in capitals: it needs the panel.
  auto marks = [](screening::ShortlistEntry const& e) {
    std::vector<std::string> all;
    if (!e.review.empty()) all.push_back("REVIEW: " + e.review);
    all.insert(all.end(), e.flags.begin(), e.flags.end());
    return fmt::format("{}", fmt::join(all, ", "));
  };
  std::cout << fmt::format("{:>4}  {:<12} {:>12}  {:<28} {}\n", "RANK", "REF", "SCORE", "PANEL",
                           "FLAGS");
  // Everyone shortlisted, the next few below the cut-off, and anyone the panel decided on.
  std::size_t below = 0;
  for (auto const& e : view.ranked) {
    if (!shortlisted(e) && below++ == 0 && run.shortlisted > 0)
      std::cout << "  -- shortlist cut-off --\n";
    if (!shortlisted(e) && below > 5 && !e.decision) continue;
    std::cout << fmt::format("{:>4}  {:<12} {:>5} ({:>4})  {:<28} {}\n", e.rank, e.ref,
                             rules::format_number(e.score), percent(e.score, run.max_score),
                             panel(e), marks(e));
  }
  if (view.ranked.size() > run.shortlisted + 5)
    std::cout << fmt::format("  ... {} eligible in all (--format csv lists them)\n",
                             view.ranked.size());
  if (!view.unranked.empty()) {
    std::cout << "\nNot ranked, for the panel to look at:\n";
    for (auto const& e : view.unranked) {
      std::cout << fmt::format("{:>4}  {:<12} {:>12}  {:<28} {}{}\n", "-", e.ref, "",
                               e.decision ? panel(e) : "awaiting decision",
                               engine::to_string(e.verdict),
                               e.flags.empty() && e.review.empty() ? "" : ", " + marks(e));
    }
  }
  std::cout << fmt::format(
      "\nShortlisted {} of {} eligible; {} need review; {} excluded (of {} applicants); {} await "
      "a panel decision.\nFlags never exclude: NAME? means the flag could not be checked "
      "(evidence missing); moderate means assessors disagree.\n",
      run.shortlisted, run.eligible, run.needs_review, run.excluded, run.applicants,
      view.awaiting_decision);
  if (!view.sign_offs.empty()) {
    std::vector<std::string> signed_by;
    for (auto const& s : view.sign_offs)
      signed_by.push_back(fmt::format("{} ({})", s.by, s.at));
    std::cout << fmt::format("Signed off by {}{}.\n", fmt::join(signed_by, ", "),
                             view.since_sign_off == 0
                                 ? ""
                                 : fmt::format("; {} decision{} changed since", view.since_sign_off,
                                               view.since_sign_off == 1 ? "" : "s"));
  }
  if (view.to_review > 0)
    std::cout << fmt::format(
        "{} panel decision{} now disagree{} with this run's proposal (REVIEW above): decisions "
        "carry across runs until the panel decides again.\n",
        view.to_review, view.to_review == 1 ? "" : "s", view.to_review == 1 ? "s" : "");
  return success;
}

}  // namespace

Command run_command() {
  return {"run",
          "screen every applicant of a vacancy and store the run",
          "run VACANCY [--stage sift] [--as-of YYYY-MM-DD] [--threads N]",
          "  sift run second-in-science\n"
          "  sift run second-in-science --as-of 2026-11-23 --threads 2\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("vacancy", po::value<std::string>()->required(),
                                  "the vacancy id");
            add_run_options(options);
            positional.add("vacancy", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            auto request = run_request(values["vacancy"].as<std::string>(), values);
            if (!request) return usage_error;
            return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
              run_with_progress(db, *request);
              return success;
            });
          }};
}

Command runs_command() {
  return {"runs",
          "list the stored runs",
          "runs list [--vacancy V] [--format table|csv|json]",
          "  sift runs list\n  sift runs list --vacancy second-in-science\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("action", po::value<std::string>()->default_value("list"),
                                  "list")("vacancy", po::value<std::string>()->default_value(""),
                                          "only this vacancy");
            add_format_option(options);
            positional.add("action", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            if (values["action"].as<std::string>() != "list") {
              std::cerr << "sift runs: use 'sift runs list'\n";
              return usage_error;
            }
            auto const format = format_option("runs", values);
            if (!format) return usage_error;
            return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
              Listing listing{{{"run", "RUN", true},
                               {"vacancy", "VACANCY", false},
                               {"specification_version", "SPEC", true},
                               {"stage", "STAGE", false},
                               {"as_of", "AS OF", false},
                               {"applicants", "APPLICANTS", true},
                               {"shortlisted", "SHORTLISTED", true},
                               {"finished_at", "FINISHED", false},
                               {"operator", "OPERATOR", false}},
                              {}};
              for (auto const& r : data::Runs(db).list(values["vacancy"].as<std::string>()))
                listing.rows.push_back(
                    {std::to_string(r.id), r.vacancy, std::to_string(r.specification_version),
                     engine::to_string(r.stage), r.as_of, std::to_string(r.applicants),
                     std::to_string(r.shortlisted), r.finished_at, r.operator_name});
              print_listing(listing, *format);
              return success;
            });
          }};
}

Command shortlist_command() {
  return {"shortlist",
          "show a run's ranking and shortlist",
          "shortlist VACANCY [--run ID] [--format table|csv|json]",
          "  sift shortlist second-in-science\n"
          "  sift shortlist second-in-science --run 3 --format csv > shortlist.csv\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("vacancy", po::value<std::string>()->required(),
                                  "the vacancy id")("run", po::value<std::int64_t>(),
                                                    "a run id (default: the vacancy's latest run)")(
                "format", po::value<std::string>()->default_value("table"), "table, csv or json");
            positional.add("vacancy", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            auto const format = values["format"].as<std::string>();
            if (!is_one_of("shortlist", "--format", format, {"table", "csv", "json"}))
              return usage_error;
            return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
              return print_shortlist(
                  screening::shortlist(db, values["vacancy"].as<std::string>(), run_option(values)),
                  format);
            });
          }};
}

Command screen_command() {
  return {
      "screen",
      "the main job in one go: add a specification, import, run, print the shortlist",
      "screen SPEC APPLICATIONS [--scores CSV] [--as-of YYYY-MM-DD]",
      "  sift screen examples/second-in-science.sift \\\n"
      "      examples/second-in-science.applications.jsonl \\\n"
      "      --scores examples/second-in-science.scores.csv\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("spec", po::value<std::string>()->required(), "the specification")(
            "applications", po::value<std::string>()->required(), "applications (JSON Lines)")(
            "scores", po::value<std::string>(), "assessors' scores (CSV)");
        add_run_options(options);
        add_allow_dir_option(options);
        positional.add("spec", 1).add("applications", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        auto const spec_file = values["spec"].as<std::string>();
        auto const spec = load_or_report(spec_file, values);
        if (!spec) return rules_error;
        auto const* vacancy = pick_vacancy(*spec, spec_file);
        if (!vacancy) return rules_error;
        auto request = run_request(vacancy->id, values);
        if (!request) return usage_error;
        return with_database(globals, data::OpenMode::create_if_missing, [&](data::Database& db) {
          auto const added = data::Vacancies(db).add(*spec, *vacancy);
          std::cout << fmt::format("{}: specification version {}\n", added.id, added.version);
          auto const applications = values["applications"].as<std::string>();
          data::ImportOptions options;
          options.format = applications_format(applications);
          auto import_applications = [&](std::istream& in, std::string const& name) {
            return data::Applications(db).import(in, name, options);
          };
          if (int const code = import_into(applications, options, import_applications, "records");
              code != success)
            return code;
          auto import_scores = [&](std::istream& in, std::string const& name) {
            return data::Scores(db).import(in, name, {});
          };
          if (values.count("scores"))
            if (int const code =
                    import_into(values["scores"].as<std::string>(), {}, import_scores, "rows");
                code != success)
              return code;
          auto const run = run_with_progress(db, *request);
          std::cout << "\n";
          return print_shortlist(screening::shortlist(db, vacancy->id, run.id), "table");
        });
      }};
}

}  // namespace sift::cli
