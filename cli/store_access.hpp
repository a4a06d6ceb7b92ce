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

// Prints an import's problems (to stderr) and summary (to stdout); returns the exit code.
int report_import(std::string const& name, data::ImportSummary const& summary,
                  data::ImportOptions const& options, char const* what);

}  // namespace sift::cli
