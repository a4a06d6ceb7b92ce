// Assessors' scores (0-3) per applicant and criterion: every row kept, the latest per
// (applicant, criterion, assessor) is the one in force.
#pragma once

#include <istream>
#include <map>
#include <string>
#include <vector>

#include "sift/data/database.hpp"
#include "sift/data/imports.hpp"

namespace sift::data {

struct StoredScore {
  std::string criterion;
  std::string ref;
  std::string assessor;
  int score = 0;
};

class Scores {
 public:
  explicit Scores(Database& db) : db_(db) {}

  // Scores as CSV: ref,criterion,assessor,score,comment.
  ImportSummary import(std::istream& input, std::string const& name, ImportOptions const& options);
  // For each criterion id, everyone who has scored it for the vacancy, by name.
  std::map<std::string, std::vector<std::string>> panel(std::string const& vacancy);
  // The latest score of each assessor for each applicant and criterion.
  std::vector<StoredScore> latest(std::string const& vacancy);

 private:
  Database& db_;
};

}  // namespace sift::data
