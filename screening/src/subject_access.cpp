#include "sift/screening/subject_access.hpp"

#include "evidence.hpp"
#include "sift/data/applications.hpp"

namespace sift::screening {

std::string subject_access(data::Database& db, std::string const& ref, std::string const& vacancy) {
  data::Applications applications(db);
  auto const where = applications.vacancy_of(ref, vacancy);
  std::vector<data::RunResult> results;
  data::Runs runs(db);
  for (auto const& run : runs.list(where))
    each_with_evidence(db, run, runs.specification(run.id), ref,
                       [&](data::StoredResult const& stored, bool matches) {
                         results.push_back({run, stored, matches});
                       });
  return applications.export_applicant(ref, where, results);
}

}  // namespace sift::screening
