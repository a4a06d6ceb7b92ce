// `sift check FILE...`: parses and checks specifications, reporting every error.
#include <fmt/format.h>

#include <iostream>

#include "../command.hpp"
#include "../spec_loading.hpp"

namespace po = boost::program_options;

namespace sift::cli {

Command check_command() {
  return {"check",
          "check specification files and report every error",
          "check FILE... [--allow-dir DIR]",
          "  sift check examples/second-in-science.sift\n"
          "  sift check examples/*.sift\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("file", po::value<std::vector<std::string>>()->required(),
                                  "specification files");
            add_allow_dir_option(options);
            positional.add("file", -1);
          },
          [](Globals const&, po::variables_map const& values) -> int {
            int result = success;
            for (auto const& file : values["file"].as<std::vector<std::string>>()) {
              auto const loaded = load_or_report(file, values);
              if (!loaded) {
                result = rules_error;
                continue;
              }
              std::cout << fmt::format("{}: ok", file);
              for (auto const& vacancy : loaded->vacancies)
                std::cout << fmt::format(" (vacancy {}: {} criteria, {} flags, {} examples)",
                                         vacancy.id, vacancy.criteria.size(), vacancy.flags.size(),
                                         vacancy.examples.size());
              std::cout << "\n";
            }
            return result;
          }};
}

}  // namespace sift::cli
