#include "sift/screening/agreement.hpp"

#include "sift/data/scores.hpp"
#include "sift/data/vacancies.hpp"

namespace sift::screening {

AgreementReport agreement(data::Database& db, std::string const& vacancy) {
  AgreementReport report;
  report.vacancy = vacancy;
  auto const spec = data::Vacancies(db).checked(vacancy);
  std::map<std::string, int> thresholds;  // scored criteria and their disagreement thresholds
  for (auto const& c : spec.vacancy(vacancy)->criteria)
    if (c.scoring) thresholds[c.id] = c.scoring->disagreement;
  std::vector<engine::GivenScore> given;
  for (auto& s : data::Scores(db).latest(vacancy))
    given.push_back({std::move(s.criterion), std::move(s.ref), std::move(s.assessor), s.score});
  report.agreement = engine::assessor_agreement(given, thresholds);
  return report;
}

}  // namespace sift::screening
