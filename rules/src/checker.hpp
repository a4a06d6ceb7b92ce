// The semantic checker: resolves names, types every expression, checks criteria, flags, the
// shortlisting policy and the examples, and lowers the result into a Specification. It reports
// every error it finds in one pass rather than stopping at the first.
#pragma once

#include <vector>

#include "parse.hpp"
#include "sift/rules/load.hpp"

namespace sift::rules {

// `files` holds the main file first, then every file it uses, each parsed once. `order` lists
// them with every used file before the files that use it: declarations are read in that order,
// so a field's slot and "declared twice" follow the order a reader meets them.
LoadResult check(std::vector<ParsedFile> const& files, std::vector<std::size_t> const& order);

}  // namespace sift::rules
