// A list of records printed as a table people read, as CSV (every cell made safe to open in a
// spreadsheet) or as JSON (an array of objects, numbers as numbers), from one description, so
// that every listing command speaks all three the same way (`--format table|csv|json`).
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sift::cli {

struct Column {
  std::string name;     // the CSV header and JSON key: "applicants"
  std::string heading;  // the table's: "APPLICANTS"
  bool number = false;  // right-aligned in the table, unquoted in JSON
};

struct Listing {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;  // cells as text, one per column
};

// Adds `--format table|csv|json`.
void add_format_option(boost::program_options::options_description& options);
// The --format given, or nullopt (after saying why) when it is none of the three.
std::optional<std::string> format_option(char const* command,
                                         boost::program_options::variables_map const& values);

void print_listing(Listing const& listing, std::string const& format);

}  // namespace sift::cli
