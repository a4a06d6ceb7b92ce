// Opening the store for a command and turning storage failures into the data-error exit code.
#pragma once

#include <functional>

#include "command.hpp"
#include "sift/data/store.hpp"

namespace sift::cli {

// Runs `body` with the store open; prints a DataError (or any SQLite failure) and returns the
// data-error exit code instead of letting it escape.
int with_store(Globals const& globals, data::OpenMode mode,
               std::function<int(data::Store&)> const& body);

using Importer = data::ImportSummary (data::Store::*)(std::istream&, std::string const&,
                                                      data::ImportOptions const&);

// Imports `file` ('-' for stdin) into an open store with `importer`, and reports it.
int import_into(data::Store& store, std::string const& file, data::ImportOptions const& options,
                Importer importer, char const* what);

// "csv" for a .csv file, "jsonl" otherwise.
std::string applications_format(std::string const& file);

// Prints an import's problems (to stderr) and summary (to stdout); returns the exit code.
int report_import(std::string const& name, data::ImportSummary const& summary,
                  data::ImportOptions const& options, char const* what);

}  // namespace sift::cli
