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

// The form fields that expressions read, as a reader reads them: the slots in the facts (sorted),
// and whether the statement, which is stored apart, is one of them.
struct SlotsRead {
  std::vector<int> facts;
  bool statement = false;
};

// Those of the expressions rooted at `roots`; of every expression of the vacancy without them.
SlotsRead slots_read(rules::Vacancy const& vacancy, std::vector<int> const* roots,
                     int statement_slot) {
  std::set<int> slots;
  auto const take = [&](rules::Node const& node) {
    if (node.op == rules::Op::field) slots.insert(node.index);
    return true;
  };
  if (roots)
    for (int const root : *roots)
      rules::walk_nodes(vacancy.nodes, root, take);
  else
    std::for_each(vacancy.nodes.begin(), vacancy.nodes.end(), take);
  SlotsRead read;
  read.statement = statement_slot >= 0 && slots.erase(statement_slot) > 0;
  read.facts.assign(slots.begin(), slots.end());
  return read;
}

}  // namespace

struct FactsReader::State {
  rules::Specification const& spec;
  rules::Vacancy const& vacancy;
  int statement_slot;
  SlotsRead all;  // every field a rule reads
  // With packed values in hand: those read into values, and those read in place (into a tape).
  SlotsRead from_values;
  SlotsRead in_place;
  // Of their records, the members the rules read; the rest stay unknown, since no rule reads
  // them, nor any evidence (which shows a record only where a rule uses it whole).
  std::vector<rules::MembersRead> members;
  simdjson::dom::parser parser;
  std::string statement_packed = {};               // for the tape, when read in place
  std::vector<std::string_view> field_bytes = {};  // by slot

  Error damaged(std::string const& ref) const {
    return Error(ErrorKind::corrupt,
                 fmt::format("application {} of vacancy '{}': its stored values cannot be read "
                             "(damaged or edited; its JSON facts are intact only if verify says "
                             "so)",
                             ref, vacancy.id));
  }

  // Fills `fields`: the slots `read` reads, from the packed values when there are any (else
  // they are left for the JSON), and the statement; every other slot missing. The slots read
  // are overwritten, reusing their buffers (a run reads every application into the same
  // values). False when there are no packed values.
  bool into_values(ApplicantInputs const& in, std::vector<rules::Value>& fields,
                   SlotsRead const& read) const {
    fields.resize(spec.fields.size());
    for (std::size_t slot = 0; slot < fields.size(); ++slot)
      if (!std::binary_search(read.facts.begin(), read.facts.end(), static_cast<int>(slot)))
        fields[slot].data = rules::Unknown{};
    if (read.statement)
      fields[static_cast<std::size_t>(statement_slot)] =
          in.has_statement ? rules::Value{in.statement} : rules::Value{rules::Unknown{}};
    if (in.values.empty()) return false;
    if (!rules::unpack_values(in.values, read.facts, fields, &members)) throw damaged(in.ref);
    return true;
  }
};

FactsReader::FactsReader(rules::Specification const& spec, rules::Vacancy const& vacancy,
                         std::optional<ExpressionsRead> const& read)
    : state_(std::make_unique<State>(State{
          spec, vacancy, spec.field_index("statement"),
          slots_read(vacancy, nullptr, spec.field_index("statement")),
          slots_read(vacancy, read ? &read->from_values : nullptr, spec.field_index("statement")),
          read ? slots_read(vacancy, &read->in_place, spec.field_index("statement")) : SlotsRead{},
          rules::members_read(spec, vacancy), simdjson::dom::parser()})) {}

FactsReader::~FactsReader() = default;
FactsReader::FactsReader(FactsReader&&) noexcept = default;
FactsReader& FactsReader::operator=(FactsReader&&) noexcept = default;

bool FactsReader::needs_statement() const {
  return state_->all.statement;
}

void FactsReader::read(ApplicantInputs const& in, std::vector<rules::Value>& fields,
                       rules::ValueTape& packed) {
  auto& s = *state_;
  if (in.values.empty()) {
    packed.clear(0);
    return read(in, fields);
  }
  s.field_bytes.resize(s.spec.fields.size());
  if (!rules::packed_fields(in.values, s.field_bytes)) throw s.damaged(in.ref);
  packed.clear(s.spec.fields.size());
  for (int const slot : s.in_place.facts) {
    auto const at = static_cast<std::size_t>(slot);
    if (!packed.read(at, s.field_bytes[at], s.spec.fields[at].type)) throw s.damaged(in.ref);
  }
  if (s.in_place.statement) {
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
  s.into_values(in, fields, s.from_values);
}

void FactsReader::read(ApplicantInputs const& in, std::vector<rules::Value>& fields) {
  auto& s = *state_;
  if (s.into_values(in, fields, s.all)) return;
  simdjson::dom::element facts;
  if (s.parser.parse(in.facts).get(facts))
    throw Error(ErrorKind::corrupt,
                fmt::format("application {} of vacancy '{}': the stored facts are not valid JSON",
                            in.ref, s.vacancy.id));
  for (int slot : s.all.facts) {
    auto& value = fields[static_cast<std::size_t>(slot)];
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
