// `sift test FILE`: runs the `example` applicants of a specification and compares each verdict
// (and, for an excluded example, the essentials it fails) with what the example expects.
#include <fmt/format.h>

#include <iostream>
#include <set>

#include "../command.hpp"
#include "../dates.hpp"
#include "../spec_loading.hpp"
#include "sift/engine/examples.hpp"

namespace po = boost::program_options;

namespace sift::cli {

Command test_command() {
  return {"test",
          "run a specification's example applicants against their expected verdicts",
          "test FILE... [--as-of YYYY-MM-DD]",
          "  sift test examples/second-in-science.sift\n"
          "  sift test --as-of 2026-11-23 examples/second-in-maths.sift\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("file", po::value<std::vector<std::string>>()->required(),
                                  "specification files")(
                "as-of", po::value<std::string>(),
                "the date for examples that give none (default: today)");
            add_allow_dir_option(options);
            positional.add("file", -1);
          },
          [](Globals const&, po::variables_map const& values) -> int {
            auto const default_as_of = as_of_option(values);
            if (!default_as_of) return usage_error;

            int passed = 0;
            int failed = 0;
            int broken = 0;
            for (auto const& file : values["file"].as<std::vector<std::string>>()) {
              auto const spec = load_or_report(file, values);
              if (!spec) {
                ++broken;
                continue;
              }
              for (auto const& o : engine::run_examples(*spec, *default_as_of)) {
                auto const& vacancy = *o.vacancy;
                auto const& example = *o.example;
                std::string const verdict = engine::to_string(o.verdict);
                auto describe = [](std::string const& v, std::set<std::string> const& because) {
                  return because.empty()
                             ? v
                             : fmt::format("{} because {}", v, fmt::join(because, ", "));
                };
                if (o.passed) {
                  ++passed;
                  std::cout << fmt::format("PASS  {}: \"{}\" is {}\n", vacancy.id, example.title,
                                           verdict);
                  continue;
                }
                ++failed;
                std::cout << fmt::format("FAIL  {}: \"{}\"\n", vacancy.id, example.title);
                if (!o.verdict_held)
                  std::cout << fmt::format("      {}:{}: expected {}, got {}\n", example.where.file,
                                           example.where.line,
                                           describe(example.expected_verdict, o.expected_failures),
                                           describe(verdict, o.failures));
                for (auto const& unmet : o.unmet)
                  std::cout << fmt::format("      {}\n", unmet);
                for (std::size_t i = 0; i < vacancy.criteria.size(); ++i) {
                  auto const& outcome = o.result.criteria[i];
                  if (outcome.outcome == engine::Outcome::not_met ||
                      outcome.outcome == engine::Outcome::unknown)
                    std::cout << fmt::format("      {} {}: {}\n", vacancy.criteria[i].id,
                                             engine::to_string(outcome.outcome), outcome.evidence);
                }
              }
            }
            // A file that did not check tested nothing: the count says so, rather than '0 failed'.
            std::cout << fmt::format("{} passed, {} failed", passed, failed);
            if (broken > 0)
              std::cout << fmt::format("; {} file{} did not check, so nothing in {} was tested",
                                       broken, broken == 1 ? "" : "s", broken == 1 ? "it" : "them");
            std::cout << "\n";
            if (broken > 0) return rules_error;
            return failed ? check_failed : success;
          }};
}

}  // namespace sift::cli
