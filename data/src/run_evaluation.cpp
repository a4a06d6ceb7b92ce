#include "run_evaluation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "decode.hpp"
#include "sift/data/store.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

void append_number(std::string& out, double value) {
  out += rules::format_number(value);
}

// The result row's JSON columns; their text is what the run's hash covers. Outcomes are keyed
// by criterion id: [outcome, evidence, points].
void serialise(rules::Vacancy const& vacancy, engine::Evaluator const& evaluator, Pending const& in,
               Written& out) {
  auto const& r = out.result;
  out.outcomes.assign("{");
  for (std::size_t i = 0; i < vacancy.criteria.size(); ++i) {
    if (!engine::assessed_at(vacancy.criteria[i], evaluator.settings().stage)) continue;
    if (out.outcomes.size() > 1) out.outcomes += ',';
    append_json_string(out.outcomes, vacancy.criteria[i].id);
    out.outcomes += ":[\"";
    out.outcomes += engine::to_string(r.criteria[i].outcome);
    out.outcomes += "\",";
    append_json_string(out.outcomes, r.criteria[i].evidence);
    out.outcomes += ',';
    append_number(out.outcomes, r.criteria[i].contribution);
    out.outcomes += ']';
  }
  out.outcomes += '}';
  out.flags.assign("{");
  for (std::size_t i = 0; i < vacancy.flags.size(); ++i) {
    auto const outcome = r.flags[i].outcome;
    if (outcome != engine::Outcome::met && outcome != engine::Outcome::unknown) continue;
    if (out.flags.size() > 1) out.flags += ',';
    append_json_string(out.flags, vacancy.flags[i].id);
    out.flags += outcome == engine::Outcome::met ? ":[\"raised\"," : ":[\"unknown\",";
    append_json_string(out.flags, r.flags[i].evidence);
    out.flags += ']';
  }
  out.flags += '}';
  out.moderation.assign("[");
  for (auto const& m : r.moderation) {
    if (out.moderation.size() > 1) out.moderation += ',';
    append_json_string(out.moderation, m);
  }
  out.moderation += ']';
  out.scores_read.assign("[");
  for (std::size_t i = 0; i < in.rows.size(); ++i)
    for (std::size_t a = 0; a < in.rows[i].size(); ++a)
      if (in.scores[i][a].score) {
        if (out.scores_read.size() > 1) out.scores_read += ',';
        out.scores_read += std::to_string(in.rows[i][a]);
      }
  out.scores_read += ']';
}

// The form fields a vacancy's rules read: only these are decoded for each applicant.
std::vector<int> fields_read(rules::Vacancy const& vacancy) {
  std::set<int> slots;
  for (auto const& node : vacancy.nodes)
    if (node.op == rules::Op::field) slots.insert(node.index);
  return {slots.begin(), slots.end()};
}

}  // namespace

RowEvaluator::RowEvaluator(rules::Specification const& spec, rules::Vacancy const& vacancy,
                           engine::Evaluator const& evaluator)
    : spec_(spec),
      vacancy_(vacancy),
      evaluator_(evaluator),
      slots_(fields_read(vacancy)),
      statement_slot_(spec.field_index("statement")) {}

bool RowEvaluator::needs_statement() const {
  return statement_slot_ >= 0 &&
         std::find(slots_.begin(), slots_.end(), statement_slot_) != slots_.end();
}

void RowEvaluator::evaluate(Pending const& p, Written& w, simdjson::dom::parser& parser,
                            engine::Application& application) const {
  application.ref = p.ref;
  application.fields.assign(spec_.fields.size(), rules::Value{rules::Unknown{}});
  simdjson::dom::element facts;
  if (parser.parse(p.facts).get(facts))
    throw DataError(fmt::format(
        "application {} of vacancy '{}': the stored facts are not valid JSON", p.ref, vacancy_.id));
  for (int slot : slots_) {
    auto& value = application.fields[static_cast<std::size_t>(slot)];
    if (slot == statement_slot_) {
      if (p.has_statement) value = rules::Value{p.statement};
      continue;
    }
    auto const& field = spec_.fields[static_cast<std::size_t>(slot)];
    simdjson::dom::element json;
    if (facts.at_key(field.name).get(json)) continue;
    auto problem = decode(json, field.type, JsonPath{nullptr, field.name}, &value);
    if (!problem.empty())
      throw DataError(
          fmt::format("application {} no longer fits the specification of vacancy '{}': {}", p.ref,
                      vacancy_.id, problem));
  }
  w.result = evaluator_.evaluate(application, p.scores);
  serialise(vacancy_, evaluator_, p, w);
  w.standing = engine::standing_of(vacancy_, w.result);
  w.digest = row_digest(w.result.ref, p.application_id, engine::to_string(w.result.verdict),
                        w.result.score, w.outcomes, w.flags, w.moderation, w.scores_read);
}

std::string row_digest(std::string const& ref, std::int64_t application_id,
                       std::string_view verdict, double score, std::string const& outcomes,
                       std::string const& flags, std::string const& moderation,
                       std::string const& scores_read) {
  std::string const id = std::to_string(application_id);
  std::string const points = rules::format_number(score);
  Sha256 row;
  for (std::string_view part :
       {std::string_view(ref), std::string_view(id), verdict, std::string_view(points),
        std::string_view(outcomes), std::string_view(flags), std::string_view(moderation),
        std::string_view(scores_read)}) {
    row.add(part);
    row.add("\t");
  }
  return row.hex();
}

std::string placing_line(std::string const& ref, int rank, bool shortlisted) {
  return fmt::format("{}\t{}\t{}\n", ref, rank, shortlisted ? 1 : 0);
}

std::string chain_hash(std::string const& previous, std::int64_t run_id, std::string const& vacancy,
                       std::string const& specification_sha256, std::string const& stage,
                       std::string const& as_of, std::string const& sift_version,
                       std::string const& results_sha256) {
  return sha256_hex(fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n", previous, run_id, vacancy,
                                specification_sha256, stage, as_of, sift_version, results_sha256));
}

}  // namespace sift::data
