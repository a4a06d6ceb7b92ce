// What every import shares: its options and its summary. An import lands whole or changes
// nothing, unless the user asked to skip bad rows; then every skipped row is reported.
#pragma once

#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace sift::data {

// JSON Lines and CSV of format v1.1 (docs/application-format.md); a Teaching Vacancies document
// (shared/formats/teaching-vacancies.md), mapped onto it; an application workbook (.xlsx) or the
// same as a folder of CSV files (sift/data/workbooks.hpp), read from the path the import names.
enum class ApplicationsFormat { json_lines, csv, teaching_vacancies, workbook, csv_folder };

struct ImportOptions {
  bool skip_invalid = false;  // import the good rows and report every bad one
  bool dry_run = false;       // validate only; change nothing
  // Scores, a Teaching Vacancies document, a workbook: the vacancy they belong to (scores need
  // it only when several exist; a workbook may name it on its about sheet instead).
  std::string vacancy;
  // Applications: keys the vacancy's form does not declare are dropped and counted instead of
  // refusing the record. Either way they are never stored.
  bool drop_undeclared = false;
  ApplicationsFormat format = ApplicationsFormat::json_lines;
  // Where each rejected row is written as it was read (a CSV's header first), so that it can be
  // corrected and imported again; none when null.
  std::ostream* rejects = nullptr;
  // Applicants whose data was erased are refused, so that an erasure is not undone by a later
  // file; when this names who says otherwise, they are imported and that is recorded.
  std::string readmit_erased_by;
};

struct RowProblem {
  std::size_t line = 0;  // 1-based line in the input
  std::string message;   // names the field: "qualifications[0].year is -2005, ..."
  // Where the row is when a line number does not say it: "job_applications[2]" in a document.
  std::string place;
};

// An import lists this many problems in full and counts the rest, so that its memory does not
// grow with the input (8 MB of bad lines once took 712 MiB).
inline constexpr std::size_t most_problems_listed = 1000;

struct ImportSummary {
  std::size_t read = 0;
  std::size_t added = 0;         // new applicants (or score rows)
  std::size_t new_versions = 0;  // changed re-submissions (or changed scores)
  std::size_t unchanged = 0;
  std::size_t rejected = 0;
  bool committed = false;
  std::vector<RowProblem> problems;  // the first most_problems_listed, in line order
  std::size_t problems_not_listed = 0;
  std::map<std::string, std::size_t> dropped;  // undeclared key -> records it was dropped from
};

// Lists a problem while the list is short, and counts it otherwise.
inline void list_problem(ImportSummary& summary, RowProblem problem) {
  if (summary.problems.size() < most_problems_listed)
    summary.problems.push_back(std::move(problem));
  else
    ++summary.problems_not_listed;
}

// Rejects a row for one problem.
inline void reject_row(ImportSummary& summary, std::size_t line, std::string message) {
  ++summary.rejected;
  list_problem(summary, {line, std::move(message), {}});
}

}  // namespace sift::data
