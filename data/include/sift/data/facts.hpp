// An application's stored facts read as values of the form's declared types, for the fields a
// vacancy's rules read. The same decoding validates records on import, so both agree by
// construction. One reader per thread: it keeps its own parser.
#pragma once

#include <memory>
#include <vector>

#include "sift/data/run_inputs.hpp"
#include "sift/rules/specification.hpp"
#include "sift/rules/value.hpp"

namespace sift::data {

class FactsReader {
 public:
  FactsReader(rules::Specification const& spec, rules::Vacancy const& vacancy);
  ~FactsReader();
  FactsReader(FactsReader&&) noexcept;
  FactsReader& operator=(FactsReader&&) noexcept;

  // Whether the rules read the statement, which is stored apart from the facts.
  bool needs_statement() const;
  // Fills `fields` (one per form field, by slot): the fields the rules read from the facts and
  // statement, every other one missing. Error(conflict) when the stored facts no longer fit
  // the specification.
  void read(ApplicantInputs const& inputs, std::vector<rules::Value>& fields);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// One whole application record (a line of an applications file) as the rules read it: its
// facts and its statement. Error(invalid_input), naming `name`, when it is not a JSON object.
ApplicantInputs inputs_from_record(std::string const& json, std::string const& name);

}  // namespace sift::data
