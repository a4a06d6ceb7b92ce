// Yes/no conditions, and the numbers tie breaks rank by, compiled to read an application's
// packed values in place (read once into a tape, rules/value_tape.hpp), building no value: a
// run evaluates a dozen conditions for each of a million applicants, and building values to
// read them was most of that work.
//
// Compiled are the forms most conditions take: a yes/no field or member; one compared with,
// or looked up in, a constant; a constant looked up in a list; a list holding all or any of a
// constant set; `any`/`all` over a list; the count of a list, or of its intersection with a
// constant set, years of spells or the longest gap between them (kept by a compiled `where`),
// compared with a number; whether an answer is missing or none; and `and`, `or`, `not` of these. A
// condition with anything else in it is left whole to the interpreter (expression.hpp), whose
// three-valued answers the compiled forms give exactly, step for step
// (tests/packed_conditions_test.cpp compares the two over random applications).
#pragma once

#include <boost/container/small_vector.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sift/engine/vocabulary.hpp"
#include "sift/rules/specification.hpp"
#include "sift/rules/value_tape.hpp"
#include "spells.hpp"

namespace sift::engine {

class PackedConditions {
 public:
  PackedConditions(rules::Vacancy const& vacancy, rules::Date as_of);
  ~PackedConditions();
  PackedConditions(PackedConditions const&) = delete;
  PackedConditions& operator=(PackedConditions const&) = delete;

  // Whether the yes/no condition, or the number, rooted at `node` compiled.
  bool compiled(int node) const;

  // The least a compiled number (a count, years, longest_gap) rooted at `node` can be for an
  // application's fields read into a tape: -infinity when nothing bounds it.
  double least(int node, rules::ValueTape const& tape) const;

  // Its outcome (met, not met or unknown) for an application's fields read into a tape. Safe to
  // call from many threads.
  Outcome evaluate(int node, rules::ValueTape const& tape) const;

 private:
  struct Step;
  // The cells bound to the vacancy's variables while evaluating: on the stack.
  using Scratch = boost::container::small_vector<std::uint32_t, 8>;
  using Variables = std::span<std::uint32_t>;
  int compile(int node);
  int compile_number(int node);
  int compile_path(int node);
  bool compile_records(int node, int& path, int& predicate, int& variable);
  int add(Step step);
  Truth run(int step, rules::ValueTape const& tape, Variables variables) const;
  std::optional<Bounds> bounds(int step, rules::ValueTape const& tape, Variables variables) const;
  // The records of list `path`, kept or not by `predicate` over `variable`, as spells; false
  // when the list is missing.
  bool spell_records(int path, int predicate, int variable, SpellReading reading,
                     rules::ValueTape const& tape, Variables variables, SpellRecords& out) const;
  rules::Cell const& resolve(Step const& path, rules::ValueTape const& tape,
                             Variables variables) const;

  rules::Vacancy const& vacancy_;
  rules::Date as_of_;
  std::vector<Step> steps_;
  std::vector<int> entry_;  // by node: the step that evaluates it, or -1
};

}  // namespace sift::engine
