// How a subcommand plugs into `sift`: it declares its name and summary (`sift --help`), its usage
// and examples (`sift COMMAND --help`), its options, and a body from the parsed options to an exit
// code; run_command does the rest (parsing, --help, usage errors) the same way for every command.
// A body parses nothing itself and holds no business logic: it calls one use case (screening/)
// or one table-family method (data/) and renders the answer.
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
  // --key-file or SIFT_KEY_FILE: the ledger's key, for a database kept keyed (HMAC).
  std::filesystem::path key_file;
  // --heads-file or SIFT_HEADS_FILE: each new chain head of the ledger is appended here (a file
  // kept elsewhere), for `sift verify --anchor`.
  std::filesystem::path heads_file;
};

struct Command {
  std::string name;
  std::string summary;
  std::string usage;     // after "sift ": "explain REF [--format text|json]"
  std::string examples;  // lines of examples, each ending in a newline
  std::function<void(boost::program_options::options_description&,
                     boost::program_options::positional_options_description&)>
      declare;
  std::function<int(Globals const&, boost::program_options::variables_map const&)> run;
};

// Every subcommand, in the order `sift --help` lists them.
std::vector<Command> const& commands();

// Parses `args` for the command and runs it; prints its help for --help, and a usage error
// (exit 2) for a bad command line.
int run_command(Command const& command, Globals const& globals,
                std::vector<std::string> const& args);

// The --run option, when given (commands that read a stored run default to the latest).
std::optional<std::int64_t> run_option(boost::program_options::variables_map const& values);

// Whether `value` is one of `choices`; if not, says so ("sift shortlist: --format is table, csv
// or json") and the command returns a usage error.
bool is_one_of(std::string const& command, std::string const& option, std::string const& value,
               std::vector<std::string> const& choices);

}  // namespace sift::cli
