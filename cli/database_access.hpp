// Opening the database for a command, and the one place where the data layer's errors become
// exit codes (by kind, through exit_code_of). Any other exception is a defect and reaches main,
// which exits 70.
#pragma once

#include <functional>
#include <istream>
#include <string>

#include "command.hpp"
#include "sift/data/database.hpp"
#include "sift/data/imports.hpp"

namespace sift::cli {

// Runs `body` with the database open; prints a data::Error and returns its kind's exit code.
int with_database(Globals const& globals, data::OpenMode mode,
                  std::function<int(data::Database&)> const& body);

// Where the ledger now ends, for a command that extended it to print: "ledger entry 7, chain
// head 3f2a...".
std::string chain_head_line(data::Database& db);

using Importer = std::function<data::ImportSummary(std::istream&, std::string const&)>;

// Imports `file` ('-' for stdin) with `importer` and reports it.
int import_into(std::string const& file, data::ImportOptions const& options,
                Importer const& importer, char const* what);

// The format of an applications file, by its name: a workbook for .xlsx, a workbook's CSV
// files for a folder, CSV for .csv, JSON Lines otherwise.
data::ApplicationsFormat applications_format(std::string const& file);

// Prints an import's problems (to stderr) and summary (to stdout); returns the exit code.
int report_import(std::string const& name, data::ImportSummary const& summary,
                  data::ImportOptions const& options, char const* what);

}  // namespace sift::cli
