// An RFC 4180 CSV reader that knows the line each record starts on, for error messages.
// Quoted fields may hold commas, quotes ("") and line breaks; CR LF and LF line ends are both
// accepted, and so is a leading UTF-8 byte-order mark (spreadsheets write one).
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace sift::data {

class CsvReader {
 public:
  explicit CsvReader(std::istream& input) : input_(input) {}

  // Reads the next record into `fields`. Returns false at the end of the input. A malformed
  // record (a quote left open) sets `problem` and returns true.
  bool next(std::vector<std::string>& fields, std::string& problem);

  // The line the last record started on, counting from 1.
  std::size_t line() const { return record_line_; }

 private:
  std::istream& input_;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  bool started_ = false;
};

// Writes one record, quoting the fields that need it, and a line end.
void write_csv_record(std::ostream& out, std::vector<std::string> const& fields);

}  // namespace sift::data
