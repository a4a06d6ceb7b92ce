// Use case: the feedback an applicant may ask for, from a stored run: the outcome, each
// essential criterion their application did not meet (or that could not be decided), in the
// person specification's own words, and what was read from their application for it. Only their
// own answers, never rule code, never anyone else's data. The command renders it as a letter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sift/data/database.hpp"
#include "sift/data/runs.hpp"
#include "sift/engine/vocabulary.hpp"

namespace sift::screening {

// One answer of the application, as a person reads it: "Subjects: physics, chemistry".
struct Answer {
  std::string question;  // the form field, in words
  std::string given;     // the answer, or "not answered"
};

struct CriterionFeedback {
  std::string title;  // the specification's words
  std::string section;
  std::vector<Answer> read;  // what the rule read from the application
};

struct Feedback {
  data::RunRecord run;
  std::string vacancy_title;
  std::string ref;
  std::string name;  // as the applicant gave it; empty once erased
  engine::Verdict verdict = engine::Verdict::eligible;
  bool shortlisted = false;                   // by the run, or by the panel's decision
  std::vector<CriterionFeedback> not_met;     // essentials
  std::vector<CriterionFeedback> undecided;   // essentials the evidence did not settle
  std::vector<CriterionFeedback> desirables;  // desirables met, for a fuller picture
};

Feedback feedback(data::Database& db, std::string const& ref, std::string const& vacancy,
                  std::optional<std::int64_t> run_id);

}  // namespace sift::screening
