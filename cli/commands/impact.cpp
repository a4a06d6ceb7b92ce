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

using Measure = engine::Comparison engine::ImpactGroup::*;
struct Point {
  Measure measure;
  char const* name;  // as the CSV and JSON name it
};
constexpr Point points[] = {{&engine::ImpactGroup::pass, "pass"},
                            {&engine::ImpactGroup::shortlist, "shortlist"},
                            {&engine::ImpactGroup::scoring, "scoring"}};

std::string percent(double rate) {
  return fmt::format("{:.0f}%", 100 * rate);
}

// "0.58 *" (adverse), "0.58 **" (adverse, and more than chance), "n/a".
std::string ratio(engine::Comparison const& c) {
  if (!c.ratio) return "n/a";
  return fmt::format("{:.2f}{}", *c.ratio, c.adverse() ? (c.significant() ? " **" : " *") : "");
}

std::string p_value(engine::Comparison const& c) {
  if (!c.p_value) return "";
  return *c.p_value < 0.001 ? "<.001" : fmt::format("{:.3f}", *c.p_value).substr(1);
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
  std::cout << fmt::format("{:<28} {:>10}  {:<23} {:<23} {}\n", "GROUP", "APPLICANTS",
                           "PASSED KNOCK-OUTS", "SHORTLISTED", "SCORED > MEDIAN");
  std::cout << fmt::format("{:<28} {:>10}  {:<23} {:<23} {}\n", "", "", "rate  ratio    p",
                           "rate  ratio    p", "rate  ratio    p");
  bool flagged = false;
  bool small = false;
  for (auto const& g : r.impact.groups) {
    if (g.suppressed) {
      std::cout << fmt::format("{:<28} {:>10}  (fewer than 5: not reported)\n", g.group, "<5");
      continue;
    }
    std::string line = fmt::format("{:<28} {:>10} ", g.group, g.applicants);
    for (auto const& point : points) {
      auto const& c = g.*point.measure;
      flagged = flagged || c.adverse();
      line += fmt::format(" {:<5} {:<8} {:<6}  ", percent(c.rate), ratio(c), p_value(c));
    }
    if (!g.compared) {
      small = true;
      line += "(small: not compared)";
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    std::cout << line << "\n";
    if (!g.driver.empty())
      std::cout << fmt::format(
          "{:<28} {:>10}  driven by {}: not met by {} of this group, {} of {}\n", "", "", g.driver,
          percent(g.driver_rate), percent(g.driver_reference_rate), r.impact.pass_comparator);
  }
  std::cout << fmt::format(
      "\nNo answer to this question: {} applicant{}. Median desirable score: {}.\n",
      r.impact.no_answer, r.impact.no_answer == 1 ? "" : "s",
      rules::format_number(r.impact.median_score));
  if (!r.impact.pass_comparator.empty())
    std::cout << fmt::format(
        "Each ratio compares a group's rate with the highest among groups of at least {} "
        "applicants (2% of those who answered, and 5): {} passing the knock-outs, {} shortlisted, "
        "{} above the median. p: Fisher's exact test against that group.\n",
        r.impact.smallest_compared, r.impact.pass_comparator, r.impact.shortlist_comparator,
        r.impact.scoring_comparator);
  if (small)
    std::cout << "Small groups are shown but not compared: their rates move a long way with one "
                 "person.\n";
  if (flagged)
    std::cout << "* an impact ratio under 0.8 (the four-fifths rule); ** and a difference unlikely "
                 "to be chance (p < 0.05): look at the criteria behind it.\n";
  std::cout << "n/a: no ratio, because no one in the comparator group was selected or the group "
               "is too small to compare. Self-reported answers; a low ratio is a reason to look, "
               "not proof (docs/fairness.md).\n";
}

std::string optional_figure(std::optional<double> value) {
  return value ? fmt::format("{:.4f}", *value) : "n/a";
}

void print_csv(screening::ImpactReport const& r) {
  std::cout << "group,applicants,compared";
  for (auto const& point : points)
    std::cout << fmt::format(",{0}_rate,{0}_ratio,{0}_p,{0}_deviations", point.name);
  std::cout << ",driver\n";
  for (auto const& g : r.impact.groups) {
    if (g.suppressed) {
      std::cout << fmt::format("{},<5,no,,,,,,,,,,,,,\n", data::csv_cell(g.group));
      continue;
    }
    std::cout << fmt::format("{},{},{}", data::csv_cell(g.group), g.applicants,
                             g.compared ? "yes" : "no");
    for (auto const& point : points) {
      auto const& c = g.*point.measure;
      std::cout << fmt::format(",{:.4f},{},{},{}", c.rate, optional_figure(c.ratio),
                               c.p_value ? fmt::format("{:.6f}", *c.p_value) : "",
                               c.deviations ? fmt::format("{:.2f}", *c.deviations) : "");
    }
    std::cout << "," << data::csv_cell(g.driver) << "\n";
  }
  std::cout << fmt::format("no answer,{},,,,,,,,,,,,,,\n", r.impact.no_answer);
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
      .key("smallest_compared")
      .integer(static_cast<std::int64_t>(r.impact.smallest_compared))
      .key("comparators")
      .object()
      .key("pass")
      .string(r.impact.pass_comparator)
      .key("shortlist")
      .string(r.impact.shortlist_comparator)
      .key("scoring")
      .string(r.impact.scoring_comparator)
      .end()
      .key("groups")
      .array();
  for (auto const& g : r.impact.groups) {
    json.object().key("group").string(g.group);
    if (g.suppressed) {
      json.key("applicants").string("<5").end();
      continue;
    }
    json.key("applicants").integer(static_cast<std::int64_t>(g.applicants));
    json.key("compared").boolean(g.compared);
    for (auto const& point : points) {
      auto const& c = g.*point.measure;
      json.key(point.name).object().key("rate").fixed(c.rate, 4).key("ratio");
      if (c.ratio)
        json.fixed(*c.ratio, 4);
      else
        json.string("n/a");
      json.key("p_value");
      if (c.p_value)
        json.fixed(*c.p_value, 6);
      else
        json.null();
      json.key("adverse").boolean(c.adverse()).key("significant").boolean(c.significant()).end();
    }
    json.key("driver");
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
