// Application workbooks: a vacancy's form as sheets a school can fill in, as an Excel workbook
// (.xlsx) or a folder of CSV files, and back. One sheet `applicants` holds a row per applicant
// (ref, the form's single-valued fields, the identity columns, the statement); each list of
// records (qualifications, employment, breaks, references, ...) has a sheet of its own, a row per
// entry, keyed by ref; `monitoring` holds the equality-monitoring answers, kept apart; `about`
// names the vacancy. docs/application-format.md describes the layout; the template writes it and
// the import reads it (`sift template`, `sift import FILE.xlsx|FOLDER`).
#pragma once

#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "sift/rules/specification.hpp"

namespace sift::data {

enum class WorkbookKind { xlsx, csv_folder };

// Where a column's value goes in an application record.
enum class ColumnPart { key, fact, personal, statement, monitoring };

struct WorkbookColumn {
  std::string name;         // as headed: "ref", "qts", "pay.scale", "personal.email"
  std::string description;  // how to fill it in: "yes or no", "one of: MPS, UPS, ..."
  rules::Type type;         // of the cell's value
  ColumnPart part = ColumnPart::fact;
};

struct WorkbookSheet {
  std::string name;                     // "applicants", "monitoring", or the list field it fills
  std::string field;                    // the list field (empty for applicants and monitoring)
  std::vector<WorkbookColumn> columns;  // `ref` first
};

// The sheets of a vacancy's form, in order: applicants, one per list of records, monitoring.
std::vector<WorkbookSheet> workbook_layout(rules::Specification const& form);

inline constexpr char const* applicants_sheet = "applicants";
inline constexpr char const* monitoring_sheet = "monitoring";
inline constexpr char const* about_sheet = "about";
inline constexpr char const* lists_sheet = "lists";  // hidden: the drop-down lists' values

// Writes the form of `vacancy` as an empty workbook (or folder), or, with `applications` (JSON
// Lines of application records), filled with them. Throws Error (io, invalid_input).
void write_workbook(rules::Specification const& form, std::string const& vacancy,
                    std::filesystem::path const& out, WorkbookKind kind,
                    std::istream* applications = nullptr);

}  // namespace sift::data
