// Checking example applicants: literal values of the declared types, expected verdicts.
#include <fmt/format.h>

#include <algorithm>
#include <boost/variant/apply_visitor.hpp>
#include <cmath>
#include <map>
#include <set>

#include "checking.hpp"
#include "printer.hpp"
#include "sift/rules/equality.hpp"
#include "sift/rules/suggest.hpp"

namespace sift::rules {

void Checker::check_example(ast::ExampleDecl const& decl) {
  Example example;
  example.title = decl.title;
  example.where = location(decl);
  ast::Expectation const* expectation = nullptr;
  std::set<int> assigned;
  for (auto const& item : decl.items) {
    if (auto const* setting = boost::get<ast::Setting>(&item)) {
      auto const date = parse_date(setting->values.front());
      if (!date)
        error(*setting, fmt::format("{} is not a calendar date", setting->values.front()));
      else
        example.as_of = date;
    } else if (auto const* assignment = boost::get<ast::Assignment>(&item)) {
      int const slot = spec_.field_index(assignment->field);
      if (slot < 0) {
        unknown_name(*assignment, assignment->field, field_names());
        continue;
      }
      if (!assigned.insert(slot).second) {
        error(*assignment,
              fmt::format("field '{}' is given twice in this example", assignment->field));
        continue;
      }
      auto value = constant_value(
          assignment->value, spec_.fields[static_cast<std::size_t>(slot)].type, assignment->field);
      if (value) example.fields.emplace_back(slot, std::move(*value));
    } else if (auto const* scores = boost::get<ast::ExampleScores>(&item)) {
      auto const* criterion = find_criterion(scores->criterion);
      if (!criterion || !criterion->scoring) {
        error(*scores, fmt::format("'{}' is not a criterion scored by assessors in vacancy '{}'",
                                   scores->criterion, vacancy_->id));
        continue;
      }
      ExampleScore score{scores->criterion, {}};
      for (auto const& text : scores->scores) {
        auto const value = parse_small_integer(text);
        if (!value || *value > max_assessor_score) {
          error(*scores,
                fmt::format("score {} is outside the scale 0 to {}", text, max_assessor_score));
          continue;
        }
        score.scores.push_back(*value);
      }
      example.scores.push_back(std::move(score));
    } else {
      auto const& expect = boost::get<ast::Expectation>(item);
      if (expect.verdict == "flag" || expect.verdict == "no flag") {
        auto const& id = expect.because.front();
        auto const& flags = vacancy_->flags;
        if (std::none_of(flags.begin(), flags.end(), [&](Flag const& f) { return f.id == id; })) {
          std::vector<std::string> ids;
          for (auto const& f : flags)
            ids.push_back(f.id);
          auto const suggestion = nearest(id, ids);
          error(expect,
                fmt::format("'{}' is not a flag of vacancy '{}'{}", id, vacancy_->id,
                            suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
          continue;
        }
        example.expected_flags.emplace_back(id, expect.verdict == "flag");
        continue;
      }
      if (expect.verdict == "score") {
        auto const score = parse_number(expect.because.front());
        if (example.expected_score) error(expect, "an example expects one score; this is a second");
        example.expected_score = score;
        continue;
      }
      if (expectation) {
        auto& d = error(expect, "an example has one 'expect' verdict; this is a second");
        note(d, here(*expectation), "the first is here");
        continue;
      }
      expectation = &expect;
      example.expected_verdict = expect.verdict;
      if (!expect.because.empty() && expect.verdict != "excluded")
        error(expect,
              "'because' names the essentials an excluded applicant fails; this "
              "example is not expected to be excluded");
      for (auto const& id : expect.because) {
        auto const* criterion = find_criterion(id);
        if (!criterion || criterion->importance != Importance::essential) {
          error(expect, fmt::format("'{}' is not an essential criterion of vacancy '{}'", id,
                                    vacancy_->id));
          continue;
        }
        example.expected_failures.push_back(id);
      }
    }
  }
  if (!expectation)
    error(decl, fmt::format("example \"{}\" has no 'expect' line saying what verdict it must get",
                            decl.title));
  vacancy_->examples.push_back(std::move(example));
}

Criterion const* Checker::find_criterion(std::string const& id) const {
  for (auto const& criterion : vacancy_->criteria)
    if (criterion.id == id) return &criterion;
  return nullptr;
}

std::vector<std::string> Checker::field_names() const {
  std::vector<std::string> names;
  for (auto const& field : spec_.fields)
    names.push_back(field.name);
  return names;
}

// An example's value for a field: literals only, checked against the field's type.
std::optional<Value> Checker::constant_value(ast::Expr const& expr, Type const& type,
                                             std::string const& what) {
  if (!expr.rest.empty()) {
    error(expr, fmt::format("an example gives '{}' a plain value, not a calculation", what));
    return std::nullopt;
  }
  return constant_value(expr.first, type, what);
}

std::optional<Value> Checker::constant_value(ast::Operand const& operand, Type const& type,
                                             std::string const& what) {
  auto mismatch = [&](x3::position_tagged const& node) -> std::optional<Value> {
    error(node, fmt::format("'{}' is {}, but this value is not", what, a_or_an(type)));
    return std::nullopt;
  };
  auto const& variant = operand.get();
  if (auto const* nested = boost::get<x3::forward_ast<ast::Expr>>(&variant))
    return constant_value(nested->get(), type, what);
  // 'none': the applicant answered none, which only an optional field or member can be.
  if (auto const* path = boost::get<ast::Path>(&variant);
      path && path->head == "none" && path->members.empty()) {
    if (type.optional) return Value{None{}};
    error(*path, fmt::format("'{}' is never none: it is {}, not optional", what, a_or_an(type)));
    return std::nullopt;
  }
  if (auto const* literal = boost::get<ast::Literal>(&variant)) {
    int const node = lower_literal(*literal);
    if (node == no_node) return std::nullopt;
    auto const& lowered = vacancy_->nodes[static_cast<std::size_t>(node)];
    if (lowered.op != Op::constant || lowered.type.kind != type.kind) return mismatch(*literal);
    return lowered.constant;
  }
  if (auto const* collection = boost::get<x3::forward_ast<ast::Collection>>(&variant)) {
    if (!type.is_collection()) return mismatch(collection->get());
    Items items;
    for (auto const& item : collection->get().items) {
      auto value = constant_value(item, type.element_type(), what);
      if (!value) return std::nullopt;
      items.push_back(std::move(*value));
    }
    if (type.kind == TypeKind::set) normalise_set(items);
    return Value{std::move(items)};
  }
  if (auto const* record = boost::get<x3::forward_ast<ast::RecordLiteral>>(&variant)) {
    if (type.kind != TypeKind::record) return mismatch(record->get());
    Items members(type.members.size());
    for (std::size_t i = 0; i < type.members.size(); ++i)
      if (type.members[i].type.optional) members[i] = Value{None{}};
    for (auto const& entry : record->get().entries) {
      int const index = type.member_index(entry.name);
      if (index < 0) {
        std::vector<std::string> names;
        for (auto const& m : type.members)
          names.push_back(m.name);
        auto const suggestion = nearest(entry.name, names);
        error(entry,
              fmt::format("'{}' has no member '{}'{}", what, entry.name,
                          suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
        return std::nullopt;
      }
      auto value = constant_value(entry.value, type.members[static_cast<std::size_t>(index)].type,
                                  what + "." + entry.name);
      if (!value) return std::nullopt;
      members[static_cast<std::size_t>(index)] = std::move(*value);
    }
    return Value{std::move(members)};
  }
  if (auto const* unary = boost::get<x3::forward_ast<ast::Unary>>(&variant);
      unary && unary->get().op == "-" && type.kind == TypeKind::number) {
    auto inner = constant_value(unary->get().operand, type, what);
    if (!inner) return std::nullopt;
    return Value{-inner->number()};
  }
  error(expr_position(operand), fmt::format("an example gives '{}' a plain value, not a "
                                            "calculation",
                                            what));
  return std::nullopt;
}

}  // namespace sift::rules
