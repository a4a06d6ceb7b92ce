// Evaluation of lowered expression nodes with Kleene three-valued logic, and the evidence line
// that says which values decided a condition.
#pragma once

#include <string>
#include <vector>

#include "sift/rules/specification.hpp"
#include "sift/rules/value.hpp"

namespace sift::engine {

class Expressions {
 public:
  Expressions(rules::Vacancy const& vacancy, rules::Date as_of);

  // The value of `node` for the given field values. Missing evidence yields Unknown.
  rules::Value evaluate(int node, std::vector<rules::Value> const& fields) const;

  // Which values decided a yes/no condition, as a person reads them; `result` is its value.
  std::string evidence(int node, std::vector<rules::Value> const& fields,
                       rules::Value const& result) const;

 private:
  struct Ref;
  struct Env;
  struct Line;
  Env environment(std::vector<rules::Value> const& fields) const;
  Ref eval(int node, Env& env) const;
  void explain(int node, Env& env, rules::Value const& result, Line& line) const;
  rules::Node const& at(int node) const { return nodes_[static_cast<std::size_t>(node)]; }

  std::vector<rules::Node> const& nodes_;
  int variable_count_;
  rules::Date as_of_;
};

}  // namespace sift::engine
