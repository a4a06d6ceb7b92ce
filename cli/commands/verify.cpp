// `sift verify RUN`: recompute a stored run and compare; the verification-failure exit code on
// any difference.
#include <fmt/format.h>

#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "sift/screening/verify.hpp"

namespace po = boost::program_options;

namespace sift::cli {

Command verify_command() {
  return {"verify",
          "recompute a stored run and check that nothing in it was altered",
          "verify RUN",
          "  sift verify 3\n  sift --db trust.db verify 12 || echo 'run 12 was altered'\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("run", po::value<std::int64_t>()->required(), "the run id");
            positional.add("run", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
              auto const report = screening::verify(db, values["run"].as<std::int64_t>());
              if (report.difference_count == 0) {
                std::cout << fmt::format(
                    "run {}: verified: {} results recomputed from the stored inputs and "
                    "identical; the run's hashes and the chain of runs are intact\n",
                    report.run_id, report.checked);
                return success;
              }
              for (auto const& difference : report.differences)
                std::cout << difference << "\n";
              if (report.difference_count > report.differences.size())
                std::cout << fmt::format("... and {} more\n",
                                         report.difference_count - report.differences.size());
              std::cout << fmt::format("run {}: NOT verified: {} difference{}\n", report.run_id,
                                       report.difference_count,
                                       report.difference_count == 1 ? "" : "s");
              return verify_failed;
            });
          }};
}

}  // namespace sift::cli
