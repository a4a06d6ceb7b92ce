#include "located_result.hpp"

#include <fmt/format.h>

#include "evidence.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/error.hpp"

namespace sift::screening {

LocatedResult locate_result(data::Database& db, std::string const& ref, std::string const& vacancy,
                            std::optional<std::int64_t> run_id, bool evidence) {
  LocatedResult out;
  out.vacancy = data::Applications(db).vacancy_of(ref, vacancy);
  data::Runs runs(db);
  out.run = runs.find(out.vacancy, run_id);
  out.spec = runs.specification(out.run.id);
  bool found = false;
  if (evidence) {
    each_with_evidence(db, out.run, out.spec, ref,
                       [&](data::StoredResult const& stored, bool matches) {
                         found = true;
                         out.stored = stored;
                         out.outcomes_match = matches;
                       });
    out.evidence_recomputed = out.run.record_format != 1;
  } else if (auto stored = runs.result(out.run.id, ref)) {
    found = true;
    out.stored = std::move(*stored);
  }
  if (!found)
    throw data::Error(data::ErrorKind::not_found,
                      fmt::format("{} is not in run {}", ref, out.run.id));
  return out;
}

}  // namespace sift::screening
