#include "evidence.hpp"

#include <fmt/format.h>

#include "row_evaluator.hpp"
#include "sift/data/run_inputs.hpp"
#include "sift/rules/value.hpp"

namespace sift::screening {

void each_with_evidence(data::Database& db, data::RunRecord const& run,
                        std::optional<std::string> const& ref,
                        std::function<void(data::StoredResult const&, bool matches)> const& take) {
  data::Runs runs(db);
  if (run.record_format == 1) {
    if (ref) {
      if (auto const stored = runs.result(run.id, *ref)) take(*stored, true);
      return;
    }
    runs.each_result(run.id, true, [&](data::StoredResult const& r) { take(r, true); });
    return;
  }
  auto const spec = runs.specification(run.id);
  auto const* vacancy = spec.vacancy(run.vacancy);
  auto const as_of = rules::parse_date(run.as_of);
  if (!vacancy || !as_of)
    throw data::Error(
        data::ErrorKind::corrupt,
        fmt::format("run {}: its record names a vacancy or date this Sift cannot use", run.id));
  engine::Evaluator const evaluator(*vacancy, {*as_of, run.stage, true});
  RowEvaluator rows(spec, *vacancy, evaluator);
  std::vector<std::string> criteria;
  std::vector<bool> scored;
  for (auto const& c : vacancy->criteria) {
    criteria.push_back(c.id);
    scored.push_back(c.scoring.has_value());
  }
  Evaluated e;
  data::StoredResult shown;
  data::each_recorded_input(
      db, run.id, criteria, scored, ref,
      [&](data::StoredResult const& stored, data::RecordedInputs const& read) {
        shown = stored;
        if (!read.found) {
          take(shown, false);
          return;
        }
        try {
          rows.evaluate(read.inputs, e);
        } catch (data::Error const&) {
          take(shown, false);  // the stored facts no longer fit: outcomes as stored, no evidence
          return;
        }
        auto const& r = e.result;
        for (auto& c : shown.criteria)
          for (std::size_t i = 0; i < criteria.size(); ++i)
            if (criteria[i] == c.criterion) c.evidence = r.criteria[i].evidence;
        for (auto& f : shown.flags)
          for (std::size_t i = 0; i < vacancy->flags.size(); ++i)
            if (vacancy->flags[i].id == f.flag) f.evidence = r.flags[i].evidence;
        shown.moderation = r.moderation;
        take(shown, e.encoded.same_row(read.stored_row));
      });
}

}  // namespace sift::screening
