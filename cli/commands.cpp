// The list of subcommands, in the order `sift --help` shows them.
#include "command.hpp"

namespace sift::cli {

int run_check(Globals const&, std::vector<std::string> const&);
int run_fmt(Globals const&, std::vector<std::string> const&);
int run_test(Globals const&, std::vector<std::string> const&);

std::vector<Command> const& commands() {
  static std::vector<Command> const all = {
      {"check", "check specification files and report every error", run_check},
      {"fmt", "print, check or rewrite a specification in canonical layout", run_fmt},
      {"test", "run a specification's example applicants against their expected verdicts",
       run_test},
  };
  return all;
}

}  // namespace sift::cli
