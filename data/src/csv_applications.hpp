// Applications as CSV, for panels who keep them in a spreadsheet. Each row becomes the JSON
// record of docs/application-format.md, guided by the declared form of the row's vacancy,
// and is then validated exactly as a JSON Lines record is. The columns are documented in
// docs/database.md: one per field, `record.member` for records' members (pay.scale,
// declarations.on_barred_list, personal.email), lists of values separated by ';', and lists of
// records (qualifications, employment, references) as JSON in the cell.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sift/rules/specification.hpp"

namespace sift::data {

// The form of a vacancy, or null when the vacancy is not in the database.
using FormLookup = std::function<rules::Specification const*(std::string const& vacancy)>;

// Converts one row under `header` into a JSON object text. Returns what is wrong, or empty.
std::string csv_row_to_json(std::vector<std::string> const& header,
                            std::vector<std::string> const& row, FormLookup const& forms,
                            std::string& json);

// Checks a header: it names ref and vacancy, and no column twice. Returns what is wrong, or empty.
std::string check_csv_header(std::vector<std::string> const& header);

}  // namespace sift::data
