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

// The panel declared for a vacancy: who may score, and whom each may not (conflicts of
// interest). Until one is declared, whoever scores is taken as the panel.
struct Conflict {
  std::string assessor;
  std::string ref;
  std::string reason;
};

struct PanelDeclaration {
  std::vector<std::string> members;  // by name
  std::vector<Conflict> conflicts;
};

// Which scores to withdraw: an assessor's, for one applicant or criterion or all of them.
struct Withdrawal {
  std::string vacancy;
  std::string assessor;
  std::string ref;        // empty: every applicant
  std::string criterion;  // empty: every criterion
  std::string reason;
  std::string by;
};

struct StoredScore {
  std::string criterion;
  std::string ref;
  std::string assessor;
  int score = 0;
};

class Scores {
 public:
  explicit Scores(Database& db) : db_(db) {}

  // Scores as CSV: ref,criterion,assessor,score,comment. With a declared panel, a score from
  // anyone not on it, or for an applicant its assessor declared a conflict with, is refused.
  ImportSummary import(std::istream& input, std::string const& name, ImportOptions const& options);

  // Adds members to a vacancy's panel and records conflicts of interest. Error(invalid_input)
  // for a blank name, reason or `by`, or a conflict for a ref with no application.
  void declare(std::string const& vacancy, std::vector<std::string> const& members,
               std::vector<Conflict> const& conflicts, std::string const& by);
  PanelDeclaration declared(std::string const& vacancy);
  // Takes scores out of those a run reads, keeping them, with who and why, in
  // score_withdrawal; returns how many. Error(not_found) when there are none to withdraw.
  std::size_t withdraw(Withdrawal const& withdrawal);
  // Records the panel's agreed score for an applicant and criterion after moderation, with the
  // reason: it replaces the combination of the individual scores from the next run on.
  void agree(std::string const& vacancy, std::string const& ref, std::string const& criterion,
             int score, std::string const& reason, std::string const& by);
  // For each criterion id, everyone who has scored it for the vacancy, by name.
  std::map<std::string, std::vector<std::string>> panel(std::string const& vacancy);
  // The latest score of each assessor for each applicant and criterion (not the panel's agreed
  // scores).
  std::vector<StoredScore> latest(std::string const& vacancy);

 private:
  Database& db_;
};

}  // namespace sift::data
