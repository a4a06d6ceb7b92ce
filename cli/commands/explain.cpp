// `sift explain REF` and `sift decide REF`: why an applicant got their verdict, in plain words
// or as JSON; and the panel's decision over the engine's proposal.
#include <fmt/format.h>

#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../json_writer.hpp"
#include "../quoting.hpp"
#include "sift/data/decisions.hpp"
#include "sift/screening/explain.hpp"

namespace po = boost::program_options;

namespace sift::cli {
namespace {

std::string ordinal(int n) {
  int const tens = n % 100;
  char const* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : n % 10 == 1              ? "st"
                       : n % 10 == 2              ? "nd"
                       : n % 10 == 3              ? "rd"
                                                  : "th";
  return fmt::format("{}{}", n, suffix);
}

std::string points(double value) {
  return rules::format_number(value);
}

void print_text(screening::Explanation const& e) {
  auto const& run = e.run;
  std::cout << fmt::format("{}, {} ({}): run {} of {}, {} stage, as of {}\n", e.ref, e.title,
                           run.vacancy, run.id, run.finished_at.substr(0, 10),
                           engine::to_string(run.stage), run.as_of);
  std::cout << fmt::format("Specification version {} (sha256 {}), Sift {}.\n\n",
                           run.specification_version, run.specification_sha256.substr(0, 12),
                           run.sift_version);
  std::cout << fmt::format("Verdict: {}\n", engine::to_string(e.verdict));

  auto list = [&](char const* heading, bool essential, engine::Outcome outcome) {
    bool first = true;
    for (auto const& x : e.criteria) {
      auto const& c = x.criterion;
      if (c.essential != essential || x.outcome != outcome) continue;
      if (first) std::cout << "\n" << heading << "\n";
      first = false;
      std::cout << fmt::format(
          "  - {}: \"{}\" ({}:{})\n      rule: {}\n      {}: {}\n", c.id, c.title, c.file, c.line,
          c.rule_text, outcome == engine::Outcome::unknown ? "missing" : "values", x.evidence);
    }
  };
  list("Essential criteria not met:", true, engine::Outcome::not_met);
  list("Essential criteria that could not be decided (evidence missing):", true,
       engine::Outcome::unknown);

  bool any_desirable = false;
  for (auto const& x : e.criteria)
    if (!x.criterion.essential && x.outcome != engine::Outcome::not_assessed) any_desirable = true;
  if (any_desirable) {
    std::cout << fmt::format("\nDesirable score: {} of {}\n", points(e.score),
                             points(run.max_score));
    for (auto const& x : e.criteria) {
      if (x.criterion.essential || x.outcome == engine::Outcome::not_assessed) continue;
      std::cout << fmt::format("  - {} (weight {}): {}, {} point{}{}\n", x.criterion.id,
                               points(x.criterion.weight), engine::to_string(x.outcome),
                               points(x.points), x.points == 1 ? "" : "s",
                               x.evidence.empty() ? "" : " (" + x.evidence + ")");
    }
  }
  if (!e.flags.empty()) {
    std::cout << "\nFlags for the panel (never a reason to exclude):\n";
    for (auto const& f : e.flags)
      std::cout << fmt::format(
          "  - {}{}: {} ({})\n", f.id,
          f.state == engine::FlagState::unknown ? " (could not be checked)" : "", f.title,
          f.evidence);
  }
  for (auto const& m : e.moderation)
    std::cout << fmt::format("\nAssessors disagree: {}\n", m);

  if (e.rank > 0) {
    std::cout << fmt::format("\nRanked {} of {} eligible", ordinal(e.rank), run.eligible);
    if (e.top) {
      std::cout << fmt::format("; the shortlist is the top {}{}", *e.top,
                               e.ties_included ? " (ties included)" : " (ties excluded)");
    }
    if (e.minimum_score)
      std::cout << fmt::format(", with at least {} points", points(*e.minimum_score));
    if (e.cutoff_score && e.verdict != engine::Verdict::shortlisted)
      std::cout << fmt::format("; the lowest shortlisted scored {} of {}, this applicant {}",
                               points(*e.cutoff_score), points(run.max_score), points(e.score));
    std::cout << ".\n";
  }
  if (e.counterfactual.verdict)
    std::cout << fmt::format(
        "\nWhat would have changed the verdict: meeting {} would have made it {}.\n",
        fmt::join(e.counterfactual.criteria, ", "), engine::to_string(*e.counterfactual.verdict));
  else if (e.verdict == engine::Verdict::eligible)
    std::cout << "\nNo desirable criterion left to meet would have reached the shortlist.\n";

  std::cout << "\nPanel decisions:";
  if (e.decisions.empty())
    std::cout << " none recorded yet (the verdict above is the engine's proposal).";
  std::cout << "\n";
  for (auto const& d : e.decisions)
    std::cout << fmt::format("  - {}: {} by {}{}: {}\n", d.at, engine::to_string(d.kind), d.by,
                             d.run_id == run.id ? "" : fmt::format(" (on run {})", d.run_id),
                             d.reason);
  if (e.evidence_recomputed)
    std::cout << (e.outcomes_match
                      ? "\nThe evidence above was rendered again from the run's stored inputs; "
                        "the outcomes recomputed with it are the ones on record.\n"
                      : "\nThe evidence above was rendered again from the run's stored inputs, "
                        "but the outcomes recomputed with it differ from the ones on record "
                        "(shown above): the inputs changed or were erased since. Check the run "
                        "with sift verify.\n");
  std::cout << fmt::format("\nReproduce and check this run: sift verify {}\n", run.id);
}

void print_json(screening::Explanation const& e) {
  auto const& run = e.run;
  JsonWriter json;
  json.object()
      .key("ref")
      .string(e.ref)
      .key("vacancy")
      .string(run.vacancy)
      .key("run")
      .integer(run.id)
      .key("as_of")
      .string(run.as_of)
      .key("stage")
      .string(engine::to_string(run.stage))
      .key("specification_version")
      .integer(run.specification_version)
      .key("specification_sha256")
      .string(run.specification_sha256)
      .key("verdict")
      .string(engine::to_string(e.verdict))
      .key("score")
      .number(e.score)
      .key("max_score")
      .number(run.max_score)
      .key("rank");
  json.integer_or_null(e.rank ? std::optional<std::int64_t>(e.rank) : std::nullopt);
  json.key("eligible").integer(static_cast<std::int64_t>(run.eligible));
  json.key("policy").object().key("top");
  json.integer_or_null(e.top);
  json.key("ties_included").boolean(e.ties_included).key("minimum_score");
  json.number_or_null(e.minimum_score);
  json.end().key("cutoff_score");
  json.number_or_null(e.cutoff_score);
  json.key("criteria").array();
  for (auto const& x : e.criteria) {
    auto const& c = x.criterion;
    json.object();
    write_criterion_keys(json, c);
    json.key("file")
        .string(c.file)
        .key("line")
        .integer(c.line)
        .key("outcome")
        .string(engine::to_string(x.outcome))
        .key("evidence")
        .string(x.evidence)
        .key("points")
        .number(x.points)
        .end();
  }
  json.end().key("flags").array();
  for (auto const& f : e.flags)
    json.object()
        .key("id")
        .string(f.id)
        .key("title")
        .string(f.title)
        .key("outcome")
        .string(engine::to_string(f.state))
        .key("evidence")
        .string(f.evidence)
        .end();
  json.end().key("moderation").array();
  for (auto const& m : e.moderation)
    json.string(m);
  json.end().key("counterfactual").object().key("criteria").array();
  for (auto const& id : e.counterfactual.criteria)
    json.string(id);
  json.end().key("verdict");
  if (e.counterfactual.verdict)
    json.string(engine::to_string(*e.counterfactual.verdict));
  else
    json.null();
  json.end().key("decisions").array();
  for (auto const& d : e.decisions)
    write_decision(json, d);
  json.end().key("evidence").object().key("recomputed").boolean(e.evidence_recomputed);
  json.key("outcomes_match").boolean(e.outcomes_match).end();
  json.end();
  std::cout << json.text();
}

}  // namespace

Command explain_command() {
  return {"explain",
          "why an applicant got their verdict, from the stored run",
          "explain REF [--vacancy V] [--run ID] [--format text|json]",
          "  sift explain A0000017\n  sift explain A0000017 --run 3 --format json\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("ref", po::value<std::string>()->required(),
                                  "the applicant's ref")(
                "vacancy", po::value<std::string>()->default_value(""),
                "the vacancy, when the ref is in several")(
                "run", po::value<std::int64_t>(), "a run id (default: the vacancy's latest run)")(
                "format", po::value<std::string>()->default_value("text"), "text or json");
            positional.add("ref", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            auto const format = values["format"].as<std::string>();
            if (!is_one_of("explain", "--format", format, {"text", "json"})) return usage_error;
            return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
              auto const e =
                  screening::explain(db, values["ref"].as<std::string>(),
                                     values["vacancy"].as<std::string>(), run_option(values));
              if (format == "json")
                print_json(e);
              else
                print_text(e);
              return success;
            });
          }};
}

Command decide_command() {
  return {"decide",
          "record the panel's decision (shortlist, reject, hold) with a reason",
          "decide REF --shortlist|--reject|--hold --reason TEXT --by NAME [--run ID]",
          "  sift decide A0000017 --shortlist --reason \"Strong KS5 experience\" --by "
          "\"J. Panel\"\n"
          "  sift decide A0000042 --hold --reason \"Awaiting second reference\" --by "
          "\"J. Panel\"\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("ref", po::value<std::string>()->required(),
                                  "the applicant's ref")(
                "shortlist", po::bool_switch(), "invite to interview")("reject", po::bool_switch(),
                                                                       "do not invite")(
                "hold", po::bool_switch(), "decide later (for example, awaiting a reference)")(
                "reason", po::value<std::string>()->required(),
                "why, in words the applicant could be told")(
                "by", po::value<std::string>()->required(), "who decided")(
                "vacancy", po::value<std::string>()->default_value(""),
                "the vacancy, when the ref is in several")(
                "run", po::value<std::int64_t>(),
                "the run decided on (default: the vacancy's latest run)");
            positional.add("ref", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            int const chosen = values["shortlist"].as<bool>() + values["reject"].as<bool>() +
                               values["hold"].as<bool>();
            if (chosen != 1) {
              std::cerr << "sift decide: give exactly one of --shortlist, --reject and --hold\n";
              return usage_error;
            }
            auto const decision = values["shortlist"].as<bool>() ? engine::DecisionKind::shortlist
                                  : values["reject"].as<bool>()  ? engine::DecisionKind::reject
                                                                 : engine::DecisionKind::hold;
            return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
              auto const ref = values["ref"].as<std::string>();
              auto const made = data::Decisions(db).decide(
                  ref, values["vacancy"].as<std::string>(), run_option(values), decision,
                  values["reason"].as<std::string>(), values["by"].as<std::string>());
              std::cout << fmt::format("{}: {} by {} at {}, recorded; {}\n", ref,
                                       engine::to_string(made.kind), made.by, made.at,
                                       chain_head_line(db));
              return success;
            });
          }};
}

}  // namespace sift::cli
