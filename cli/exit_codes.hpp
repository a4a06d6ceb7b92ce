// The exit codes of `sift`, documented in README.md and in `sift --help`.
#pragma once

namespace sift::cli {

enum ExitCode : int {
  success = 0,
  check_failed = 1,   // the command ran and found a problem: unformatted file, failing example
  usage_error = 2,    // bad command line
  rules_error = 3,    // the specification does not parse or check
  data_error = 4,     // bad input data, or a database that cannot be used
  verify_failed = 5,  // a stored run does not match its recomputation
  internal_error = 70,
};

}  // namespace sift::cli
