// The exit codes of `sift`, documented in README.md and in `sift --help`, and the one table that
// maps the data layer's error kinds onto them.
#pragma once

#include "sift/data/error.hpp"

namespace sift::cli {

enum ExitCode : int {
  success = 0,
  check_failed = 1,     // the command ran and found a problem: unformatted file, failing example
  usage_error = 2,      // bad command line
  rules_error = 3,      // a specification does not parse or check (also a stored one)
  data_error = 4,       // bad input data, or a database that cannot be used
  verify_failed = 5,    // a stored run does not match its recomputation
  rows_skipped = 6,     // an import with --skip-invalid stored the good rows and skipped others
  internal_error = 70,  // a defect in Sift: any failure that is not one of the above
};

constexpr ExitCode exit_code_of(data::ErrorKind kind) {
  switch (kind) {
    case data::ErrorKind::stale_specification:
      return rules_error;
    case data::ErrorKind::not_found:
    case data::ErrorKind::invalid_input:
    case data::ErrorKind::conflict:
    case data::ErrorKind::busy:
    case data::ErrorKind::disk_full:
    case data::ErrorKind::read_only:
    case data::ErrorKind::corrupt:
    case data::ErrorKind::io:
      return data_error;
  }
  return internal_error;
}

}  // namespace sift::cli
