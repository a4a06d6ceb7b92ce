#include "evidence.hpp"

#include "row_evaluator.hpp"
#include "sift/data/run_inputs.hpp"

namespace sift::screening {

void each_with_evidence(data::Database& db, data::RunRecord const& run,
                        rules::Specification const& spec, std::optional<std::string> const& ref,
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
  RunRecomputation again(spec, run, true);
  auto const& vacancy = again.vacancy;
  Evaluated e;
  data::StoredResult shown;
  data::each_recorded_input(
      db, run, vacancy, ref, again.rows.needs_statement(), true,
      [&](data::StoredResult const& stored, data::RecordedInputs const& read) {
        shown = stored;
        if (!read.found) {
          take(shown, false);
          return;
        }
        try {
          again.rows.evaluate(read.inputs, e);
        } catch (data::Error const&) {
          take(shown, false);  // the stored facts no longer fit: outcomes as stored, no evidence
          return;
        }
        auto const& r = e.result;
        for (auto& c : shown.criteria)
          for (std::size_t i = 0; i < vacancy.criteria.size(); ++i)
            if (vacancy.criteria[i].id == c.criterion) c.evidence = r.criteria[i].evidence;
        for (auto& f : shown.flags)
          for (std::size_t i = 0; i < vacancy.flags.size(); ++i)
            if (vacancy.flags[i].id == f.flag) f.evidence = r.flags[i].evidence;
        shown.moderation = r.moderation;
        take(shown, e.encoded.same_row(read.stored_row));
      });
}

}  // namespace sift::screening
