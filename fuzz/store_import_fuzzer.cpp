// libFuzzer target for whole imports into SQLite: each input is imported as JSON Lines, as
// applications CSV, as a Teaching Vacancies document, as an .xlsx workbook (written to a file)
// and as assessors' scores CSV, into a real database holding the Second in
// Science vacancy and its 200 example applications. Oracles: the only exception is a data::Error
// (a message for the user); the summary adds up (every line read is added, a new version,
// unchanged or rejected, and each rejection is reported once, in line order); and a dry run
// leaves the database exactly as it was.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sift/data/applications.hpp"
#include "sift/data/database.hpp"
#include "sift/data/scores.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/rules/load.hpp"

namespace {

namespace fs = std::filesystem;
using sift::data::Database;
using sift::data::ImportOptions;
using sift::data::ImportSummary;

fs::path const source = SIFT_SOURCE_DIR;

// The database, made once per fuzzing process in a fresh temporary directory.
Database& database() {
  static auto* const made = [] {
    char pattern[] = "/tmp/sift-fuzz-XXXXXX";
    if (!::mkdtemp(pattern)) std::abort();
    auto* db = new Database(fs::path(pattern) / "fuzz.db", sift::data::OpenMode::create_if_missing);
    auto loaded = sift::rules::load_specification(source / "examples" / "second-in-science.sift");
    if (!loaded.specification) std::abort();
    sift::data::Vacancies(*db).add(*loaded.specification, loaded.specification->vacancies.front());
    std::ifstream apps(source / "examples" / "second-in-science.applications.jsonl");
    if (!sift::data::Applications(*db).import(apps, "examples", {}).committed) std::abort();
    return db;
  }();
  return *made;
}

std::string contents(Database& db) {
  std::string out;
  for (auto const& applicant : sift::data::Applications(db).list())
    out += applicant.ref + ' ' + std::to_string(applicant.versions) + '\n';
  return out;
}

void check(ImportSummary const& summary) {
  if (summary.committed) std::abort();  // a dry run
  if (summary.read != summary.added + summary.new_versions + summary.unchanged + summary.rejected)
    std::abort();
  if (summary.problems.size() + summary.problems_not_listed < summary.rejected) std::abort();
  for (std::size_t i = 1; i < summary.problems.size(); ++i)
    if (summary.problems[i].line < summary.problems[i - 1].line) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string const text(reinterpret_cast<char const*>(data), size);
  auto& db = database();
  static std::string const before = contents(db);
  using Format = sift::data::ApplicationsFormat;
  static fs::path const workbook = [] {
    char pattern[] = "/tmp/sift-fuzz-book-XXXXXX";
    if (!::mkdtemp(pattern)) std::abort();
    return fs::path(pattern) / "fuzz.xlsx";
  }();
  std::ofstream(workbook, std::ios::binary | std::ios::trunc) << text;
  for (auto const format :
       {Format::json_lines, Format::csv, Format::teaching_vacancies, Format::workbook}) {
    ImportOptions options;
    options.dry_run = true;
    options.skip_invalid = size % 2 == 1;
    options.format = format;
    options.vacancy = "second-in-science";
    std::istringstream input(text);
    try {
      check(sift::data::Applications(db).import(
          input, format == Format::workbook ? workbook.string() : "fuzz", options));
    } catch (sift::data::Error const&) {
      // A message for the user, naming what is wrong: expected for most inputs.
    }
  }
  {
    ImportOptions options;
    options.dry_run = true;
    options.skip_invalid = size % 2 == 1;
    std::istringstream input(text);
    try {
      check(sift::data::Scores(db).import(input, "fuzz", options));
    } catch (sift::data::Error const&) {
      // A message for the user, naming what is wrong: expected for most inputs.
    }
  }
  if (contents(db) != before) std::abort();
  return 0;
}
