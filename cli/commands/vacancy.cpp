// `sift vacancy add SPEC` and `sift vacancy list`.
#include <fmt/format.h>

#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../listing.hpp"
#include "../spec_loading.hpp"
#include "sift/data/vacancies.hpp"

namespace po = boost::program_options;

namespace sift::cli {

Command vacancy_command() {
  return {"vacancy",
          "add a vacancy's specification to the database, or list the vacancies",
          "vacancy add SPEC | vacancy list [--format table|csv|json]",
          "  sift vacancy add examples/second-in-science.sift\n"
          "  sift --db trust.db vacancy list\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("action", po::value<std::string>()->required(), "add or list")(
                "file", po::value<std::string>(), "the specification (for add)");
            add_allow_dir_option(options);
            add_format_option(options);
            positional.add("action", 1).add("file", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            auto const action = values["action"].as<std::string>();
            if (action == "list") {
              auto const format = format_option("vacancy", values);
              if (!format) return usage_error;
              return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
                Listing listing{{{"vacancy", "VACANCY", false},
                                 {"version", "VERSION", true},
                                 {"applicants", "APPLICANTS", true},
                                 {"title", "TITLE", false}},
                                {}};
                for (auto const& v : data::Vacancies(db).list())
                  listing.rows.push_back(
                      {v.id, std::to_string(v.version), std::to_string(v.applicants), v.title});
                print_listing(listing, *format);
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
