// A specification as the database stores it: every source file, as a JSON array of
// {"path", "text"} with the main file first; and loading it back, checked.
#pragma once

#include <string>
#include <vector>

#include "sift/data/store.hpp"
#include "sift/rules/specification.hpp"

namespace sift::data {

std::string sources_json(std::vector<rules::SourceFile> const& sources);
std::vector<rules::SourceFile> parse_sources(std::string const& json);

// The stored specification loaded and checked. Throws DataError saying which (`what`: "the
// stored specification of vacancy 'x'", "run 3's specification") when it no longer checks.
rules::Specification checked_specification(std::vector<rules::SourceFile> const& sources,
                                           std::string const& what);

// A criterion of a specification as explanations and reports show it.
CriterionInfo criterion_info(rules::Criterion const& criterion);

}  // namespace sift::data
