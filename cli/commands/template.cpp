// `sift template VACANCY|SPEC --xlsx FILE | --csv FOLDER [--with APPLICATIONS.jsonl]`: the
// application form as a workbook a school can fill in (and import with `sift import`).
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../spec_loading.hpp"
#include "sift/data/error.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/data/workbooks.hpp"

namespace po = boost::program_options;

namespace sift::cli {

namespace {

int write(rules::Specification const& form, std::string const& vacancy,
          po::variables_map const& values) {
  bool const xlsx = values.count("xlsx") > 0;
  std::filesystem::path const out = values[xlsx ? "xlsx" : "csv"].as<std::string>();
  std::ifstream applications;
  if (values.count("with")) {
    auto const path = values["with"].as<std::string>();
    applications.open(path, std::ios::binary);
    if (!applications) {
      std::cerr << fmt::format("sift: {}: cannot open the file: {}\n", path, std::strerror(errno));
      return data_error;
    }
  }
  try {
    data::write_workbook(form, vacancy, out,
                         xlsx ? data::WorkbookKind::xlsx : data::WorkbookKind::csv_folder,
                         values.count("with") ? &applications : nullptr);
  } catch (data::Error const& e) {
    std::cerr << "sift: " << e.what() << "\n";
    return exit_code_of(e.kind());
  }
  std::cout << fmt::format("{}: the application {} of vacancy {}{}\n", out.string(),
                           xlsx ? "workbook" : "folder", vacancy,
                           values.count("with") ? ", filled" : "");
  return success;
}

}  // namespace

Command template_command() {
  return {"template",
          "write a vacancy's application form as a workbook (or CSV files) to fill in",
          "template VACANCY|SPEC.sift (--xlsx FILE | --csv FOLDER) [--with APPLICATIONS.jsonl]",
          "  sift template second-in-science --xlsx applications.xlsx\n"
          "  sift template examples/second-in-science.sift --csv applications/\n"
          "  sift template second-in-science --xlsx filled.xlsx --with batch.jsonl\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("vacancy", po::value<std::string>()->required(),
                                  "a vacancy in the database, or a specification file")(
                "xlsx", po::value<std::string>(), "write an Excel workbook")(
                "csv", po::value<std::string>(), "write a folder of CSV files, one per sheet")(
                "with", po::value<std::string>(), "fill it with these applications (JSON Lines)");
            add_allow_dir_option(options);
            positional.add("vacancy", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            if (values.count("xlsx") == values.count("csv")) {
              std::cerr << "sift template: give one of --xlsx FILE or --csv FOLDER\n";
              return usage_error;
            }
            auto const vacancy = values["vacancy"].as<std::string>();
            if (vacancy.ends_with(".sift")) {
              auto const spec = load_or_report(vacancy, values);
              if (!spec) return rules_error;
              auto const* picked = pick_vacancy(*spec, vacancy);
              if (!picked) return rules_error;
              return write(*spec, picked->id, values);
            }
            return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
              return write(data::Vacancies(db).checked(vacancy), vacancy, values);
            });
          }};
}

}  // namespace sift::cli
