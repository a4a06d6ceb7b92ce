#include "sift/data/facts.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <set>

#include "decode.hpp"
#include "sift/data/error.hpp"
#include "sift/rules/packed_values.hpp"
#include "sift/rules/value_tape.hpp"

namespace sift::data {

namespace {

// The form fields a vacancy's rules read: only these are decoded for each applicant.
std::vector<int> fields_read(rules::Vacancy const& vacancy) {
  std::set<int> slots;
  for (auto const& node : vacancy.nodes)
    if (node.op == rules::Op::field) slots.insert(node.index);
  return {slots.begin(), slots.end()};
}

// Those that the expressions rooted at `roots` read.
std::vector<int> fields_read(rules::Vacancy const& vacancy, std::vector<int> const& roots) {
  std::set<int> slots;
  for (int const root : roots)
    rules::walk_nodes(vacancy.nodes, root, [&](rules::Node const& node) {
      if (node.op == rules::Op::field) slots.insert(node.index);
      return true;
    });
  return {slots.begin(), slots.end()};
}

// The slots read less the statement's, which is stored apart.
std::vector<int> packed_slots(std::vector<int> slots, int statement_slot) {
  std::erase(slots, statement_slot);
  return slots;
}

}  // namespace

struct FactsReader::State {
  rules::Specification const& spec;
  rules::Vacancy const& vacancy;
  std::vector<int> slots;
  int statement_slot;
  std::vector<int> packed;  // the slots read from the packed values
  // Of their records, the members the rules read; the rest stay unknown, since no rule reads
  // them, nor any evidence (which shows a record only where a rule uses it whole).
  std::vector<rules::MembersRead> members;
  simdjson::dom::parser parser;
  // With the packed values in hand: the slots the value roots read from them (the others are
  // read in place), and the statement packed as the others are.
  std::vector<int> values_of_packed;
  std::vector<int> in_place = {};  // the other slots the rules read from them
  bool statement_in_values = false;
  std::string statement_packed = {};
  std::vector<std::string_view> field_bytes = {};  // by slot
};

FactsReader::FactsReader(rules::Specification const& spec, rules::Vacancy const& vacancy,
                         std::optional<std::vector<int>> const& value_roots)
    : state_(std::make_unique<State>(State{
          spec, vacancy, fields_read(vacancy), spec.field_index("statement"),
          packed_slots(fields_read(vacancy), spec.field_index("statement")),
          rules::members_read(spec, vacancy), simdjson::dom::parser(),
          packed_slots(value_roots ? fields_read(vacancy, *value_roots) : fields_read(vacancy),
                       spec.field_index("statement"))})) {
  auto& s = *state_;
  std::set_difference(s.packed.begin(), s.packed.end(), s.values_of_packed.begin(),
                      s.values_of_packed.end(), std::back_inserter(s.in_place));
  auto const in_values = value_roots ? fields_read(vacancy, *value_roots) : s.slots;
  s.statement_in_values =
      std::find(in_values.begin(), in_values.end(), s.statement_slot) != in_values.end();
}

FactsReader::~FactsReader() = default;
FactsReader::FactsReader(FactsReader&&) noexcept = default;
FactsReader& FactsReader::operator=(FactsReader&&) noexcept = default;

bool FactsReader::needs_statement() const {
  auto const& s = *state_;
  return s.statement_slot >= 0 &&
         std::find(s.slots.begin(), s.slots.end(), s.statement_slot) != s.slots.end();
}

void FactsReader::read(ApplicantInputs const& in, std::vector<rules::Value>& fields,
                       rules::ValueTape& packed) {
  auto& s = *state_;
  if (in.values.empty()) {
    packed.clear(0);
    return read(in, fields);
  }
  auto const damaged = [&] {
    return Error(ErrorKind::corrupt,
                 fmt::format("application {} of vacancy '{}': its stored values cannot be read "
                             "(damaged or edited; its JSON facts are intact only if verify says "
                             "so)",
                             in.ref, s.vacancy.id));
  };
  s.field_bytes.resize(s.spec.fields.size());
  if (!rules::packed_fields(in.values, s.field_bytes)) throw damaged();
  packed.clear(s.spec.fields.size());
  for (int const slot : s.in_place) {
    auto const at = static_cast<std::size_t>(slot);
    if (!packed.read(at, s.field_bytes[at], s.spec.fields[at].type)) throw damaged();
  }
  if (needs_statement()) {  // read in place too, when the rules read it so
    auto const at = static_cast<std::size_t>(s.statement_slot);
    s.statement_packed.clear();
    rules::pack_value(
        in.has_statement ? rules::Value{in.statement} : rules::Value{rules::Unknown{}},
        s.statement_packed);
    if (!packed.read(at, s.statement_packed, s.spec.fields[at].type))
      throw Error(ErrorKind::conflict,
                  fmt::format("application {} no longer fits the specification of vacancy '{}': "
                              "its statement is text, and the specification declares it {}",
                              in.ref, s.vacancy.id, rules::describe(s.spec.fields[at].type)));
  }
  // As the other read: the slots read into values reuse their buffers, the others are missing.
  fields.resize(s.spec.fields.size());
  for (std::size_t slot = 0; slot < fields.size(); ++slot)
    if (!std::binary_search(s.values_of_packed.begin(), s.values_of_packed.end(),
                            static_cast<int>(slot)))
      fields[slot].data = rules::Unknown{};
  if (s.statement_in_values)
    fields[static_cast<std::size_t>(s.statement_slot)] =
        in.has_statement ? rules::Value{in.statement} : rules::Value{rules::Unknown{}};
  if (!rules::unpack_values(in.values, s.values_of_packed, fields, &s.members)) throw damaged();
}

void FactsReader::read(ApplicantInputs const& in, std::vector<rules::Value>& fields) {
  auto& s = *state_;
  // The slots the rules read are overwritten below, reusing their buffers (a run reads every
  // application into the same values); every other slot is missing.
  fields.resize(s.spec.fields.size());
  for (std::size_t slot = 0; slot < fields.size(); ++slot)
    if (!std::binary_search(s.slots.begin(), s.slots.end(), static_cast<int>(slot)))
      fields[slot].data = rules::Unknown{};
  if (s.statement_slot >= 0 && std::binary_search(s.slots.begin(), s.slots.end(), s.statement_slot))
    fields[static_cast<std::size_t>(s.statement_slot)] =
        in.has_statement ? rules::Value{in.statement} : rules::Value{rules::Unknown{}};
  if (!in.values.empty()) {
    if (!rules::unpack_values(in.values, s.packed, fields, &s.members))
      throw Error(ErrorKind::corrupt,
                  fmt::format("application {} of vacancy '{}': its stored values cannot be read "
                              "(damaged or edited; its JSON facts are intact only if verify says "
                              "so)",
                              in.ref, s.vacancy.id));
    return;
  }
  simdjson::dom::element facts;
  if (s.parser.parse(in.facts).get(facts))
    throw Error(ErrorKind::corrupt,
                fmt::format("application {} of vacancy '{}': the stored facts are not valid JSON",
                            in.ref, s.vacancy.id));
  for (int slot : s.slots) {
    auto& value = fields[static_cast<std::size_t>(slot)];
    if (slot == s.statement_slot) continue;
    auto const& field = s.spec.fields[static_cast<std::size_t>(slot)];
    simdjson::dom::element json;
    if (facts.at_key(field.name).get(json)) {
      value.data = rules::Unknown{};
      continue;
    }
    auto problem = decode(json, field.type, JsonPath{nullptr, field.name}, &value);
    if (!problem.empty())
      throw Error(ErrorKind::conflict,
                  fmt::format("application {} no longer fits the specification of vacancy '{}': {}",
                              in.ref, s.vacancy.id, problem));
  }
}

ApplicantInputs inputs_from_record(std::string const& json, std::string const& name) {
  simdjson::dom::parser parser;
  simdjson::dom::object record;
  if (parser.parse(json).get(record))
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: not one application as a JSON object (application format, "
                            "docs/application-format.md)",
                            name));
  ApplicantInputs inputs;
  inputs.facts = json;
  std::string_view ref;
  if (!record["ref"].get(ref)) inputs.ref = std::string(ref);
  std::string_view statement;
  if (!record["statement"].get(statement)) {
    inputs.has_statement = true;
    inputs.statement = std::string(statement);
  }
  return inputs;
}

}  // namespace sift::data
