#include "sift/engine/shortlist.hpp"

#include <algorithm>

namespace sift::engine {

void rank_and_shortlist(rules::Vacancy const& vacancy, std::vector<ApplicantResult>& results) {
  std::vector<std::size_t> tie_break;
  for (auto const& id : vacancy.policy.tie_break)
    for (std::size_t i = 0; i < vacancy.criteria.size(); ++i)
      if (vacancy.criteria[i].id == id) tie_break.push_back(i);

  std::vector<ApplicantResult*> eligible;
  for (auto& result : results) {
    result.rank = 0;
    if (result.verdict == Verdict::shortlisted) result.verdict = Verdict::eligible;
    if (result.verdict == Verdict::eligible) eligible.push_back(&result);
  }
  // The ranking key without the ref: applicants equal on it are level for the cut-off.
  auto key = [&](ApplicantResult const* r) {
    std::vector<double> k{r->score};
    for (auto i : tie_break)
      k.push_back(r->criteria[i].contribution);
    return k;
  };
  std::sort(eligible.begin(), eligible.end(),
            [&](ApplicantResult const* a, ApplicantResult const* b) {
              auto const ka = key(a);
              auto const kb = key(b);
              if (ka != kb) return ka > kb;
              return a->ref < b->ref;
            });
  for (std::size_t i = 0; i < eligible.size(); ++i)
    eligible[i]->rank = static_cast<int>(i + 1);

  auto const& policy = vacancy.policy;
  std::vector<ApplicantResult*> candidates;
  for (auto* r : eligible)
    if (!policy.minimum_score || r->score >= *policy.minimum_score) candidates.push_back(r);
  std::size_t count = candidates.size();
  if (policy.top && static_cast<std::size_t>(*policy.top) < count) {
    count = static_cast<std::size_t>(*policy.top);
    auto const boundary = key(candidates[count - 1]);
    if (key(candidates[count]) == boundary) {
      if (policy.ties_included) {
        while (count < candidates.size() && key(candidates[count]) == boundary)
          ++count;
      } else {
        while (count > 0 && key(candidates[count - 1]) == boundary)
          --count;
      }
    }
  }
  for (std::size_t i = 0; i < count; ++i)
    candidates[i]->verdict = Verdict::shortlisted;
}

}  // namespace sift::engine
