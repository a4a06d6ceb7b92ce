// How the database stores a specification's sources: a JSON array of {"path", "text"}, the
// main file first.
#pragma once

#include <string>
#include <vector>

#include "sift/rules/specification.hpp"

namespace sift::data {

std::string sources_json(std::vector<rules::SourceFile> const& sources);
std::vector<rules::SourceFile> parse_sources(std::string const& json);

}  // namespace sift::data
