// Loading a specification for a command: diagnostics go to stderr with their count.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>

#include "sift/rules/load.hpp"

namespace sift::cli {

// Declares --allow-dir, the directories besides a specification's own from which `use` reads.
void add_allow_dir_option(boost::program_options::options_description& options);

// Loads `file`, honouring --allow-dir when the command has it; prints diagnostics on failure.
std::optional<rules::Specification> load_or_report(
    std::string const& file, boost::program_options::variables_map const& values);

// The one vacancy of a specification, or the one named; prints why not otherwise.
rules::Vacancy const* pick_vacancy(rules::Specification const& spec, std::string const& file,
                                   std::string const& wanted = {});

}  // namespace sift::cli
