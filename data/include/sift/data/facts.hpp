// An application's stored facts read as values of the form's declared types, for the fields a
// vacancy's rules read. The same decoding validates records on import, so both agree by
// construction. One reader per thread: it keeps its own parser.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "sift/data/run_inputs.hpp"
#include "sift/rules/specification.hpp"
#include "sift/rules/value.hpp"
#include "sift/rules/value_tape.hpp"

namespace sift::data {

// Which of a vacancy's expressions an evaluator handed packed values evaluates from values, and
// which it evaluates reading the packed values in place (engine::Evaluator::value_roots and
// in_place_roots), by root node.
struct ExpressionsRead {
  std::vector<int> from_values;
  std::vector<int> in_place;
};

class FactsReader {
 public:
  // `read`: for the reading with packed values in hand (read with `packed` below); none: every
  // field a rule reads is read into values.
  FactsReader(rules::Specification const& spec, rules::Vacancy const& vacancy,
              std::optional<ExpressionsRead> const& read = std::nullopt);
  ~FactsReader();
  FactsReader(FactsReader&&) noexcept;
  FactsReader& operator=(FactsReader&&) noexcept;

  // Whether the rules read the statement, which is stored apart from the facts.
  bool needs_statement() const;
  // Fills `fields` (one per form field, by slot): the fields the rules read from the facts and
  // statement, every other one missing. Error(conflict) when the stored facts no longer fit
  // the specification.
  void read(ApplicantInputs const& inputs, std::vector<rules::Value>& fields);
  // The same for an evaluator that reads conditions from the packed values in place
  // (engine::Application::packed): reads into `packed` the fields the expressions read in place
  // read (the statement packed here, as it is stored apart), and into `fields` those the
  // expressions evaluated from values read; a field both read is read both ways. When the
  // application has no packed values (packed under another specification version), `packed` is
  // left without roots and every field a rule reads is read into `fields`. Error(corrupt) when the
  // packed values do not fit the form. `packed` refers to `inputs` and this reader: it is read
  // while both are, and this reader is not read again.
  void read(ApplicantInputs const& inputs, std::vector<rules::Value>& fields,
            rules::ValueTape& packed);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// One whole application record (a line of an applications file) as the rules read it: its
// facts and its statement. Error(invalid_input), naming `name`, when it is not a JSON object.
ApplicantInputs inputs_from_record(std::string const& json, std::string const& name);

}  // namespace sift::data
