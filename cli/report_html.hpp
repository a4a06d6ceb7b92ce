// The shortlisting matrix as one self-contained HTML page (no network, no external scripts or
// fonts), sortable and filterable, printable on A4 landscape.
#pragma once

#include <string>

#include "sift/data/store.hpp"

namespace sift::cli {

std::string matrix_html(data::Matrix const& matrix);

}  // namespace sift::cli
