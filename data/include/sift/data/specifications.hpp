// A specification as stored: every source file, the main one first. Loading it back checks it
// again, under this Sift's rules.
#pragma once

#include <string>
#include <vector>

#include "sift/rules/specification.hpp"

namespace sift::data {

struct StoredSpecification {
  std::string vacancy_id;
  int version = 0;
  std::string sha256;
  std::vector<rules::SourceFile> sources;  // the main file first
};

// The stored sources loaded and checked. Throws Error(stale_specification) naming `what` ("the
// stored specification of vacancy 'x'", "run 3's specification") when they no longer check.
rules::Specification checked_specification(std::vector<rules::SourceFile> const& sources,
                                           std::string const& what);

}  // namespace sift::data
