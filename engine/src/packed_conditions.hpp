// Yes/no conditions compiled to read an application's packed values in place
// (rules/packed_values.hpp), building no value: a run evaluates a dozen conditions for each of
// a million applicants, and building values to read them was most of that work.
//
// Compiled are the forms most conditions take: a yes/no field or member; one compared with,
// or looked up in, a constant; a constant looked up in a list; a list holding all or any of a
// constant set; `any`/`all` over a list; the count of a list, or of its intersection with a
// constant set, compared with a number; whether an answer is missing or none; and `and`, `or`,
// `not` of these. A condition with anything else in it is left whole to the interpreter
// (expression.hpp), whose three-valued answers the compiled forms give exactly, step for step
// (tests/packed_conditions_test.cpp compares the two over random applications).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "sift/engine/vocabulary.hpp"
#include "sift/rules/specification.hpp"

namespace sift::engine {

class PackedConditions {
 public:
  explicit PackedConditions(rules::Vacancy const& vacancy);
  ~PackedConditions();
  PackedConditions(PackedConditions const&) = delete;
  PackedConditions& operator=(PackedConditions const&) = delete;

  // Whether the yes/no condition rooted at `node` compiled.
  bool compiled(int node) const;

  // Its outcome (met, not met or unknown) for an application's packed fields, by slot, each
  // checked to fit its declared type (rules::packed_fits). Safe to call from many threads.
  Outcome evaluate(int node, std::span<std::string_view const> fields) const;

 private:
  struct Step;
  enum class Truth;
  using Variables = std::span<std::string_view>;
  int compile(int node);
  int compile_path(int node);
  int add(Step step);
  Truth run(int step, std::span<std::string_view const> fields, Variables variables) const;
  std::string_view resolve(Step const& path, std::span<std::string_view const> fields,
                           Variables variables) const;

  rules::Vacancy const& vacancy_;
  std::vector<Step> steps_;
  std::vector<int> entry_;  // by node: the step that evaluates it, or -1
};

}  // namespace sift::engine
