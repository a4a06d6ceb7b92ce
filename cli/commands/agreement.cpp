// `sift agreement VACANCY`: how far the assessors agree, who needs moderating, and whether an
// assessor scores systematically higher or lower than the others.
#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "sift/screening/agreement.hpp"

namespace po = boost::program_options;

namespace sift::cli {

Command agreement_command() {
  return {
      "agreement",
      "how far the assessors agree; the moderation queue",
      "agreement VACANCY",
      "  sift agreement second-in-science\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("vacancy", po::value<std::string>()->required(), "the vacancy id");
        positional.add("vacancy", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
          auto const r = screening::agreement(db, values["vacancy"].as<std::string>());
          std::cout << fmt::format("Assessor agreement: {}\n\n", r.vacancy);
          std::cout << fmt::format("{:<24} {:<28} {:>7} {:>6} {:>10} {:>6}\n", "CRITERION",
                                   "ASSESSORS", "SCORED", "EXACT", "MEAN DIFF", "KAPPA");
          for (auto const& p : r.agreement.pairs)
            std::cout << fmt::format("{:<24} {:<28} {:>7} {:>5.0f}% {:>10.2f} {:>6}\n", p.criterion,
                                     p.first + " / " + p.second, p.applicants, 100 * p.exact,
                                     p.mean_difference,
                                     p.kappa ? fmt::format("{:.2f}", *p.kappa) : "-");
          std::cout << "\nAssessors against the mean of their colleagues on the same applicant and "
                       "criterion:\n";
          for (auto const& a : r.agreement.assessors)
            std::cout << fmt::format(
                "  {}: {:+.2f} points over {} comparisons{}\n", a.assessor,
                std::abs(a.mean_difference) < 0.005 ? 0.0 : a.mean_difference, a.compared,
                a.systematic ? (a.mean_difference > 0 ? "  * systematically higher"
                                                      : "  * systematically lower")
                             : "");
          std::cout << fmt::format(
              "\nModeration queue ({} applicant-criteria whose scores differ by the "
              "criterion's disagreement threshold or more):\n",
              r.agreement.moderation.size());
          for (auto const& m : r.agreement.moderation) {
            std::string given;
            for (auto const& [assessor, score] : m.scores)
              given += fmt::format("{}{} {}", given.empty() ? "" : ", ", assessor, score);
            std::cout << fmt::format("  {} {}: {}\n", m.ref, m.criterion, given);
          }
          std::cout << "\nKappa is Cohen's, with quadratic weights for the 0-3 scale (1 = full "
                       "agreement, 0 = "
                       "no better than chance).\n";
          return success;
        });
      }};
}

}  // namespace sift::cli
