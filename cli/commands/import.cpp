// `sift import FILE` (applications, JSON Lines) and `sift scores import FILE.csv`.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/scores.hpp"

namespace po = boost::program_options;

namespace sift::cli {
namespace {

// An importer of one table family: applications or scores.
using TableImport = data::ImportSummary (*)(data::Database&, std::istream&, std::string const&,
                                            data::ImportOptions const&);

int import_file(Globals const& globals, std::string const& file, data::ImportOptions options,
                po::variables_map const& values, TableImport import, char const* what) {
  // A missing file is reported before the database is created or opened.
  if (file != "-" && !std::ifstream(file)) {
    std::cerr << fmt::format("sift: {}: cannot open the file: {}\n", file, std::strerror(errno));
    return data_error;
  }
  // A workbook or a folder is read from its path: no stream.
  bool const by_path = options.format == data::ApplicationsFormat::workbook ||
                       options.format == data::ApplicationsFormat::csv_folder;
  std::ofstream rejects;
  if (values.count("rejects")) {
    auto const path = values["rejects"].as<std::string>();
    rejects.open(path, std::ios::binary | std::ios::trunc);
    if (!rejects) {
      std::cerr << fmt::format("sift: {}: cannot write the rejects file: {}\n", path,
                               std::strerror(errno));
      return data_error;
    }
    options.rejects = &rejects;
  }
  return with_database(globals, data::OpenMode::create_if_missing, [&](data::Database& db) {
    if (by_path) {
      std::istringstream nothing;
      return report_import(file, import(db, nothing, file, options), options, what);
    }
    return import_into(
        file, options,
        [&](std::istream& in, std::string const& name) { return import(db, in, name, options); },
        what);
  });
}

void add_import_options(po::options_description& options, bool file_required = true) {
  auto* file = po::value<std::string>();
  if (file_required) file->required();
  options.add_options()("file", file, "the input ('-' for stdin)")(
      "skip-invalid", po::bool_switch(),
      "import the good rows, report every bad one, and exit 6 if any was skipped")(
      "rejects", po::value<std::string>(),
      "write the rejected rows, as read, to this file (to correct and import again)")(
      "dry-run", po::bool_switch(), "validate only; store nothing");
}

data::ImportOptions import_options(po::variables_map const& values) {
  data::ImportOptions options;
  options.skip_invalid = values["skip-invalid"].as<bool>();
  options.dry_run = values["dry-run"].as<bool>();
  if (values.count("vacancy")) options.vacancy = values["vacancy"].as<std::string>();
  return options;
}

}  // namespace

Command import_command() {
  return {
      "import",
      "import applications (JSON Lines, CSV, Teaching Vacancies), all or nothing",
      "import FILE.jsonl|FILE.csv|FILE.xlsx|FOLDER [--format jsonl|csv] [--skip-invalid] "
      "[--rejects FILE] [--dry-run] [--drop-undeclared] [--readmit-erased NAME]\n"
      "       sift import --from teaching-vacancies FILE.json --vacancy V [...]",
      "  sift import examples/second-in-science.applications.jsonl\n"
      "  sift import examples/second-in-science.sample.csv\n"
      "  sift import --dry-run new-batch.jsonl\n"
      "  sift import applications.xlsx     (the workbook 'sift template' writes)\n"
      "  sift import --from teaching-vacancies tv.json --vacancy second-in-science\n"
      "  gen_applicants.py --count 1000 | sift import -\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        add_import_options(options);
        options.add_options()(
            "readmit-erased", po::value<std::string>(),
            "import applicants whose data was erased, recorded as readmitted by this name "
            "(refused otherwise)")(
            "drop-undeclared", po::bool_switch(),
            "drop keys the form does not declare (counted, never stored) instead "
            "of refusing their records")(
            "format", po::value<std::string>(),
            "jsonl or csv (default: csv for a .csv file, jsonl otherwise)")(
            "from", po::value<std::string>(),
            "teaching-vacancies: a document of Teaching Vacancies job applications, mapped "
            "onto the application format (docs/application-format.md)")(
            "vacancy", po::value<std::string>(),
            "with --from, or a workbook without an about sheet: the Sift vacancy the "
            "applications are for");
        positional.add("file", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        auto const file = values["file"].as<std::string>();
        auto options_for_file = import_options(values);
        options_for_file.drop_undeclared = values["drop-undeclared"].as<bool>();
        if (values.count("readmit-erased")) {
          options_for_file.readmit_erased_by = values["readmit-erased"].as<std::string>();
          if (options_for_file.readmit_erased_by.find_first_not_of(" \t") == std::string::npos) {
            std::cerr << "sift import: --readmit-erased must name who readmits them\n";
            return usage_error;
          }
        }
        options_for_file.format = applications_format(file);
        if (values.count("format")) {
          auto const format = values["format"].as<std::string>();
          if (!is_one_of("import", "--format", format, {"jsonl", "csv"})) return usage_error;
          options_for_file.format = format == "csv" ? data::ApplicationsFormat::csv
                                                    : data::ApplicationsFormat::json_lines;
        }
        if (values.count("from")) {
          if (values.count("format")) {
            std::cerr << "sift import: --from and --format cannot be given together\n";
            return usage_error;
          }
          if (!is_one_of("import", "--from", values["from"].as<std::string>(),
                         {"teaching-vacancies"}))
            return usage_error;
          if (!values.count("vacancy")) {
            std::cerr << "sift import: --from teaching-vacancies needs --vacancy V, the Sift "
                         "vacancy the applications are for\n";
            return usage_error;
          }
          options_for_file.format = data::ApplicationsFormat::teaching_vacancies;
        } else if (values.count("vacancy") &&
                   options_for_file.format != data::ApplicationsFormat::workbook &&
                   options_for_file.format != data::ApplicationsFormat::csv_folder) {
          std::cerr << "sift import: --vacancy is for --from and workbooks; JSON Lines and "
                       "CSV records name their vacancy\n";
          return usage_error;
        }
        return import_file(
            globals, file, options_for_file, values,
            [](data::Database& db, std::istream& in, std::string const& name,
               data::ImportOptions const& options) {
              return data::Applications(db).import(in, name, options);
            },
            "records");
      }};
}

Command scores_command() {
  return {
      "scores",
      "import assessors' scores (CSV), withdraw some, or record the panel's agreed score",
      "scores import FILE.csv [--vacancy V] [--skip-invalid] [--rejects FILE] [--dry-run]\n"
      "       sift scores withdraw --vacancy V --assessor NAME [--ref REF] [--criterion ID] "
      "--reason TEXT --by NAME\n"
      "       sift scores agree --vacancy V --ref REF --criterion ID --score N --reason TEXT "
      "--by NAME",
      "  sift scores import examples/second-in-science.scores.csv\n"
      "  sift scores import panel.csv --vacancy second-in-maths\n"
      "  sift scores withdraw --vacancy second-in-science --assessor Panel-1 --reason \"typo "
      "for Panel 1\" --by Chair\n"
      "  sift scores agree --vacancy second-in-science --ref A0000017 --criterion cpd --score 2 "
      "--reason \"moderated: one course only\" --by Chair\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("action", po::value<std::string>()->required(),
                              "import, withdraw or agree")(
            "vacancy", po::value<std::string>(),
            "the vacancy the scores are for (needed when several)")(
            "assessor", po::value<std::string>(), "withdraw: whose scores")(
            "ref", po::value<std::string>()->default_value(""), "withdraw: only this applicant's")(
            "criterion", po::value<std::string>()->default_value(""),
            "withdraw: only this criterion's")("reason", po::value<std::string>(),
                                               "withdraw: why, for the record")(
            "by", po::value<std::string>(), "withdraw, agree: who does it")(
            "score", po::value<int>(), "agree: the panel's agreed score, 0 to 3");
        add_import_options(options, false);
        positional.add("action", 1).add("file", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        auto const action = values["action"].as<std::string>();
        if (action == "agree") {
          auto const& ref = values["ref"].as<std::string>();
          auto const& criterion = values["criterion"].as<std::string>();
          if (!values.count("vacancy") || ref.empty() || criterion.empty() ||
              !values.count("score") || !values.count("reason") || !values.count("by")) {
            std::cerr << "sift scores agree: needs --vacancy, --ref, --criterion, --score, "
                         "--reason and --by\n";
            return usage_error;
          }
          return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
            data::Scores(db).agree(values["vacancy"].as<std::string>(), ref, criterion,
                                   values["score"].as<int>(), values["reason"].as<std::string>(),
                                   values["by"].as<std::string>());
            std::cout << fmt::format(
                "{} {}: the panel's agreed score {} recorded; it replaces the individual scores "
                "from the next run\n",
                ref, criterion, values["score"].as<int>());
            return success;
          });
        }
        if (action == "withdraw") {
          if (!values.count("vacancy") || !values.count("assessor") || !values.count("reason") ||
              !values.count("by")) {
            std::cerr << "sift scores withdraw: needs --vacancy, --assessor, --reason and "
                         "--by\n";
            return usage_error;
          }
          return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
            data::Withdrawal const w{
                values["vacancy"].as<std::string>(), values["assessor"].as<std::string>(),
                values["ref"].as<std::string>(),     values["criterion"].as<std::string>(),
                values["reason"].as<std::string>(),  values["by"].as<std::string>()};
            auto const n = data::Scores(db).withdraw(w);
            std::cout << fmt::format(
                "{} score{} by {} withdrawn, kept on the record with the reason; run the "
                "vacancy again to use the scores that remain\n",
                n, n == 1 ? "" : "s", w.assessor);
            return success;
          });
        }
        if (action != "import" || !values.count("file")) {
          std::cerr << "sift scores: use 'sift scores import FILE.csv' or 'sift scores "
                       "withdraw ...'\n";
          return usage_error;
        }
        return import_file(
            globals, values["file"].as<std::string>(), import_options(values), values,
            [](data::Database& db, std::istream& in, std::string const& name,
               data::ImportOptions const& options) {
              return data::Scores(db).import(in, name, options);
            },
            "rows");
      }};
}

}  // namespace sift::cli
