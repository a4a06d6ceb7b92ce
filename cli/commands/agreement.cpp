// `sift agreement VACANCY`: how far the assessors agree, who needs moderating, and whether an
// assessor scores systematically higher or lower than the others.
#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../listing.hpp"
#include "sift/screening/agreement.hpp"

namespace po = boost::program_options;

namespace sift::cli {

Command agreement_command() {
  return {
      "agreement",
      "how far the assessors agree; the moderation queue",
      "agreement VACANCY [--format table|csv|json]",
      "  sift agreement second-in-science\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("vacancy", po::value<std::string>()->required(), "the vacancy id");
        add_format_option(options);
        positional.add("vacancy", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        auto const format = format_option("agreement", values);
        if (!format) return usage_error;
        return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
          auto const r = screening::agreement(db, values["vacancy"].as<std::string>());
          if (*format != "table") {  // the agreement of each pair of assessors, per criterion
            Listing listing{{{"criterion", "CRITERION", false},
                             {"first", "FIRST", false},
                             {"second", "SECOND", false},
                             {"scored", "SCORED", true},
                             {"exact", "EXACT", true},
                             {"mean_difference", "MEAN DIFF", true},
                             {"kappa", "KAPPA", true}},
                            {}};
            for (auto const& p : r.agreement.pairs)
              listing.rows.push_back({p.criterion, p.first, p.second, std::to_string(p.applicants),
                                      fmt::format("{:.4f}", p.exact),
                                      fmt::format("{:.4f}", p.mean_difference),
                                      p.kappa ? fmt::format("{:.4f}", *p.kappa) : "-"});
            print_listing(listing, *format);
            return success;
          }
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
