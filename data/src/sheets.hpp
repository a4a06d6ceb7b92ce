// Sheets of cells, as a workbook or a folder of CSV files holds them, for the workbook import.
// Reading is bounded: a workbook whose parts unpack to more than `largest_sheet_bytes` is
// refused (a small file can unpack to gigabytes).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sift::data {

struct SheetCell {
  std::string text;              // as shown: a number cell's text is the number
  std::optional<double> number;  // a number cell's value (Excel keeps dates as day numbers)
};

struct SheetRow {
  std::size_t number = 0;  // 1-based, as the spreadsheet numbers it
  std::vector<SheetCell> cells;
};

struct Sheet {
  std::string name;
  std::vector<SheetRow> rows;  // rows with something in them, in order
};

inline constexpr std::size_t largest_sheet_bytes = std::size_t{64} << 20;

// Every worksheet of an .xlsx workbook, in the workbook's order. Throws Error (invalid_input).
std::vector<Sheet> read_xlsx(std::filesystem::path const& path);

// Every .csv file of a folder, as a sheet named after the file (without .csv), in name order.
std::vector<Sheet> read_csv_folder(std::filesystem::path const& folder);

// A column as a spreadsheet names it: 0 is A, 26 is AA.
std::string column_letters(std::size_t index);

}  // namespace sift::data
