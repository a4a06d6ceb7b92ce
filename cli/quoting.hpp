// Quoting text for JSON and HTML output (CSV cells: sift/data/csv_cell.hpp, one rule for every
// CSV).
#pragma once

#include <string>
#include <string_view>

namespace sift::cli {

std::string json_quote(std::string_view text);   // "text" with JSON escapes
std::string html_escape(std::string_view text);  // & < > " ' as entities

}  // namespace sift::cli
