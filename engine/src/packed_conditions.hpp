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

  // One application's evaluation, made for it on the stack: its tape, the cells bound to the
  // vacancy's variables, and the numbers worked out so far (years that a criterion and a tie
  // break both read are worked out once).
  class Frame {
   public:
    Frame(PackedConditions const& conditions, rules::ValueTape const& tape);

   private:
    friend class PackedConditions;
    struct Number {
      bool done = false;
      std::optional<Bounds> bounds;
    };
    rules::ValueTape const& tape_;
    boost::container::small_vector<std::uint32_t, 8> variables_;
    boost::container::small_vector<Number, 4> numbers_;  // by Step::memo
  };

  // The outcome (met, not met or unknown) of the compiled condition rooted at `node`. Safe to
  // call from many threads, each with its own frame.
  Outcome evaluate(int node, Frame& frame) const;

  // The least the compiled number (a count, years, longest_gap) rooted at `node` can be:
  // -infinity when nothing bounds it.
  double least(int node, Frame& frame) const;

 private:
  struct Step;
  rules::Node const& at(int node) const;
  rules::Value const* constant_at(int node) const;  // null unless a constant
  rules::Type const& type_at(int node) const;
  int compile(int node);
  int compile_number(int node);
  int compile_path(int node);
  int scalar_path(int node);      // a path to a yes/no, number or text, else no step
  int collection_path(int node);  // a path to a collection of those, else no step
  bool compile_records(int node, int& path, int& predicate, int& variable);
  int add(Step step);
  Truth run(int step, Frame& frame) const;
  // A number's bounds, worked out once per frame when it reads no variable bound outside it.
  std::optional<Bounds> bounds(int step, Frame& frame) const;
  std::optional<Bounds> work_out(int step, Frame& frame) const;
  // Whether the expression rooted at `node` reads only variables it binds itself.
  bool closed(int node) const;
  // The records of list `path`, kept or not by `predicate` over `variable`, as spells; false
  // when the list is missing.
  bool spell_records(int path, int predicate, int variable, SpellReading reading, Frame& frame,
                     SpellRecords& out) const;
  rules::Cell const& resolve(Step const& path, Frame const& frame) const;

  rules::Vacancy const& vacancy_;
  rules::Date as_of_;
  std::vector<Step> steps_;
  std::vector<int> entry_;  // by node: the step that evaluates it, or -1
  int numbers_ = 0;         // how many numbers a frame keeps
};

}  // namespace sift::engine
