// `sift vacancy add SPEC` and `sift vacancy list`.
#include <fmt/format.h>

#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../spec_loading.hpp"
#include "sift/data/vacancies.hpp"

namespace po = boost::program_options;

namespace sift::cli {

Command vacancy_command() {
  return {"vacancy",
          "add a vacancy's specification to the database, or list the vacancies",
          "vacancy add SPEC | vacancy list",
          "  sift vacancy add examples/second-in-science.sift\n"
          "  sift --db trust.db vacancy list\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("action", po::value<std::string>()->required(), "add or list")(
                "file", po::value<std::string>(), "the specification (for add)");
            add_allow_dir_option(options);
            positional.add("action", 1).add("file", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            auto const action = values["action"].as<std::string>();
            if (action == "list") {
              return with_database(globals, data::OpenMode::must_exist, [](data::Database& db) {
                auto const all = data::Vacancies(db).list();
                std::cout << fmt::format("{:<24} {:>7} {:>10}  {}\n", "VACANCY", "VERSION",
                                         "APPLICANTS", "TITLE");
                for (auto const& v : all)
                  std::cout << fmt::format("{:<24} {:>7} {:>10}  {}\n", v.id, v.version,
                                           v.applicants, v.title);
                return success;
              });
            }
            if (action != "add" || !values.count("file")) {
              std::cerr << "sift vacancy: use 'sift vacancy add SPEC' or 'sift vacancy list'\n";
              return usage_error;
            }
            auto const file = values["file"].as<std::string>();
            auto const spec = load_or_report(file, values);
            if (!spec) return rules_error;
            if (spec->vacancies.empty()) {
              std::cerr << fmt::format("{}: declares no vacancy\n", file);
              return rules_error;
            }
            return with_database(
                globals, data::OpenMode::create_if_missing, [&](data::Database& db) {
                  for (auto const& vacancy : spec->vacancies) {
                    auto const added = data::Vacancies(db).add(*spec, vacancy);
                    std::cout << fmt::format("{}: {} version {} ({})\n", added.id,
                                             added.changed ? "stored as" : "unchanged at",
                                             added.version, added.sha256.substr(0, 12));
                  }
                  return success;
                });
          }};
}

}  // namespace sift::cli
