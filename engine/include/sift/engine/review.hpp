// Warnings about a checked specification that only evaluation can find: a criterion or flag
// that gives every applicant the same answer whatever they wrote, an essential that turns a
// missing answer into an exclusion instead of a review, and a shortlisting policy that cannot
// shortlist anyone at the sift. `sift check` (and every command that loads a specification)
// prints them beside the checker's own warnings; they never stop a command.
#pragma once

#include <vector>

#include "sift/rules/diagnostic.hpp"
#include "sift/rules/specification.hpp"

namespace sift::engine {

std::vector<rules::Diagnostic> review_specification(rules::Specification const& spec);

}  // namespace sift::engine
