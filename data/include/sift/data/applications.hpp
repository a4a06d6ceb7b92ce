// Applications: immutable versions per applicant, with identifying details and equality-
// monitoring answers kept apart from the facts the rules read; listing, the panel's (blind) view,
// lifting blinding, subject access export and erasure.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sift/data/database.hpp"
#include "sift/data/imports.hpp"
#include "sift/data/redaction.hpp"
#include "sift/data/run_inputs.hpp"
#include "sift/data/runs.hpp"

namespace sift::data {

struct ApplicantSummary {
  std::string vacancy;
  std::string ref;
  int versions = 0;
  std::string submitted;
  std::string imported_at;
  bool erased = false;
};

// Who lifted blind shortlisting for a vacancy, why and when.
struct Reveal {
  std::string reason;
  std::string by;
  std::string at;
};

// What a panel may read of one application: its facts, and its supporting statement with the
// applicant's name withheld while the vacancy is blind.
struct ApplicationView {
  std::string vacancy;
  std::string ref;
  std::string facts;                     // JSON, no identifying details
  std::optional<std::string> statement;  // names withheld while blind
  std::optional<std::string> personal;   // JSON, only once revealed
  bool blind = true;
  std::optional<Reveal> revealed;
};

// An applicant's result in one run, as the subject access export shows it.
struct RunResult {
  RunRecord run;
  StoredResult result;         // with its evidence
  bool outcomes_match = true;  // the evidence was rendered with the outcomes stored
};

struct Erased {
  std::string at;
  std::string by;
};

class Applications {
 public:
  explicit Applications(Database& db) : db_(db) {}

  // Applications as JSON Lines (docs/database.md) or CSV; `name` is how messages name the
  // input ("apps.jsonl", or "stdin").
  ImportSummary import(std::istream& input, std::string const& name, ImportOptions const& options);

  std::vector<ApplicantSummary> list(std::string const& vacancy = {});
  // The vacancy `ref` applied to (`vacancy` when given); Error(not_found) when none, or
  // Error(invalid_input) when the ref is in several and none was named.
  std::string vacancy_of(std::string const& ref, std::string const& vacancy = {});
  // The latest version's facts as JSON (no identifying details).
  std::string facts(std::string const& ref, std::string const& vacancy = {});
  // One version's facts and statement (none once erased), by its id, as a run read it.
  ApplicantInputs version(std::int64_t application_id);
  // The latest version as the panel may read it (blind until `reveal`).
  ApplicationView view(std::string const& ref, std::string const& vacancy = {});
  // Whether a vacancy is blind now: its specification says so and the panel has not revealed.
  bool blind(std::string const& vacancy);
  // While the vacancy is blind, what to withhold from text shown about each applicant (by ref,
  // from their latest version); empty once revealed or when the specification says `blind off`.
  // `ref`: only that applicant's (one row read, not the vacancy's every applicant).
  std::map<std::string, Identity> withheld(std::string const& vacancy,
                                           std::optional<std::string> const& ref = {});
  // Every applicant's identity as their latest version gives it (nothing for the erased), by
  // ref. Error(conflict) while the vacancy is blind: names are for after the reveal.
  std::map<std::string, Identity> revealed_identities(std::string const& vacancy);
  // Lifts blind shortlisting for a vacancy; recorded with who and why.
  Reveal reveal(std::string const& vacancy, std::string const& by, std::string const& reason);
  // Everything held about one applicant, as one JSON document (a subject access request).
  // `runs`: their result in each run, with its evidence (screening renders it again for runs that
  // keep outcomes only: screening::subject_access).
  std::string export_applicant(std::string const& ref, std::string const& vacancy = {},
                               std::vector<RunResult> const& runs = {});
  // Records that a feedback letter from a run was sent to the applicant: when, by whom, and the
  // SHA-256 of the letter's text (the letter itself is not kept: it is rebuilt from the run).
  // Error(invalid_input) for a blank `by`.
  void record_feedback_sent(std::string const& vacancy, std::string const& ref, std::int64_t run_id,
                            std::string const& by, std::string const& letter);
  // The applicants of a vacancy whose details were erased: when (the latest erasure) and by whom.
  std::map<std::string, Erased> erased_applicants(std::string const& vacancy);
  // Removes identifying details and the statement for good; records that it happened.
  // Returns whether no copy of the erased bytes is left in any file: false when another process
  // is in the middle of reading (its snapshot keeps the old pages in the write-ahead log until
  // it finishes; a checkpoint then removes them).
  bool erase(std::string const& ref, std::string const& vacancy, std::string const& by);

 private:
  Database& db_;
};

// Equality-monitoring answers by application version, for impact reports only: screening never
// reads them. Keeps its query prepared, for a lookup per applicant of a large run.
class MonitoringAnswers {
 public:
  explicit MonitoringAnswers(Database& db);
  ~MonitoringAnswers();
  // The answers as JSON, if any.
  std::optional<std::string> of(std::int64_t application_id);

 private:
  struct Query;
  Database& db_;
  std::unique_ptr<Query> query_;
};

}  // namespace sift::data
