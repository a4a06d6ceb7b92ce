#include "sift/engine/evaluation.hpp"

#include <fmt/format.h>

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "expression.hpp"
#include "packed_conditions.hpp"

namespace sift::engine {

using rules::Combine;
using rules::Criterion;
using rules::EvidenceSource;
using rules::Importance;

bool assessed_at(Criterion const& criterion, Stage) {
  // The shortlisting sift sees the application and the assessors' scores of it.
  return criterion.has_evidence(EvidenceSource::application);
}

namespace {

// Scores are rounded so that equal scores compare equal however they were summed.
double tidy(double score) {
  return std::round(score * 1e6) / 1e6;
}

struct Combined {
  Outcome outcome = Outcome::unknown;
  double value = 0;
  std::string evidence;
  bool disagree = false;
  std::string disagreement;
};

Combined combine_scores(Criterion const& criterion, std::vector<AssessorScore> const& scores,
                        bool evidence) {
  auto const& scoring = *criterion.scoring;
  Combined result;
  // A panel is a handful of assessors: kept on the stack, and the texts written only when the
  // evidence is (a run evaluates every applicant's scores without it).
  boost::container::small_vector<int, 4> values;
  bool someone_waiting = false;
  std::vector<std::string> waiting;  // who, with the evidence
  std::optional<int> agreed;
  std::vector<std::string> given;  // "panel-1 gave 3", with the evidence
  for (auto const& s : scores) {
    if (s.assessor == agreed_by_panel) {
      agreed = s.score;
    } else if (s.score) {
      values.push_back(*s.score);
      if (evidence) given.push_back(fmt::format("{} gave {}", s.assessor, *s.score));
    } else {
      someone_waiting = true;
      if (evidence) waiting.push_back(s.assessor);
    }
  }
  if (agreed) {  // moderated: the agreed score decides, the individual ones are shown beside it
    result.value = *agreed;
    result.outcome = result.value >= scoring.threshold ? Outcome::met : Outcome::not_met;
    if (evidence)
      result.evidence = fmt::format(
          "agreed by the panel = {}{}{}", *agreed,
          result.outcome == Outcome::met ? "" : fmt::format(", needs >= {}", scoring.threshold),
          given.empty() ? "" : fmt::format(" ({})", fmt::join(given, ", ")));
    return result;
  }
  if (scores.empty()) {
    if (evidence) result.evidence = "not yet scored by the assessors";
    return result;
  }
  if (someone_waiting) {
    if (evidence) result.evidence = fmt::format("no score yet from {}", fmt::join(waiting, ", "));
    return result;
  }
  auto sorted = values;
  std::sort(sorted.begin(), sorted.end());
  char const* how = "mean";
  switch (scoring.combine) {
    case Combine::mean:
      result.value = static_cast<double>(std::accumulate(values.begin(), values.end(), 0)) /
                     static_cast<double>(values.size());
      break;
    case Combine::median: {
      how = "median";
      auto const mid = sorted.size() / 2;
      result.value = sorted.size() % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
      break;
    }
    case Combine::minimum:
      how = "minimum";
      result.value = sorted.front();
      break;
  }
  result.outcome = result.value >= scoring.threshold ? Outcome::met : Outcome::not_met;
  result.disagree = sorted.back() - sorted.front() >= scoring.disagreement;
  if (!evidence) return result;
  result.evidence = fmt::format(
      "{} of {} assessor{} = {}{}", how, values.size(), values.size() == 1 ? "" : "s",
      rules::format_number(result.value),
      result.outcome == Outcome::met ? "" : fmt::format(", needs >= {}", scoring.threshold));
  if (result.disagree)
    result.disagreement = fmt::format("{}: {}", criterion.id, fmt::join(given, ", "));
  return result;
}

}  // namespace

Evaluator::Evaluator(rules::Vacancy const& vacancy, RunSettings settings)
    : vacancy_(vacancy),
      settings_(settings),
      packed_(std::make_shared<PackedConditions const>(vacancy, settings.as_of)) {
  for (auto const& criterion : vacancy.criteria)
    if (criterion.importance == Importance::desirable && assessed_at(criterion, settings.stage))
      max_score_ += criterion.weight;
  max_score_ = tidy(max_score_);
}

bool Evaluator::read_in_place(Application const& application, int condition) const {
  return !settings_.evidence && !application.packed.roots.empty() && packed_->compiled(condition);
}

std::vector<int> Evaluator::roots(bool in_place) const {
  std::vector<int> roots;
  auto const add = [&](int node) {
    bool const compiled = !settings_.evidence && packed_->compiled(node);
    if (node >= 0 && compiled == in_place) roots.push_back(node);
  };
  for (auto const& criterion : vacancy_.criteria)
    if (assessed_at(criterion, settings_.stage) && !criterion.scoring) add(criterion.condition);
  for (auto const& flag : vacancy_.flags)
    add(flag.condition);
  for (auto const& key : vacancy_.policy.tie_break)
    add(key.node);
  return roots;
}

std::vector<int> Evaluator::value_roots() const {
  return roots(false);
}

std::vector<int> Evaluator::in_place_roots() const {
  return roots(true);
}

ApplicantResult Evaluator::evaluate(Application const& application,
                                    PanelScores const& scores) const {
  ApplicantResult result;
  evaluate(application, scores, result);
  return result;
}

void Evaluator::evaluate(Application const& application, PanelScores const& scores,
                         ApplicantResult& result) const {
  Expressions const expressions(vacancy_, settings_.as_of);
  PackedConditions::Frame frame(*packed_, application.packed);
  result.ref = application.ref;
  result.criteria.resize(vacancy_.criteria.size());
  result.moderation.clear();
  result.tie_values.clear();
  result.rank = 0;
  bool failed = false;
  bool unknown = false;
  double score = 0;
  for (std::size_t i = 0; i < vacancy_.criteria.size(); ++i) {
    auto const& criterion = vacancy_.criteria[i];
    auto& out = result.criteria[i];
    out = CriterionResult{};
    if (!assessed_at(criterion, settings_.stage)) {
      out.outcome = Outcome::not_assessed;
      continue;
    }
    double fraction = 0;  // share of the weight earned
    if (criterion.scoring) {
      static std::vector<AssessorScore> const none;
      auto const combined =
          combine_scores(criterion, i < scores.size() ? scores[i] : none, settings_.evidence);
      out.outcome = combined.outcome;
      out.evidence = combined.evidence;
      out.disagree = combined.disagree;
      if (!combined.disagreement.empty()) result.moderation.push_back(combined.disagreement);
      if (combined.outcome != Outcome::unknown)
        fraction = combined.value / rules::max_assessor_score;
    } else if (read_in_place(application, criterion.condition)) {
      out.outcome = packed_->evaluate(criterion.condition, frame);
      if (out.outcome == Outcome::met) fraction = 1;
    } else {
      auto const value = expressions.evaluate(criterion.condition, application.fields);
      out.outcome = value.is_missing() ? Outcome::unknown
                    : value.boolean()  ? Outcome::met
                                       : Outcome::not_met;
      if (settings_.evidence)
        out.evidence = expressions.evidence(criterion.condition, application.fields, value);
      if (out.outcome == Outcome::met) fraction = 1;
    }
    if (criterion.importance == Importance::essential) {
      failed = failed || out.outcome == Outcome::not_met;
      unknown = unknown || out.outcome == Outcome::unknown;
    } else {
      out.contribution = tidy(criterion.weight * fraction);
      score += out.contribution;
    }
  }
  result.flags.resize(vacancy_.flags.size());
  for (std::size_t i = 0; i < vacancy_.flags.size(); ++i) {
    auto const& flag = vacancy_.flags[i];
    auto& out = result.flags[i];
    out = FlagResult{};
    if (read_in_place(application, flag.condition)) {
      out.outcome = packed_->evaluate(flag.condition, frame);
      continue;
    }
    auto const value = expressions.evaluate(flag.condition, application.fields);
    out.outcome = value.is_missing() ? Outcome::unknown
                  : value.boolean()  ? Outcome::met
                                     : Outcome::not_met;
    if (settings_.evidence)
      out.evidence = expressions.evidence(flag.condition, application.fields, value);
  }
  for (auto const& key : vacancy_.policy.tie_break)
    if (key.node >= 0)
      result.tie_values.push_back(read_in_place(application, key.node)
                                      ? packed_->least(key.node, frame)
                                      : expressions.least(key.node, application.fields));
  result.score = tidy(score);
  result.verdict = failed ? Verdict::excluded : unknown ? Verdict::needs_review : Verdict::eligible;
}

Evaluated evaluate_expression(rules::Vacancy const& vacancy, rules::Date as_of, int node,
                              std::vector<rules::Value> const& fields) {
  Expressions const expressions(vacancy, as_of);
  Evaluated out;
  out.value = expressions.evaluate(node, fields);
  auto const& type = vacancy.nodes[static_cast<std::size_t>(node)].type;
  if (out.value.is_unknown())
    out.shown = "unknown (evidence missing)";
  else
    rules::append_display(out.shown, out.value, type);
  if (type.kind == rules::TypeKind::boolean)
    out.evidence = expressions.evidence(node, fields, out.value);
  return out;
}

}  // namespace sift::engine
