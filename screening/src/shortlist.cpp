#include "sift/screening/shortlist.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "evidence.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/vacancies.hpp"

namespace sift::screening {

namespace {

// The panel's marks on a result: its flags (unchecked ones with '?') and whether the assessors
// disagree enough to moderate.
std::vector<std::string> marks_of(data::StoredResult const& r) {
  std::vector<std::string> out;
  for (auto const& f : r.flags)
    out.push_back(f.flag + (f.state == engine::FlagState::unknown ? "?" : ""));
  if (!r.moderation.empty()) out.push_back("moderate");
  return out;
}

// A decision the run's proposal now contradicts: the panel shortlisted someone the run excludes
// or cannot decide, or rejected someone it shortlists.
std::string review_of(engine::Verdict verdict, std::optional<data::Decision> const& decision,
                      std::int64_t run_id) {
  if (!decision) return {};
  bool const against =
      (decision->kind == engine::DecisionKind::shortlist &&
       (verdict == engine::Verdict::excluded || verdict == engine::Verdict::needs_review)) ||
      (decision->kind == engine::DecisionKind::reject && verdict == engine::Verdict::shortlisted);
  if (!against) return {};
  std::string const when =
      decision->run_id == run_id ? "" : " on run " + std::to_string(decision->run_id);
  return (decision->kind == engine::DecisionKind::shortlist ? "shortlisted" : "rejected") +
         std::string(" by the panel") + when + ", now " + engine::to_string(verdict) + ": review";
}

// The reason on record for a row: the panel's when it decided, else the engine's.
std::string reason_of(MatrixRow const& row, std::vector<CriterionInfo> const& columns,
                      data::RunRecord const& run) {
  if (row.decision)
    return fmt::format("panel: {} by {}: {}", engine::to_string(row.decision->kind),
                       row.decision->by, row.decision->reason);
  auto essentials = [&](engine::Outcome outcome) {
    std::vector<std::string> titles;
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i].essential && row.cells[i].outcome == outcome)
        titles.push_back(columns[i].title);
    return fmt::format("{}", fmt::join(titles, "; "));
  };
  switch (row.verdict) {
    case engine::Verdict::excluded:
      return "essential criteria not met: " + essentials(engine::Outcome::not_met);
    case engine::Verdict::needs_review:
      return "essential criteria not decided (evidence missing): " +
             essentials(engine::Outcome::unknown);
    case engine::Verdict::eligible:
      return fmt::format("eligible, ranked {} of {}: below the shortlist", row.rank,
                         run.eligible + run.shortlisted);
    default:
      return {};
  }
}

std::optional<data::Decision> find(std::map<std::string, data::Decision> const& decisions,
                                   std::string const& ref) {
  auto const found = decisions.find(ref);
  if (found == decisions.end()) return std::nullopt;
  return found->second;
}

}  // namespace

ShortlistView shortlist(data::Database& db, std::string const& vacancy,
                        std::optional<std::int64_t> run_id) {
  ShortlistView view;
  data::Runs runs(db);
  view.run = runs.find(vacancy, run_id);
  view.title = data::Vacancies(db).title(vacancy);
  auto const decisions = data::Decisions(db).latest(view.run.id);
  runs.each_result(view.run.id, false, [&](data::StoredResult const& r) {
    ShortlistEntry entry{r.rank, r.ref, r.verdict, r.score, marks_of(r), find(decisions, r.ref),
                         {}};
    entry.review = review_of(r.verdict, entry.decision, view.run.id);
    view.to_review += !entry.review.empty();
    bool const ranked = r.rank > 0;
    bool const review = r.verdict == engine::Verdict::needs_review;
    // The excluded appear only once the panel has decided on them.
    if (!ranked && !review && !entry.decision) return;
    if (!entry.decision && (review || r.verdict == engine::Verdict::shortlisted))
      ++view.awaiting_decision;
    (ranked ? view.ranked : view.unranked).push_back(std::move(entry));
  });
  std::sort(view.ranked.begin(), view.ranked.end(),
            [](ShortlistEntry const& a, ShortlistEntry const& b) { return a.rank < b.rank; });
  view.sign_offs = data::Decisions(db).sign_offs(view.run.id);
  if (!view.sign_offs.empty())
    for (auto const& [ref, d] : decisions)
      view.since_sign_off += d.at > view.sign_offs.front().at;
  return view;
}

Matrix matrix(data::Database& db, std::string const& vacancy, std::optional<std::int64_t> run_id) {
  Matrix m;
  data::Runs runs(db);
  m.run = runs.find(vacancy, run_id);
  m.title = data::Vacancies(db).title(vacancy);
  auto const spec = runs.specification(m.run.id);
  std::map<std::string, std::size_t> column_of;
  for (auto const& c : spec.vacancy(vacancy)->criteria) {
    column_of[c.id] = m.columns.size();
    m.columns.push_back(criterion_info(c));
  }
  auto const decisions = data::Decisions(db).latest(m.run.id);
  // Evidence may quote what applicants wrote: while the vacancy is blind, it is withheld.
  auto const withheld = data::Applications(db).withheld(vacancy);
  auto const scores = runs.scores_read(m.run.id);
  auto next_score = scores.begin();
  each_with_evidence(db, m.run, spec, std::nullopt, [&](data::StoredResult const& r, bool) {
    MatrixRow row{r.ref, r.verdict, r.score, r.rank, marks_of(r), find(decisions, r.ref), {}, {}};
    row.cells.assign(m.columns.size(), {});
    auto const who = withheld.find(r.ref);
    auto shown = [&](std::string const& text) {
      return who == withheld.end() ? text : data::redact(text, who->second);
    };
    for (auto const& c : r.criteria)
      if (auto const found = column_of.find(c.criterion); found != column_of.end())
        row.cells[found->second] = {c.outcome, shown(c.evidence), c.points, {}, {}};
    // Both in ref order: the scores read are walked once beside the results.
    while (next_score != scores.end() && next_score->ref < r.ref)
      ++next_score;
    for (; next_score != scores.end() && next_score->ref == r.ref; ++next_score) {
      auto const found = column_of.find(next_score->criterion);
      if (found == column_of.end()) continue;
      auto& cell = row.cells[found->second];
      if (next_score->assessor == engine::agreed_by_panel)
        cell.agreed = next_score->score;
      else
        cell.scores.push_back(
            {next_score->assessor, next_score->score, shown(next_score->comment)});
    }
    row.reason = reason_of(row, m.columns, m.run);
    m.rows.push_back(std::move(row));
  });
  // The verdicts' order is the order a panel reads them in.
  auto order = [](MatrixRow const& r) {
    switch (r.verdict) {
      case engine::Verdict::shortlisted:
        return 0;
      case engine::Verdict::eligible:
        return 1;
      case engine::Verdict::needs_review:
        return 2;
      case engine::Verdict::excluded:
        return 3;
    }
    return 3;
  };
  std::stable_sort(m.rows.begin(), m.rows.end(), [&](MatrixRow const& a, MatrixRow const& b) {
    if (order(a) != order(b)) return order(a) < order(b);
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.ref < b.ref;
  });
  return m;
}

}  // namespace sift::screening
