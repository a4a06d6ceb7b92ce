// Where an import's records come from: JSON Lines, CSV, a Teaching Vacancies document. Each
// source yields application records (docs/application-format.md) as JSON object texts, which one
// validator checks against the vacancy's form whatever their origin.
#pragma once

#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace sift::data {

class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // False at the end. Otherwise sets `line` and `text`, or `line` and what is wrong with the
  // record in `problems` (empty for a good one).
  virtual bool next(std::string& text, std::size_t& line, std::vector<std::string>& problems) = 0;
  // Writes the record last read, `text` as read, to the rejects file.
  virtual void write_reject(std::ostream& rejects, std::string const& text) = 0;
  // Where the record last read is, when its line does not say it.
  virtual std::string place() const { return {}; }
  // What the source read but did not pass on, by name, with the number of records it was left
  // out of: never stored.
  virtual std::map<std::string, std::size_t> left_out() const { return {}; }
  bool content = false;  // anything besides blank lines
};

}  // namespace sift::data
