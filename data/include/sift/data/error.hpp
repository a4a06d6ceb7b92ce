// The data layer's one error convention: a failure that ends an operation throws data::Error,
// whose kind says what went wrong and whose message names the file and, for input, the line and
// field. Problems with single rows of an import are values (RowProblem) in the import's summary.
// Any other exception escaping this layer is a defect (the command exits 70).
#pragma once

#include <stdexcept>
#include <string>

namespace sift::data {

enum class ErrorKind {
  not_found,            // no such vacancy, applicant, run or specification version
  invalid_input,        // the user's input or request is wrong: a bad file, a blank reason
  conflict,             // the request contradicts what is stored
  busy,                 // another process holds the database
  disk_full,            // a write failed for space or a size limit
  read_only,            // the file cannot be written
  corrupt,              // not a Sift database, made by a newer Sift, or damaged
  stale_specification,  // a stored specification no longer checks under this Sift
  io,                   // any other failure of the file system or SQLite
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string const& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace sift::data
