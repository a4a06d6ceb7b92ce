// The records of an application workbook (sift/data/workbooks.hpp): one per row of the
// applicants sheet, gathering that ref's rows of every list sheet and its monitoring answers.
// Each cell is read for its column's declared type and checked there, so that a problem names
// the sheet, row and column; the record then goes through the one validator like any other.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "csv_applications.hpp"
#include "record_source.hpp"
#include "sheets.hpp"

namespace sift::data {

// `vacancy` from the command line, or empty to take the one the about sheet names. Throws
// Error (invalid_input) when the sheets are not a workbook of that vacancy's form.
std::unique_ptr<RecordSource> workbook_source(std::vector<Sheet> sheets, std::string const& name,
                                              std::string const& vacancy, FormLookup const& forms);

}  // namespace sift::data
