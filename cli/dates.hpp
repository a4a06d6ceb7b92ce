// The --as-of option: a calendar date, by default today's (the only place Sift reads the clock).
#pragma once

#include <boost/program_options.hpp>
#include <optional>

#include "sift/rules/value.hpp"

namespace sift::cli {

rules::Date today();

// The value of --as-of, or today; prints a usage error and returns nullopt for a bad date.
std::optional<rules::Date> as_of_option(boost::program_options::variables_map const& values);

}  // namespace sift::cli
