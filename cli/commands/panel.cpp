// `sift panel VACANCY`: the panel declared for a vacancy: who may score its criteria, and whom
// each member may not score (conflicts of interest). With a declared panel, scores from anyone
// else are refused, with the nearest member's name.
#include <fmt/format.h>

#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "sift/data/decisions.hpp"
#include "sift/data/scores.hpp"

namespace po = boost::program_options;

namespace sift::cli {

Command panel_command() {
  return {
      "panel",
      "declare a vacancy's panel (members, conflicts of interest) or show it",
      "panel VACANCY [--member NAME]... [--conflict NAME=REF --reason TEXT] [--by NAME]",
      "  sift panel second-in-science --member \"Panel 1\" --member \"Panel 2\" --by Chair\n"
      "  sift panel second-in-science --conflict \"Panel 2=A0000017\" --reason \"former "
      "colleague\" --by Chair\n"
      "  sift panel second-in-science\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("vacancy", po::value<std::string>()->required(), "the vacancy")(
            "member", po::value<std::vector<std::string>>(), "a member of the panel (repeatable)")(
            "conflict", po::value<std::vector<std::string>>(),
            "NAME=REF: this member may not score this applicant (repeatable)")(
            "reason", po::value<std::string>(), "why (for a conflict)")(
            "by", po::value<std::string>(), "who declares it");
        positional.add("vacancy", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        auto const vacancy = values["vacancy"].as<std::string>();
        std::vector<std::string> members;
        if (values.count("member")) members = values["member"].as<std::vector<std::string>>();
        std::vector<data::Conflict> conflicts;
        if (values.count("conflict"))
          for (auto const& text : values["conflict"].as<std::vector<std::string>>()) {
            auto const equals = text.rfind('=');
            if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
              std::cerr << fmt::format("sift panel: --conflict takes NAME=REF, not '{}'\n", text);
              return usage_error;
            }
            conflicts.push_back({text.substr(0, equals), text.substr(equals + 1),
                                 values.count("reason") ? values["reason"].as<std::string>() : ""});
          }
        bool const changing = !members.empty() || !conflicts.empty();
        if (changing && !values.count("by")) {
          std::cerr << "sift panel: say who declares it with --by\n";
          return usage_error;
        }
        return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
          data::Scores scores(db);
          if (changing) scores.declare(vacancy, members, conflicts, values["by"].as<std::string>());
          auto const panel = scores.declared(vacancy);
          if (panel.members.empty()) {
            std::cout << fmt::format(
                "{}: no panel declared; whoever imports scores is taken as the panel "
                "(declare it with --member, so that a mistyped name is refused)\n",
                vacancy);
            return success;
          }
          std::cout << fmt::format("{}: panel of {}: {}\n", vacancy, panel.members.size(),
                                   fmt::join(panel.members, ", "));
          for (auto const& c : panel.conflicts)
            std::cout << fmt::format("  {} may not score {}: {}\n", c.assessor, c.ref, c.reason);
          return success;
        });
      }};
}

Command signoff_command() {
  return {
      "signoff",
      "a panel member signs off a run's shortlist, dated and on the record",
      "signoff VACANCY --by NAME [--run ID]",
      "  sift signoff second-in-science --by \"Panel 1\"\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("vacancy", po::value<std::string>()->required(), "the vacancy")(
            "by", po::value<std::string>()->required(), "the panel member signing")(
            "run", po::value<std::int64_t>(), "a run id (default: the vacancy's latest)");
        positional.add("vacancy", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
          data::Decisions decisions(db);
          auto const run = decisions.sign_off(
              values["vacancy"].as<std::string>(),
              values.count("run") ? std::optional(values["run"].as<std::int64_t>()) : std::nullopt,
              values["by"].as<std::string>());
          std::vector<std::string> signed_by;
          for (auto const& s : decisions.sign_offs(run))
            signed_by.push_back(fmt::format("{} ({})", s.by, s.at));
          std::cout << fmt::format(
              "run {}: shortlist signed off by {}; a decision after this is shown as a "
              "change since sign-off\n",
              run, fmt::join(signed_by, ", "));
          return success;
        });
      }};
}

}  // namespace sift::cli
