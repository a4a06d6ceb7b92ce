#include "located_result.hpp"

#include <fmt/format.h>

#include "evidence.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/error.hpp"

namespace sift::screening {

LocatedResult locate_result(data::Database& db, std::string const& ref, std::string const& vacancy,
                            std::optional<std::int64_t> run_id) {
  LocatedResult out;
  out.vacancy = data::Applications(db).vacancy_of(ref, vacancy);
  data::Runs runs(db);
  out.run = runs.find(out.vacancy, run_id);
  bool found = false;
  each_with_evidence(db, out.run, ref, [&](data::StoredResult const& stored, bool matches) {
    found = true;
    out.stored = stored;
    out.outcomes_match = matches;
  });
  if (!found)
    throw data::Error(data::ErrorKind::not_found,
                      fmt::format("{} is not in run {}", ref, out.run.id));
  out.evidence_recomputed = out.run.record_format != 1;
  return out;
}

}  // namespace sift::screening
