#include "sift/engine/review.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "expression.hpp"
#include "sift/engine/evaluation.hpp"

namespace sift::engine {

namespace {

// The source line a location points at, for the diagnostic's caret.
std::string line_at(rules::Specification const& spec, rules::SourceLocation const& where) {
  // Locations name a file as the command was given it; sources as named from the main file's
  // directory.
  auto const names = [&](rules::SourceFile const& source) {
    return where.file == source.path || where.file.ends_with("/" + source.path);
  };
  for (auto const& source : spec.sources) {
    if (!names(source)) continue;
    std::istringstream lines(source.text);
    std::string line;
    for (int n = 1; std::getline(lines, line); ++n)
      if (n == where.line) return line;
  }
  return {};
}

rules::Diagnostic warning(rules::Specification const& spec, rules::SourceLocation const& where,
                          std::string message) {
  return {rules::Severity::warning, where, std::move(message), line_at(spec, where), {}};
}

// Whether an expression asks whether an answer was given, rather than what it was.
bool observes_missing(rules::Vacancy const& vacancy, int root) {
  bool found = false;
  rules::walk_nodes(vacancy.nodes, root, [&](rules::Node const& n) {
    found = n.op == rules::Op::is_missing || n.op == rules::Op::is_known;
    return !found;
  });
  return found;
}

}  // namespace

std::vector<rules::Diagnostic> review_specification(rules::Specification const& spec) {
  std::vector<rules::Diagnostic> out;
  // Nothing answered: by soundness, a definite answer here is the answer for every applicant,
  // unless the condition asks whether answers were given.
  std::vector<rules::Value> const unanswered(spec.fields.size(), rules::Value{rules::Unknown{}});
  rules::Date const any_day = rules::make_date(2026, 1, 1);
  for (auto const& vacancy : spec.vacancies) {
    Expressions const expressions(vacancy, any_day);
    auto const constant = [&](int condition) -> std::optional<bool> {
      if (condition < 0) return std::nullopt;
      auto const value = expressions.evaluate(condition, unanswered);
      if (value.is_missing()) return std::nullopt;
      return value.boolean();
    };
    for (auto const& criterion : vacancy.criteria) {
      auto const answer = constant(criterion.condition);
      if (!answer) continue;
      if (!observes_missing(vacancy, criterion.condition)) {
        out.push_back(warning(
            spec, criterion.where,
            fmt::format("criterion '{}' is {} whatever an applicant answers: its rule does not "
                        "depend on the application",
                        criterion.id, *answer ? "met" : "never met")));
      } else if (!*answer && criterion.importance == rules::Importance::essential) {
        out.push_back(warning(
            spec, criterion.where,
            fmt::format("essential '{}' can never be unknown: an applicant who leaves its answers "
                        "out is excluded rather than sent for review",
                        criterion.id)));
      }
    }
    for (auto const& flag : vacancy.flags) {
      auto const answer = constant(flag.condition);
      if (answer && !observes_missing(vacancy, flag.condition))
        out.push_back(warning(spec, flag.where,
                              fmt::format("flag '{}' is {} raised whatever an applicant answers",
                                          flag.id, *answer ? "always" : "never")));
    }
    auto const& policy = vacancy.policy;
    double const at_sift = Evaluator(vacancy, {any_day, Stage::sift}).max_score();
    if (policy.minimum_score && *policy.minimum_score > at_sift)
      out.push_back(warning(
          spec, policy.where,
          fmt::format("no one can be shortlisted at the sift: the desirable criteria assessed "
                      "there are worth at most {}, below 'minimum score {}'",
                      rules::format_number(at_sift), rules::format_number(*policy.minimum_score))));
    if (policy.top && !policy.ties_included && at_sift == 0 && policy.tie_break.empty())
      out.push_back(warning(
          spec, policy.where,
          fmt::format("every eligible applicant scores 0 at the sift and nothing breaks ties, so "
                      "with 'ties excluded' no one is shortlisted once more than {} are eligible",
                      *policy.top)));
  }
  return out;
}

}  // namespace sift::engine
