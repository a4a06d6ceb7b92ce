// Evaluation of lowered expression nodes with Kleene three-valued logic, and the evidence line
// that says which values decided a condition.
#pragma once

#include <boost/container/small_vector.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sift/rules/specification.hpp"
#include "sift/rules/value.hpp"
#include "spells.hpp"

namespace sift::engine {

// One per thread: it keeps scratch state from call to call.
class Expressions {
 public:
  Expressions(rules::Vacancy const& vacancy, rules::Date as_of);

  // The value of `node` for the given field values. Missing evidence yields Unknown.
  rules::Value evaluate(int node, std::vector<rules::Value> const& fields) const;

  // The least value a number or duration (in days) can take for these field values, given what
  // is known; -infinity when nothing bounds it.
  double least(int node, std::vector<rules::Value> const& fields) const;

  // Which values decided a yes/no condition, as a person reads them; `result` is its value.
  std::string evidence(int node, std::vector<rules::Value> const& fields,
                       rules::Value const& result) const;

 private:
  struct Ref;
  struct Env;
  struct Line;
  Env environment(std::vector<rules::Value> const& fields) const;
  using Chain = boost::container::small_vector<int, 8>;
  Chain chain(int and_or_node) const;
  Ref eval(int node, Env& env) const;
  // The least and most a number can be: a count of a set with missing elements is a range;
  // nullopt when the number is missing altogether.
  std::optional<Bounds> number_bounds(int node, Env& env) const;
  // longest_gap in days: a range when the explained breaks are not known; nullopt when the
  // spells themselves are not.
  std::optional<Bounds> gap_bounds(int node, Env& env, bool* breaks_unknown = nullptr) const;
  // The records of a list node, pointed to rather than copied (a filter's kept records are
  // those of the list it filters); not known when the list, or whether one is kept, is not.
  // What a filter is (eval copies them), and what longest_gap reads without a copy.
  struct RecordList;
  RecordList records_of(int node, Env& env) const;
  // years of a list of spells: a range when a date is given only to the month or year
  // (`dates_only` is then set), or when some spell's dates, or whether it counts, are missing.
  std::optional<Bounds> years_bounds(int node, Env& env, bool* dates_only = nullptr) const;
  void explain(int node, Env& env, rules::Value const& result, Line& line) const;
  rules::Node const& at(int node) const { return nodes_[static_cast<std::size_t>(node)]; }

  std::vector<rules::Node> const& nodes_;
  rules::Date as_of_;
  // Scratch for the variables, kept from call to call (one Expressions per applicant and
  // thread; see Env).
  using Variables = boost::container::small_vector<rules::Value const*, 8>;
  mutable Variables variables_;
};

}  // namespace sift::engine
