#include "sift/screening/verify.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <future>
#include <map>
#include <thread>

#include "row_evaluator.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/run_inputs.hpp"
#include "sift/data/runs.hpp"
#include "sift/engine/parallel.hpp"
#include "sift/rules/value.hpp"

namespace sift::screening {

namespace {

constexpr std::size_t most_differences = 50;
constexpr std::size_t verify_chunk = 4096;

std::string describe(engine::Outcome outcome, std::string const& evidence, double points) {
  return fmt::format("{} ({}; {} points)", engine::to_string(outcome), evidence,
                     rules::format_number(points));
}

}  // namespace

Verification verify(data::Database& db, std::int64_t run_id, std::string const& anchor_file,
                    std::vector<data::AnchorLine> const& anchors) {
  Verification report;
  report.run_id = run_id;
  auto differ = [&](std::string text) {
    if (report.differences.size() < most_differences) report.differences.push_back(std::move(text));
    ++report.difference_count;
  };

  // 1. The rows and hashes, as stored. The chain of runs and the applicants who should have a
  // result are read on a connection of their own while the results are recomputed; the run's
  // own hash is folded over its rows as they are read to be recomputed (one pass over a million
  // rows, not two). Their problems come first.
  data::Runs runs(db);
  auto const run = runs.get(run_id);
  struct Stored {
    data::Integrity integrity;
    std::vector<std::string> imported;  // refs imported by the run's start
  };
  auto side = std::async(std::launch::async, [&] {
    data::Database other(db.path(), data::OpenMode::must_exist, db.key());
    return Stored{data::Runs(other).integrity(run_id),
                  data::refs_imported_by(other, run.vacancy, run.started_at)};
  });
  data::ResultsDigest stored_rows;
  std::vector<std::string> rows_problems;
  auto const finish = [&](Stored const& stored) {
    auto first = stored.integrity.problems;
    first.insert(first.end(), rows_problems.begin(), rows_problems.end());
    report.differences.insert(report.differences.begin(), first.begin(), first.end());
    if (report.differences.size() > most_differences) report.differences.resize(most_differences);
    report.difference_count += first.size();
    return report;
  };
  report.ledger = data::check_ledger(db);
  for (auto const& problem : report.ledger.problems)
    differ(problem);
  report.anchors = anchors.size();
  for (auto const& problem : data::check_anchors(db, anchor_file, anchors))
    differ(problem);

  // 2. Recompute every result from the inputs the run read.
  // Format 1 stored the evidence text, which is compared too; format 2 stores none.
  bool const with_evidence = run.record_format == 1;
  auto const spec = runs.specification(run_id);
  RunRecomputation again(spec, run, with_evidence);
  auto const& vacancy = again.vacancy;

  // Field by field, where a recomputed result differs from the stored one.
  auto report_differences = [&](data::StoredResult const& full, Evaluated const& e) {
    auto compare = [&](std::string const& what, std::string const& was, std::string const& now) {
      if (was != now)
        differ(fmt::format("{}: {} stored as {}, recomputed as {}", full.ref, what, was, now));
    };
    auto const& r = e.result;
    // A stored verdict is before ranking: the shortlisted were stored as eligible.
    auto const stored_verdict =
        full.verdict == engine::Verdict::shortlisted ? engine::Verdict::eligible : full.verdict;
    compare("verdict", engine::to_string(stored_verdict), engine::to_string(r.verdict));
    compare("score", rules::format_number(full.score), rules::format_number(r.score));
    std::map<std::string, data::CriterionRecord const*> was;
    for (auto const& c : full.criteria)
      was[c.criterion] = &c;
    std::vector<std::string> disagree;
    for (std::size_t i = 0; i < vacancy.criteria.size(); ++i) {
      auto const& id = vacancy.criteria[i].id;
      auto const& now = r.criteria[i];
      if (now.disagree) disagree.push_back(id);
      auto const found = was.find(id);
      if (now.outcome == engine::Outcome::not_assessed) {
        if (found != was.end())
          differ(fmt::format("{}: an outcome is stored for {}, which the run does not assess",
                             full.ref, id));
        continue;
      }
      auto const recomputed = describe(now.outcome, now.evidence, now.contribution);
      if (found == was.end())
        differ(fmt::format("{}: {} has no stored outcome, recomputed as {}", full.ref, id,
                           recomputed));
      else
        compare(id,
                describe(found->second->outcome, found->second->evidence, found->second->points),
                recomputed);
    }
    // The flags raised or unchecked, and who disagrees (format 1 kept the moderation texts).
    std::string stored_flags, recomputed_flags;
    for (auto const& f : full.flags)
      stored_flags += fmt::format("{}={} ({}); ", f.flag, engine::to_string(f.state), f.evidence);
    for (std::size_t i = 0; i < vacancy.flags.size(); ++i) {
      auto const outcome = r.flags[i].outcome;
      if (outcome == engine::Outcome::met || outcome == engine::Outcome::unknown)
        recomputed_flags += fmt::format(
            "{}={} ({}); ", vacancy.flags[i].id,
            engine::to_string(outcome == engine::Outcome::met ? engine::FlagState::raised
                                                              : engine::FlagState::unknown),
            r.flags[i].evidence);
    }
    compare("flags", stored_flags, recomputed_flags);
    compare("moderation", fmt::format("{}", fmt::join(full.moderation, "; ")),
            fmt::format("{}", fmt::join(with_evidence ? r.moderation : disagree, "; ")));
  };
  std::vector<engine::Standing> standings;
  // Both in ref order, as the results are read: looked up by binary search.
  struct Placed {
    std::string ref;
    int rank;
    bool shortlisted;
  };
  std::vector<Placed> stored_placing;
  std::vector<std::string> refs;
  auto const erasures = data::Applications(db).erased_applicants(run.vacancy);
  std::map<std::pair<std::string, std::string>, std::size_t> erased;  // (date, by) -> applicants
  data::InputsDigest inputs;
  report.inputs_hashed = !run.inputs_sha256.empty();
  // Results are recomputed a chunk at a time on every core while the next chunk is read, then
  // checked one by one in ref order, as they were read (so the differences come in the same
  // order whatever the cores).
  struct Pending {
    data::StoredResult stored;
    data::RecordedInputs read;
    Evaluated recomputed;
    std::string cannot;   // why it could not be recomputed
    bool edited = false;  // data::facts_edited, found on every core
    std::string digest;   // data::stored_digest, found on every core
  };
  struct Chunk {
    std::vector<Pending> rows{verify_chunk};
    std::size_t size = 0;
  };
  Chunk chunks[2];
  Chunk* filling = &chunks[0];
  Chunk* computed = &chunks[1];  // its recomputation runs in `computing`
  std::future<void> computing;
  int const threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<RowEvaluator> more;  // beside again.rows, one per further thread
  for (int i = 1; i < threads; ++i)
    more.emplace_back(spec, vacancy, again.evaluator);
  auto const evaluator_of = [&](std::size_t part) -> RowEvaluator& {
    return part == 0 ? again.rows : more[part - 1];
  };
  auto const recomputable = [&](Pending const& p) {
    return p.read.found && !erasures.contains(p.stored.ref);
  };
  auto const check = [&](Pending const& p) {
    auto const& stored = p.stored;
    auto const& read = p.read;
    ++report.checked;
    stored_rows.add_result(p.digest);
    refs.push_back(stored.ref);
    if (stored.rank > 0)
      stored_placing.push_back(
          {stored.ref, stored.rank, stored.verdict == engine::Verdict::shortlisted});
    if (!read.found) {
      differ(
          fmt::format("{}: the application version the run read (id {}) is missing or belongs to "
                      "someone else",
                      stored.ref, stored.application_id));
      return;
    }
    for (auto const id : read.missing_score_rows)
      differ(fmt::format("{}: score row {} that the run read is missing", stored.ref, id));
    inputs.add(p.recomputed.inputs_line);
    // Erased since: what they wrote is gone, so their result stands on the run's hash.
    if (auto const found = erasures.find(stored.ref); found != erasures.end()) {
      ++erased[{found->second.at.substr(0, 10), found->second.by}];
      return;
    }
    if (p.edited)
      differ(
          fmt::format("{}: the application's facts were changed after it was imported "
                      "(they no longer match the hash recorded then)",
                      stored.ref));
    if (!p.cannot.empty()) {
      differ(fmt::format("{}: cannot recompute: {}", stored.ref, p.cannot));
      return;
    }
    auto const& e = p.recomputed;
    // The same row, to the byte, as the one stored: nothing more to compare (format 2). A row
    // that differs has its criteria decoded, from the bytes in hand, to say where.
    if (with_evidence) {
      report_differences(stored, e);
    } else if (!e.encoded.same_row(read.stored_row)) {
      auto whole = stored;
      data::decode_criteria(run, vacancy, read, whole);
      report_differences(whole, e);
      if (e.encoded.scores_read() != read.stored_row.scores_read())
        differ(
            fmt::format("{}: the score rows stored as read differ from those found", stored.ref));
    }
    standings.push_back(e.standing);
  };
  auto const recompute = [&](Chunk& c) {
    engine::parallel_for(c.size, threads,
                         [&](std::size_t part, std::size_t begin, std::size_t end) {
                           for (std::size_t i = begin; i < end; ++i) {
                             auto& p = c.rows[i];
                             p.digest = data::stored_digest(p.read);
                             p.cannot.clear();
                             p.edited = false;
                             if (!p.read.found) continue;
                             if (!recomputable(p)) {  // erased: its inputs line alone
                               data::InputsDigest::line_of(p.read.inputs, p.recomputed.inputs_line);
                               continue;
                             }
                             p.edited = data::facts_edited(p.read);
                             try {
                               evaluator_of(part).evaluate(p.read.inputs, p.recomputed);
                             } catch (data::Error const& error) {
                               p.cannot = error.what();
                             }
                           }
                         });
  };
  // Sets the chunk just read recomputing, then checks the one recomputed meanwhile as it runs:
  // the cores recompute while this thread checks and reads.
  auto const settle = [&] {
    if (computing.valid()) computing.get();
    std::swap(filling, computed);  // `computed`: the chunk just read; `filling`: to check
    if (computed->size > 0)
      computing = std::async(std::launch::async, [&, c = computed] { recompute(*c); });
    for (std::size_t i = 0; i < filling->size; ++i)
      check(filling->rows[i]);
    filling->size = 0;
  };
  try {
    data::each_recorded_input(
        db, run, vacancy, std::nullopt, again.rows.needs_statement(), with_evidence,
        [&](data::StoredResult& stored, data::RecordedInputs& read) {
          auto& p = filling->rows[filling->size];
          std::swap(p.stored, stored);  // kept without a copy; the reader refills the other
          std::swap(p.read, read);
          if (++filling->size == filling->rows.size()) settle();
        });
    settle();  // the last chunk read
    settle();  // and checked
  } catch (...) {
    if (computing.valid()) computing.wait();  // its workers use the chunks
    throw;
  }

  runs.fold_placings(run_id, stored_rows);
  if (stored_rows.hex() != run.results_sha256)
    rows_problems.push_back(
        fmt::format("run {}: the stored results do not match the run's hash (result or placing "
                    "rows were edited, added or deleted)",
                    run_id));
  if (report.checked != run.applicants)
    rows_problems.push_back(fmt::format("run {}: records {} applicants but holds {} results",
                                        run_id, run.applicants, report.checked));

  // 3. Applicants who had applied before the run but have no result: a deleted row. (A run
  // holds the write lock throughout, so no import commits while it reads.)
  auto const stored = side.get();
  // Both in ref order: one walk through the two, not a search for each.
  auto result = refs.begin();
  for (auto const& ref : stored.imported) {
    while (result != refs.end() && *result < ref)
      ++result;
    if (result == refs.end() || *result != ref)
      differ(fmt::format("{}: applied before the run but has no result in it", ref));
  }

  for (auto const& [when, count] : erased)
    report.erased.push_back({when.first, when.second, count});
  if (report.inputs_hashed && inputs.hex() != run.inputs_sha256)
    differ(
        fmt::format("run {}: the inputs it read (application versions, facts, score rows) "
                    "do not match the hash it recorded",
                    run_id));

  // 4. The ranking and shortlist, when every result could be recomputed (else the placings
  // stand on the run's hash, checked above).
  if (!erased.empty()) return finish(stored);
  engine::rank_and_shortlist(vacancy, standings);
  for (auto const& s : standings) {
    auto const at =
        std::lower_bound(stored_placing.begin(), stored_placing.end(), s.ref,
                         [](Placed const& p, std::string const& ref) { return p.ref < ref; });
    Placed const* const found = at != stored_placing.end() && at->ref == s.ref ? &*at : nullptr;
    bool const shortlisted = s.verdict == engine::Verdict::shortlisted;
    if (s.rank == 0) {
      if (found)
        differ(fmt::format("{}: stored as ranked {}, but is not eligible when recomputed", s.ref,
                           found->rank));
      continue;
    }
    if (!found) {
      differ(fmt::format("{}: recomputed rank {}, but the run stored no rank", s.ref, s.rank));
      continue;
    }
    if (found->rank != s.rank || found->shortlisted != shortlisted)
      differ(fmt::format("{}: stored rank {}{}, recomputed rank {}{}", s.ref, found->rank,
                         found->shortlisted ? " (shortlisted)" : "", s.rank,
                         shortlisted ? " (shortlisted)" : ""));
  }
  return finish(stored);
}

}  // namespace sift::screening
