// Spreadsheet cells as the values of a declared form, both ways. A school types "Yes",
// "20/10/2026" or "Biology"; the record says true, "2026-10-20" and "biology". The same rules
// serve the CSV import, the workbook import and the workbook template, so what the template
// writes the import reads back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sift/rules/types.hpp"
#include "sift/rules/value.hpp"

namespace sift::data {

// Where a cell sits, for messages: its column's name.
struct CellContext {
  std::string_view member;
};

// Whether a cell says "none" (also "current", "n/a"): an answer, not a blank.
bool says_none(std::string const& cell);

// A cell (already trimmed, not empty) as a JSON value of `type`. Accepts yes/no and true/false
// for a bool; DD/MM/YYYY, MM/YYYY (a partial date: the month), YYYY and ISO dates; a
// declared value in any case and with or without accents; for a set or a list of values, values
// separated by ';'; "none" for an optional value (null) or a collection ([]). What does not fit
// goes through as a JSON text, for the validator to name the field and what it expected. Lists of
// records need a sheet of their own: `problem` says so.
std::string cell_json(std::string const& cell, rules::Type const& type, CellContext context,
                      std::string& problem);

// An equality-monitoring answer (no form declares them): yes/no or true/false as a bool,
// anything else as text.
std::string monitoring_json(std::string const& cell);

// An Excel serial day number (days since 1899-12-30) as a date, if it is a plausible one.
std::optional<rules::Date> excel_date(double serial);

// A date as a workbook shows it: DD/MM/YYYY, or MM/YYYY or YYYY for a partial date.
std::string uk_date(rules::Date date);

// How a cell says a declared type, for a template's column notes: "yes or no", "a date
// (20/10/2026)", "one of: MPS, UPS, LPS, unqualified", "several, separated by ;".
std::string cell_description(rules::Type const& type);

}  // namespace sift::data
