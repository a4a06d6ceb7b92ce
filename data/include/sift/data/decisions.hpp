// The panel's decisions: people decide, the engine only proposes. Decisions are appended, never
// edited. A decision belongs to the applicant in the vacancy, not to one run: a run shows the
// latest taken on it or on an earlier run of the vacancy, so moderation and a re-run keep them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sift/data/database.hpp"
#include "sift/engine/vocabulary.hpp"

namespace sift::data {

struct Decision {
  engine::DecisionKind kind = engine::DecisionKind::hold;
  std::string reason;
  std::string by;
  std::string at;
  std::int64_t run_id = 0;  // the run it was taken on
};

// A panel member's sign-off of a run's shortlist.
struct SignOff {
  std::string by;
  std::string at;
};

class Decisions {
 public:
  explicit Decisions(Database& db) : db_(db) {}

  // Records a decision on `ref` in a run of its vacancy (the latest run that screened them, by
  // default). Error(invalid_input) for a blank reason or name; Error(not_found) when the
  // applicant was not in the run.
  Decision decide(std::string const& ref, std::string const& vacancy,
                  std::optional<std::int64_t> run_id, engine::DecisionKind kind,
                  std::string const& reason, std::string const& by);
  // The panel's current decision on each applicant as of a run, by ref.
  std::map<std::string, Decision> latest(std::int64_t run_id);
  // Signs off a run's shortlist (the vacancy's latest run by default) for one panel member;
  // with a declared panel, only its members may. Returns the run signed.
  std::int64_t sign_off(std::string const& vacancy, std::optional<std::int64_t> run_id,
                        std::string const& by);
  std::vector<SignOff> sign_offs(std::int64_t run_id);
  // Every decision on one applicant as of a run, oldest first.
  std::vector<Decision> of(std::int64_t run_id, std::string const& ref);

 private:
  Database& db_;
};

}  // namespace sift::data
