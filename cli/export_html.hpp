// A subject access export as a page a person can read: the JSON document, every part of it,
// laid out as headed lists (nothing left out, nothing added). Self-contained HTML, no scripts.
#pragma once

#include <string>

namespace sift::cli {

// `json` is the document `sift export` writes; an empty string if it does not parse.
std::string export_html(std::string const& json);

}  // namespace sift::cli
