// The shortlisting matrix as one self-contained HTML page (no network, no external scripts or
// fonts), sortable and filterable, printable on A4 landscape.
#pragma once

#include <string>

#include "sift/screening/shortlist.hpp"

namespace sift::cli {

std::string matrix_html(screening::Matrix const& matrix);

}  // namespace sift::cli
