// Quoting text for JSON output (CSV cells: sift/data/csv_cell.hpp, one rule for every CSV).
#pragma once

#include <string>
#include <string_view>

namespace sift::cli {

std::string json_quote(std::string_view text);  // "text" with JSON escapes

}  // namespace sift::cli
