// Quoting text for the machine-readable outputs (JSON and CSV).
#pragma once

#include <string>
#include <string_view>

namespace sift::cli {

std::string json_quote(std::string_view text);  // "text" with JSON escapes
std::string csv_quote(std::string_view text);   // quoted (and "" escaped) only when needed

}  // namespace sift::cli
