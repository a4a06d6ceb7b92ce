#include "sift/screening/feedback.hpp"

#include <fmt/format.h>

#include <set>

#include "located_result.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/decisions.hpp"
#include "sift/data/error.hpp"
#include "sift/data/facts.hpp"
#include "sift/data/vacancies.hpp"

namespace sift::screening {

namespace {

// The form fields a rule reads, in the order they first appear.
std::vector<int> fields_read(rules::Vacancy const& vacancy, int root) {
  std::vector<int> out;
  std::set<int> seen;
  rules::walk_nodes(vacancy.nodes, root, [&](rules::Node const& n) {
    if (n.op == rules::Op::field && seen.insert(n.index).second) out.push_back(n.index);
    return true;
  });
  return out;
}

// A form field's name in words: "key_stages" is "Key stages".
std::string question_of(std::string name) {
  for (auto& c : name)
    if (c == '_') c = ' ';
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
}

std::string given(rules::Value const& value, rules::Type const& type) {
  if (value.is_unknown()) return "not answered";
  if (value.is_none()) return "none";
  if (type.holds_records()) {
    auto const n = value.items().size();
    return n == 0 ? "none given" : fmt::format("{} entr{} given", n, n == 1 ? "y" : "ies");
  }
  if (type.kind == rules::TypeKind::record) return "given";
  std::string out;
  if (type.is_collection()) {
    if (value.items().empty()) return "none given";
    for (auto const& item : value.items()) {
      if (!out.empty()) out += ", ";
      if (item.is_missing())
        out += "(an entry left blank)";
      else
        rules::append_display(out, item, type.element_type());
    }
    return out;
  }
  if (type.kind == rules::TypeKind::boolean) return value.boolean() ? "yes" : "no";
  rules::append_display(out, value, type);
  return out;
}

}  // namespace

Feedback feedback(data::Database& db, std::string const& ref, std::string const& vacancy,
                  std::optional<std::int64_t> run_id) {
  data::Applications applications(db);
  // The letter says what was read, not the evidence: the stored outcomes are enough.
  auto const located = locate_result(db, ref, vacancy, run_id, false);
  auto const& where = located.vacancy;
  auto const* stored = &located.stored;
  Feedback out;
  out.ref = ref;
  out.run = located.run;
  out.vacancy_title = data::Vacancies(db).title(where);
  out.verdict = stored->verdict;
  auto const decisions = data::Decisions(db).latest(out.run.id);
  auto const decided = decisions.find(ref);
  out.shortlisted = decided != decisions.end()
                        ? decided->second.kind == engine::DecisionKind::shortlist
                        : stored->verdict == engine::Verdict::shortlisted;
  // The name only once the panel has revealed (a letter written while blind says "applicant").
  if (auto const personal = applications.view(ref, where).personal)
    out.name = fmt::format("{}", fmt::join(data::identity_of(*personal, "").names, " "));

  // What the rules read, from the version the run read.
  auto const& spec = located.spec;
  auto const& v = *spec.vacancy(where);
  data::FactsReader reader(spec, v);
  std::vector<rules::Value> fields;
  reader.read(applications.version(stored->application_id), fields);
  std::map<std::string, engine::Outcome> outcomes;
  for (auto const& c : stored->criteria)
    outcomes[c.criterion] = c.outcome;
  for (auto const& c : v.criteria) {
    auto const found = outcomes.find(c.id);
    if (found == outcomes.end()) continue;
    CriterionFeedback f{c.title, c.section, {}};
    if (c.condition >= 0)
      for (int slot : fields_read(v, c.condition)) {
        auto const& field = spec.fields[static_cast<std::size_t>(slot)];
        // The supporting statement is the applicant's own text: named, not quoted back.
        f.read.push_back({question_of(field.name),
                          field.name == "statement"
                              ? "your supporting statement"
                              : given(fields[static_cast<std::size_t>(slot)], field.type)});
      }
    else
      f.read.push_back({"Assessed by the panel", found->second == engine::Outcome::unknown
                                                     ? "not every assessor had scored it"
                                                     : "from your application, by each assessor"});
    bool const essential = c.importance == rules::Importance::essential;
    if (essential && found->second == engine::Outcome::not_met)
      out.not_met.push_back(std::move(f));
    else if (essential && found->second == engine::Outcome::unknown)
      out.undecided.push_back(std::move(f));
    else if (!essential && found->second == engine::Outcome::met)
      out.desirables.push_back(std::move(f));
  }
  return out;
}

}  // namespace sift::screening
