// The shortlisting matrix UK panels use, from a stored run: every applicant against every
// criterion of the run's own specification version.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <map>

#include "sift/data/store.hpp"
#include "sift/rules/load.hpp"
#include "storage_error.hpp"
#include "stored_specification.hpp"

namespace sift::data {

Matrix Store::matrix(std::string const& vacancy, std::optional<std::int64_t> run_id) try {
  auto const view = shortlist(vacancy, run_id);
  Matrix m;
  m.run = view.run;
  m.title = view.title;

  auto const checked = run_specification(m.run.id);
  auto const& v = *checked.vacancy(vacancy);
  simdjson::dom::parser parser;
  std::map<std::string, std::size_t> column_of;
  for (auto const& c : v.criteria) {
    column_of[c.id] = m.columns.size();
    m.columns.push_back(criterion_info(c));
  }

  std::map<std::string, ShortlistEntry const*> placed;
  for (auto const& e : view.ranked)
    placed[e.ref] = &e;
  std::map<std::string, ShortlistEntry const*> unranked;
  for (auto const& e : view.unranked)
    unranked[e.ref] = &e;

  SQLite::Statement rows(
      *db_, "SELECT ref, verdict, score, outcomes FROM result WHERE run_id = ? ORDER BY ref");
  rows.bind(1, m.run.id);
  while (rows.executeStep()) {
    MatrixRow row;
    row.ref = rows.getColumn(0).getString();
    row.verdict = rows.getColumn(1).getString();
    row.score = rows.getColumn(2).getDouble();
    row.cells.assign(m.columns.size(), {"not assessed", ""});
    simdjson::dom::object outcomes;
    if (!parser.parse(rows.getColumn(3).getString()).get(outcomes))
      for (auto field : outcomes) {
        auto const found = column_of.find(std::string(field.key));
        if (found == column_of.end()) continue;
        std::string_view text;
        auto& cell = row.cells[found->second];
        if (!field.value.at(0).get(text)) cell.outcome = text;
        if (!field.value.at(1).get(text)) cell.evidence = text;
      }
    if (auto const p = placed.find(row.ref); p != placed.end()) {
      row.rank = p->second->rank;
      row.flags = p->second->flags;
      row.decision = p->second->decision;
      if (p->second->shortlisted) row.verdict = "shortlisted";
    } else if (auto const u = unranked.find(row.ref); u != unranked.end()) {
      row.flags.assign(u->second->flags.begin() + 1, u->second->flags.end());  // less the verdict
      row.decision = u->second->decision;
    }
    m.rows.push_back(std::move(row));
  }
  auto order = [](MatrixRow const& r) {
    return r.verdict == "shortlisted"    ? 0
           : r.verdict == "eligible"     ? 1
           : r.verdict == "needs review" ? 2
                                         : 3;
  };
  std::stable_sort(m.rows.begin(), m.rows.end(), [&](MatrixRow const& a, MatrixRow const& b) {
    if (order(a) != order(b)) return order(a) < order(b);
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.ref < b.ref;
  });
  return m;
} catch (SQLite::Exception const& e) {
  throw storage_error(path_, e);
}

}  // namespace sift::data
