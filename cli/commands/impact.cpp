// `sift impact VACANCY`: adverse impact by an equality-monitoring question, as a table, CSV or
// JSON. docs/fairness.md explains how to read it and its limits.
#include <fmt/format.h>

#include <iostream>
#include <thread>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../dates.hpp"
#include "../json_writer.hpp"
#include "../quoting.hpp"
#include "../spec_loading.hpp"
#include "sift/data/csv_cell.hpp"
#include "sift/screening/impact.hpp"

namespace po = boost::program_options;

namespace sift::cli {
namespace {

std::string percent(double rate) {
  return fmt::format("{:.0f}%", 100 * rate);
}
std::string ratio(double value) {
  return fmt::format("{:.2f}{}", value, value < 0.8 ? " *" : "");
}

void print_table(screening::ImpactReport const& r) {
  if (r.run)
    std::cout << fmt::format("Adverse impact by {}: {} run {} ({} stage, as of {})\n\n", r.by,
                             r.vacancy, r.run->id, engine::to_string(r.stage), r.as_of);
  else
    std::cout << fmt::format(
        "Adverse impact by {}: {} under the proposed specification ({} stage, "
        "as of {}; nothing stored)\n\n",
        r.by, r.vacancy, engine::to_string(r.stage), r.as_of);
  std::cout << fmt::format("{:<32} {:>10}  {:<19} {:<19} {:<19}\n", "GROUP", "APPLICANTS",
                           "PASSED KNOCK-OUTS", "SHORTLISTED", "SCORED > MEDIAN");
  std::cout << fmt::format("{:<32} {:>10}  {:<19} {:<19} {:<19}\n", "", "", "rate   ratio",
                           "rate   ratio", "rate   ratio");
  bool flagged = false;
  for (auto const& g : r.impact.groups) {
    if (g.suppressed) {
      std::cout << fmt::format("{:<32} {:>10}  (fewer than 5: not reported)\n", g.group, "<5");
      continue;
    }
    flagged = flagged || g.pass_ratio < 0.8 || g.shortlist_ratio < 0.8 || g.scoring_ratio < 0.8;
    std::cout << fmt::format("{:<32} {:>10}  {:<5}  {:<12} {:<5}  {:<12} {:<5}  {:<12}\n", g.group,
                             g.applicants, percent(g.pass_rate), ratio(g.pass_ratio),
                             percent(g.shortlist_rate), ratio(g.shortlist_ratio),
                             percent(g.scoring_rate), ratio(g.scoring_ratio));
    if (!g.driver.empty())
      std::cout << fmt::format(
          "{:<32} {:>10}  driven by {}: not met by {} of this group, {} of the "
          "most-selected\n",
          "", "", g.driver, percent(g.driver_rate), percent(g.driver_reference_rate));
  }
  std::cout << fmt::format(
      "\nNo answer to this question: {} applicant{}. Median desirable score: {}.\n",
      r.impact.no_answer, r.impact.no_answer == 1 ? "" : "s",
      rules::format_number(r.impact.median_score));
  if (flagged)
    std::cout
        << "* an impact ratio under 0.8 (the four-fifths rule): look at the criteria behind it.\n";
  std::cout
      << "Ratios compare each group's rate with the highest. Self-reported answers; small groups "
         "vary by chance; a low ratio is a reason to look, not proof (docs/fairness.md).\n";
}

void print_csv(screening::ImpactReport const& r) {
  std::cout << "group,applicants,pass_rate,pass_ratio,shortlist_rate,shortlist_ratio,scoring_rate,"
               "scoring_ratio,driver\n";
  for (auto const& g : r.impact.groups) {
    if (g.suppressed) {
      std::cout << fmt::format("{},<5,,,,,,,\n", data::csv_cell(g.group));
      continue;
    }
    std::cout << fmt::format("{},{},{:.4f},{:.4f},{:.4f},{:.4f},{:.4f},{:.4f},{}\n",
                             data::csv_cell(g.group), g.applicants, g.pass_rate, g.pass_ratio,
                             g.shortlist_rate, g.shortlist_ratio, g.scoring_rate, g.scoring_ratio,
                             data::csv_cell(g.driver));
  }
  std::cout << fmt::format("no answer,{},,,,,,,\n", r.impact.no_answer);
}

void print_json(screening::ImpactReport const& r) {
  JsonWriter json;
  json.object().key("run");
  json.integer_or_null(r.run ? std::optional<std::int64_t>(r.run->id) : std::nullopt);
  json.key("vacancy")
      .string(r.vacancy)
      .key("by")
      .string(r.by)
      .key("no_answer")
      .integer(static_cast<std::int64_t>(r.impact.no_answer))
      .key("median_score")
      .number(r.impact.median_score)
      .key("groups")
      .array();
  for (auto const& g : r.impact.groups) {
    json.object().key("group").string(g.group);
    if (g.suppressed) {
      json.key("applicants").string("<5").end();
      continue;
    }
    json.key("applicants")
        .integer(static_cast<std::int64_t>(g.applicants))
        .key("pass_rate")
        .fixed(g.pass_rate, 4)
        .key("pass_ratio")
        .fixed(g.pass_ratio, 4)
        .key("shortlist_rate")
        .fixed(g.shortlist_rate, 4)
        .key("shortlist_ratio")
        .fixed(g.shortlist_ratio, 4)
        .key("scoring_rate")
        .fixed(g.scoring_rate, 4)
        .key("scoring_ratio")
        .fixed(g.scoring_ratio, 4)
        .key("driver");
    if (g.driver.empty())
      json.null();
    else
      json.string(g.driver);
    json.end();
  }
  json.end().end();
  std::cout << json.text();
}

}  // namespace

Command impact_command() {
  return {"impact",
          "adverse impact of a run by an equality-monitoring question",
          "impact VACANCY [--run ID] [--by sex|age_band|ethnicity|disability] "
          "[--format table|csv|json] [--spec PROPOSED.sift [--as-of YYYY-MM-DD]]",
          "  sift impact second-in-science --by ethnicity\n"
          "  sift impact second-in-science --by age_band --format csv\n"
          "  sift impact second-in-science --by ethnicity --spec proposed.sift\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("vacancy", po::value<std::string>()->required(),
                                  "the vacancy id")("run", po::value<std::int64_t>(),
                                                    "a run id (default: the vacancy's latest run)")(
                "by", po::value<std::string>()->default_value("sex"),
                "sex, age_band, ethnicity or disability")(
                "format", po::value<std::string>()->default_value("table"), "table, csv or json")(
                "spec", po::value<std::string>(),
                "a proposed specification: screen the stored applications under it")(
                "as-of", po::value<std::string>(),
                "with --spec: the date for date arithmetic (default: today)");
            add_allow_dir_option(options);
            positional.add("vacancy", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            auto const format = values["format"].as<std::string>();
            if (!is_one_of("impact", "--format", format, {"table", "csv", "json"}))
              return usage_error;
            auto const run = run_option(values);
            auto const vacancy = values["vacancy"].as<std::string>();
            auto const by = values["by"].as<std::string>();
            std::optional<rules::Specification> proposed;
            screening::RunRequest request;
            request.vacancy = vacancy;
            if (values.count("spec")) {
              auto const file = values["spec"].as<std::string>();
              proposed = load_or_report(file, values);
              if (!proposed) return rules_error;
              if (!pick_vacancy(*proposed, file, vacancy)) return rules_error;
              auto const as_of = as_of_option(values);
              if (!as_of) return usage_error;
              request.as_of = *as_of;
              request.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
            }
            return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
              auto const report = proposed ? screening::proposed_impact(db, *proposed, request, by)
                                           : screening::impact(db, vacancy, run, by);
              if (format == "csv")
                print_csv(report);
              else if (format == "json")
                print_json(report);
              else
                print_table(report);
              return success;
            });
          }};
}

}  // namespace sift::cli
