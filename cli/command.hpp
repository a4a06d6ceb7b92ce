// How a subcommand plugs into `sift`: a name, a one-line summary, and a function from its own
// arguments to an exit code. Subcommands parse their options with Program_options and only wire
// the modules together: no business logic lives in cli/.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "exit_codes.hpp"

namespace sift::cli {

// What every subcommand may need from the global options.
struct Globals {
  std::filesystem::path db;  // --db, SIFT_DB, or ./sift.db
};

struct Command {
  std::string name;
  std::string summary;
  std::function<int(Globals const&, std::vector<std::string> const&)> run;
};

std::vector<Command> const& commands();

// Parses a subcommand's arguments; prints help (and returns false, with `exit` set) for --help,
// or a usage error for a bad command line.
bool parse_arguments(std::string const& command, std::vector<std::string> const& args,
                     boost::program_options::options_description const& options,
                     boost::program_options::positional_options_description const& positional,
                     std::string const& usage, std::string const& examples,
                     boost::program_options::variables_map& values, int& exit);

// The --run option, when given (commands that read a stored run default to the latest).
std::optional<std::int64_t> run_option(boost::program_options::variables_map const& values);

// Whether `value` is one of `choices`; if not, says so ("sift shortlist: --format is table, csv
// or json") and the command returns a usage error.
bool is_one_of(std::string const& command, std::string const& option, std::string const& value,
               std::vector<std::string> const& choices);

}  // namespace sift::cli
