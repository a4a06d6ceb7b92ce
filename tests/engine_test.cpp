// The engine: Kleene logic over missing evidence, built-in functions, evidence lines, verdicts,
// assessors' scores, stages, ranking and the shortlisting policy.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "sift/engine/evaluation.hpp"
#include "sift/engine/examples.hpp"
#include "sift/engine/parallel.hpp"
#include "sift/engine/shortlist.hpp"
#include "support.hpp"

using namespace sift;
using engine::Outcome;
using engine::Verdict;
using rules::Value;

namespace {

rules::Date const as_of = rules::make_date(2026, 11, 23);

// A specification with the given body inside its one vacancy; kept alive for the evaluator.
struct Fixture {
  rules::Specification spec;
  rules::Vacancy const& vacancy() const { return spec.vacancies.front(); }

  explicit Fixture(std::string const& body, std::string const& form = {}) {
    auto result = test::load_text("vacancy v \"V\" {\n" + body + "\n}\n", form);
    INFO(rules::render_all(result.diagnostics));
    REQUIRE(result.specification);
    spec = std::move(*result.specification);
  }

  engine::Application application(std::string ref,
                                  std::vector<std::pair<std::string, Value>> const& fields) const {
    engine::Application app{std::move(ref),
                            std::vector<Value>(spec.fields.size(), Value{rules::Unknown{}})};
    for (auto const& [name, value] : fields)
      app.fields[static_cast<std::size_t>(spec.field_index(name))] = value;
    return app;
  }

  engine::ApplicantResult evaluate(engine::Application const& app,
                                   engine::PanelScores const& scores = {}) const {
    engine::Evaluator const evaluator(vacancy(), {as_of, engine::Stage::sift});
    return evaluator.evaluate(app, scores);
  }
};

Value text_set(std::vector<std::string> const& words) {
  rules::Items items;
  for (auto const& w : words)
    items.push_back(Value{w});
  rules::normalise_set(items);
  return Value{std::move(items)};
}

Value spell(std::string const& start, std::optional<std::string> end, bool teaching = true) {
  return Value{rules::Items{Value{std::string("School")}, Value{teaching},
                            Value{*rules::parse_date(start)},
                            end ? Value{*rules::parse_date(*end)} : Value{rules::None{}}}};
}

Value const unknown{rules::Unknown{}};

}  // namespace

TEST_CASE("and, or and not follow Kleene's three-valued logic", "[engine][kleene]") {
  Fixture const f(R"(
  section "S" {
    essential both "Both" require qts and right_to_work
    essential either "Either" require qts or right_to_work
    essential neither "Not QTS" require not qts
  }
  shortlist top 3)");
  struct Case {
    Value qts, rtw;
    Outcome both, either, negated;
  };
  Value const yes{true}, no{false};
  std::vector<Case> const cases = {
      {yes, yes, Outcome::met, Outcome::met, Outcome::not_met},
      {yes, no, Outcome::not_met, Outcome::met, Outcome::not_met},
      {no, unknown, Outcome::not_met, Outcome::unknown, Outcome::met},
      {unknown, no, Outcome::not_met, Outcome::unknown, Outcome::unknown},
      {yes, unknown, Outcome::unknown, Outcome::met, Outcome::not_met},
      {unknown, yes, Outcome::unknown, Outcome::met, Outcome::unknown},
      {unknown, unknown, Outcome::unknown, Outcome::unknown, Outcome::unknown},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO("case " << i);
    auto const r =
        f.evaluate(f.application("A1", {{"qts", cases[i].qts}, {"right_to_work", cases[i].rtw}}));
    CHECK(r.criteria[0].outcome == cases[i].both);
    CHECK(r.criteria[1].outcome == cases[i].either);
    CHECK(r.criteria[2].outcome == cases[i].negated);
  }
}

TEST_CASE("verdicts: an essential not met excludes, an unknown one needs review",
          "[engine][verdict]") {
  Fixture const f(R"(
  section "S" {
    essential qts "QTS" require qts
    essential ks4 "KS4" require "KS4" in key_stages
    desirable physics "Physics" weight 2 require "physics" in subjects
  }
  shortlist top 3)");
  auto const excluded =
      f.evaluate(f.application("A1", {{"qts", Value{false}}, {"key_stages", text_set({"KS4"})}}));
  CHECK(excluded.verdict == Verdict::excluded);
  auto const review = f.evaluate(f.application("A2", {{"qts", Value{true}}}));
  CHECK(review.verdict == Verdict::needs_review);
  CHECK(review.criteria[1].evidence == "key_stages is missing");
  auto const eligible = f.evaluate(f.application("A3", {{"qts", Value{true}},
                                                        {"key_stages", text_set({"KS3", "KS4"})},
                                                        {"subjects", text_set({"physics"})}}));
  CHECK(eligible.verdict == Verdict::eligible);
  CHECK(eligible.score == 2);
  // Excluded wins over unknown: a failed essential is decisive whatever else is missing.
  auto const both = f.evaluate(f.application("A4", {{"qts", Value{false}}}));
  CHECK(both.verdict == Verdict::excluded);
}

TEST_CASE("evidence shows the values that decided a criterion", "[engine][evidence]") {
  Fixture const f(R"(
  let science = {"biology", "chemistry", "physics"}
  section "S" {
    essential second "Second science"
      require count(subjects & science) >= 2 and "KS4" in key_stages
  }
  shortlist top 3)");
  auto const r = f.evaluate(f.application("A1", {{"subjects", text_set({"biology", "history"})},
                                                 {"key_stages", text_set({"KS3", "KS4"})}}));
  CHECK(r.criteria[0].outcome == Outcome::not_met);
  CHECK(r.criteria[0].evidence == "count(subjects & science) = 1, needs >= 2");
  auto const r2 = f.evaluate(f.application(
      "A2", {{"subjects", text_set({"biology", "physics"})}, {"key_stages", text_set({"KS3"})}}));
  CHECK(r2.criteria[0].evidence == "key_stages = [KS3]");
}

TEST_CASE("evidence says each value once", "[engine][evidence]") {
  Fixture const f(R"(
  section "S" {
    essential stages "Key stages"
      require "KS3" in key_stages and count(subjects) >= 1 and "KS4" in key_stages
  }
  shortlist top 3)");
  auto const r = f.evaluate(f.application("A1", {{"subjects", text_set({"biology", "physics"})},
                                                 {"key_stages", text_set({"KS3", "KS4"})}}));
  CHECK(r.criteria[0].outcome == Outcome::met);
  CHECK(r.criteria[0].evidence == "key_stages = [KS3, KS4]; count(subjects) = 2");
}

TEST_CASE("evidence never shows a value on the wrong side of the rule it failed",
          "[engine][evidence]") {
  Fixture const f(R"(
  section "S" {
    essential two_years "Two years" require years(employment) >= 2
    essential short_gaps "No long gap" require longest_gap(employment) <= 3 months
    desirable per_subject "Per subject" require count(key_stages) / count(subjects) > 1
  }
  shortlist top 3)");
  // 730 days to the as-of date: 1.9986 years, shown to two places as 2.
  auto const r = f.evaluate(
      f.application("A1", {{"employment", Value{rules::Items{spell("2024-11-23", std::nullopt)}}},
                           {"key_stages", text_set({"KS3"})},
                           {"subjects", Value{rules::Items{}}}}));
  CHECK(r.criteria[0].outcome == Outcome::not_met);
  CHECK(r.criteria[0].evidence == "years(employment) = 1.999, needs >= 2");
  // A post that ended 92 days before the as-of date: 3.02 months, shown to a tenth as 3.
  auto const g = f.evaluate(f.application(
      "A2", {{"employment", Value{rules::Items{spell("2020-01-01", "2026-08-22")}}}}));
  CHECK(g.criteria[1].outcome == Outcome::not_met);
  CHECK(g.criteria[1].evidence == "longest_gap(employment) = 3.02 months, needs <= 3 months");
  // Dividing by zero is said as such, not as a missing answer.
  CHECK(r.criteria[2].outcome == Outcome::unknown);
  CHECK(r.criteria[2].evidence ==
        "count(key_stages) / count(subjects) cannot be worked out: it divides by zero "
        "(count(subjects) = 0), needs > 1");
  // Values well away from the boundary keep their usual two places.
  auto const far = f.evaluate(f.application(
      "A3", {{"employment", Value{rules::Items{spell("2023-01-01", std::nullopt)}}}}));
  CHECK(far.criteria[0].evidence.starts_with("years(employment) = 3.89"));
}

TEST_CASE("text contains ignores case in every script, and how an accent was typed",
          "[engine][text]") {
  auto const loaded = test::load_text(R"(vacancy v "V" {
  section "S" {
    desirable named "Named" require statement contains "siobhán"
    desirable street "Street" require statement contains "STRASSE"
    desirable greek "Greek" require statement contains "σοφία"
  }
  shortlist top 1
})",
                                      "field statement: text\n");
  INFO(rules::render_all(loaded.diagnostics));
  REQUIRE(loaded.specification);
  auto const& s = *loaded.specification;
  engine::Evaluator const evaluator(s.vacancies.front(), {as_of, engine::Stage::sift});
  auto outcomes = [&](std::string const& statement) {
    engine::Application app{"A", {Value{statement}}};
    auto const r = evaluator.evaluate(app, engine::PanelScores(3));
    return std::vector<Outcome>{r.criteria[0].outcome, r.criteria[1].outcome,
                                r.criteria[2].outcome};
  };
  // Capitals with an accent; an accent typed as a separate mark; sharp s; Greek capitals.
  CHECK(outcomes("I am SIOBH\u00c1N, I live on Hauptstra\u00dfe, I teach "
                 "\u03a3\u039f\u03a6\u0399\u0391") ==
        std::vector<Outcome>{Outcome::met, Outcome::met, Outcome::not_met});
  CHECK(outcomes("Siobha\u0301n") ==
        std::vector<Outcome>{Outcome::met, Outcome::not_met, Outcome::not_met});
  CHECK(outcomes("\u03a3\u039f\u03a6\u038a\u0391") ==
        std::vector<Outcome>{Outcome::not_met, Outcome::not_met, Outcome::met});
}

TEST_CASE("none is an answer: is missing, is known, is none and is not none tell them apart",
          "[engine][none]") {
  auto const loaded = test::load_text(R"(vacancy v "V" {
  section "S" {
    desirable a "Missing" require tlr is missing
    desirable b "Known" require tlr is known
    desirable c "None" require tlr is none
    desirable d "Not none" require tlr is not none
    desirable e "Compared" require tlr = "TLR2b"
  }
  shortlist top 1
})",
                                      "field tlr: optional text\n");
  INFO(rules::render_all(loaded.diagnostics));
  REQUIRE(loaded.specification);
  engine::Evaluator const evaluator(loaded.specification->vacancies.front(),
                                    {as_of, engine::Stage::sift});
  auto run = [&](Value tlr) {
    auto const r = evaluator.evaluate({"A", {std::move(tlr)}}, engine::PanelScores(5));
    std::vector<Outcome> out;
    for (auto const& c : r.criteria)
      out.push_back(c.outcome);
    return std::make_pair(out, r.criteria[4].evidence);
  };
  // Not answered (the key absent): missing, and whether it is none is not known.
  auto const unanswered = run(Value{rules::Unknown{}});
  CHECK(unanswered.first == std::vector<Outcome>{Outcome::met, Outcome::not_met, Outcome::unknown,
                                                 Outcome::unknown, Outcome::unknown});
  CHECK(unanswered.second == "tlr is missing, needs = \"TLR2b\"");
  // Answered none (null for an optional field): known, and none.
  auto const none = run(Value{rules::None{}});
  CHECK(none.first == std::vector<Outcome>{Outcome::not_met, Outcome::met, Outcome::met,
                                           Outcome::not_met, Outcome::unknown});
  CHECK(none.second == "tlr = none, needs = \"TLR2b\"");
  // Answered with a value.
  auto const given = run(Value{std::string("TLR2b")});
  CHECK(given.first == std::vector<Outcome>{Outcome::not_met, Outcome::met, Outcome::not_met,
                                            Outcome::met, Outcome::met});
}

TEST_CASE("explained breaks close gaps, and unknown breaks bound the gap instead of hiding it",
          "[engine][dates]") {
  Fixture const f(R"(
  section "S" {
    essential short_gaps "No unexplained gap" require longest_gap(employment, breaks) <= 3 months
  }
  flag gap "Gap" when longest_gap(employment, breaks) > 3 months
  shortlist top 3)");
  auto const break_of = [](std::string const& start, std::optional<std::string> end) {
    return Value{rules::Items{Value{*rules::parse_date(start)},
                              end ? Value{*rules::parse_date(*end)} : Value{rules::None{}},
                              Value{std::string("Caring")}}};
  };
  // Employment with a two-year gap (2019-04-01 to 2021-08-31), and one with none.
  auto const gapped =
      Value{rules::Items{spell("2010-09-01", "2019-03-31"), spell("2021-09-01", std::nullopt)}};
  auto const steady = Value{rules::Items{spell("2010-09-01", std::nullopt)}};
  struct Case {
    std::string what;
    Value employment;
    Value breaks;
    Outcome flag;
    std::string evidence;
  };
  std::vector<Case> const cases = {
      {"the caring break explains the whole gap", gapped,
       Value{rules::Items{break_of("2019-03-01", "2021-09-30")}}, Outcome::not_met,
       "longest_gap(employment, breaks) = 0 days, needs > 3 months"},
      {"a break that explains half the gap leaves the rest", gapped,
       Value{rules::Items{break_of("2019-04-01", "2020-08-31")}}, Outcome::met,
       "longest_gap(employment, breaks) = 12 months"},
      {"no breaks declared: the gap stands", gapped, Value{rules::Items{}}, Outcome::met,
       "longest_gap(employment, breaks) = 2.4 years"},
      {"breaks not answered, with a gap: it may or may not be explained", gapped, unknown,
       Outcome::unknown,
       "longest_gap(employment, breaks) is at most 2.4 years (the explained breaks are not "
       "known), needs > 3 months"},
      {"breaks not answered, without a gap: no gap whatever they say", steady, unknown,
       Outcome::not_met, "longest_gap(employment, breaks) = 0 days, needs > 3 months"},
      {"a break whose start is missing counts as unknown breaks", gapped,
       Value{rules::Items{Value{rules::Items{unknown, Value{rules::None{}}, unknown}}}},
       Outcome::unknown,
       "longest_gap(employment, breaks) is at most 2.4 years (the explained breaks are not "
       "known), needs > 3 months"},
      {"a break that goes on to the as-of date explains a current gap",
       Value{rules::Items{spell("2010-09-01", "2024-08-31")}},
       Value{rules::Items{break_of("2024-09-01", std::nullopt)}}, Outcome::not_met,
       "longest_gap(employment, breaks) = 0 days, needs > 3 months"},
      {"employment not answered: unknown, whatever the breaks", unknown, Value{rules::Items{}},
       Outcome::unknown, "longest_gap(employment, breaks) is missing, needs > 3 months"},
  };
  for (auto const& c : cases) {
    INFO(c.what);
    auto const r =
        f.evaluate(f.application("A1", {{"employment", c.employment}, {"breaks", c.breaks}}));
    CHECK(r.flags[0].outcome == c.flag);
    CHECK(r.flags[0].evidence == c.evidence);
    // The criterion is the flag's negation, in all three values.
    auto const negated = c.flag == Outcome::met       ? Outcome::not_met
                         : c.flag == Outcome::not_met ? Outcome::met
                                                      : Outcome::unknown;
    CHECK(r.criteria[0].outcome == negated);
  }
}

TEST_CASE("a date given only to the month or year decides a rule only when all its days agree",
          "[engine][dates]") {
  Fixture const f(R"(
  section "S" {
    desirable by_2016 "Before 2016" require submitted <= 2016-01-01
    desirable by_mid_2015 "By mid 2015" require submitted <= 2015-06-30
    desirable before_2015 "Before 2015" require submitted < 2015-01-01
    desirable five "Five years" require years(employment) >= 5
    desirable four "Four years" require years(employment) >= 4
  }
  flag gap "Gap" when longest_gap(employment) > 3 months
  shortlist top 3)",
                  "field submitted: date\n"
                  "field employment: list of {employer: text, teaching: bool, start: date, "
                  "end: optional date}\n");
  auto const partial = [](char const* text) { return Value{*rules::parse_partial_date(text)}; };
  auto const spell_of = [](Value start, Value end) {
    return Value{
        rules::Items{Value{std::string("School")}, Value{true}, std::move(start), std::move(end)}};
  };
  // Submitted some day in 2015; five years from some day in September 2014 to some day in
  // August 2019 (4.92 to 4.99 years), then a new post from some day in November 2019.
  auto const r = f.evaluate(f.application(
      "A1",
      {{"submitted", partial("2015")},
       {"employment", Value{rules::Items{spell_of(partial("2014-09"), partial("2019-08")),
                                         spell_of(partial("2019-11"), partial("2020-06"))}}}}));
  CHECK(r.criteria[0].outcome == Outcome::met);      // every day of 2015 is before 2016
  CHECK(r.criteria[1].outcome == Outcome::unknown);  // some are, some are not
  CHECK(r.criteria[2].outcome == Outcome::not_met);  // none is
  CHECK(r.criteria[1].evidence == "submitted = 2015, needs <= 2015-06-30");
  CHECK(r.criteria[3].outcome == Outcome::met);  // 4.92 + 0.58 or more: over five years
  CHECK(r.criteria[4].outcome == Outcome::met);
  // Between August and November 2019: a gap of one to four months, and six years since June
  // 2020 ... the time since the last post ended decides.
  CHECK(r.flags[0].outcome == Outcome::met);
  // Alone, the first spell is 4.84 to just under 5 years: never five, whichever days they were,
  // and the evidence does not round the range up to 5.
  auto const one = f.evaluate(f.application(
      "A2",
      {{"employment", Value{rules::Items{spell_of(partial("2014-09"), partial("2019-08"))}}}}));
  CHECK(one.criteria[3].outcome == Outcome::not_met);
  CHECK(one.criteria[3].evidence ==
        "years(employment) is 4.84 to 4.999 (dates given only to the month or year), needs >= 5");
  CHECK(one.criteria[4].outcome == Outcome::met);
  // To September 2019 instead: 4.92 to 5.08 years, so five years is unknown.
  auto const longer = f.evaluate(f.application(
      "A4",
      {{"employment", Value{rules::Items{spell_of(partial("2014-09"), partial("2019-09"))}}}}));
  CHECK(longer.criteria[3].outcome == Outcome::unknown);
  // Two posts a month apart, given to the month: a gap of at most two months, never a flag.
  auto const close = f.evaluate(f.application(
      "A3",
      {{"employment", Value{rules::Items{spell_of(partial("2014-09"), partial("2019-08")),
                                         spell_of(partial("2019-09"), Value{rules::None{}})}}}}));
  CHECK(close.flags[0].outcome == Outcome::not_met);
}

TEST_CASE("years of employment count overlaps once and run to the as-of date", "[engine][dates]") {
  Fixture const f(R"(
  section "S" {
    desirable five "Five years" require years(employment where teaching) >= 5
    desirable four "Four years" require years(employment where teaching) >= 4
  }
  flag gap "Gap" when longest_gap(employment) > 3 months
  shortlist top 3)");
  // 2020-09-01..2023-08-31 and an overlapping 2023-01-01..now: about 6.2 years in all.
  auto const overlapping =
      Value{rules::Items{spell("2020-09-01", "2023-08-31"), spell("2023-01-01", std::nullopt)}};
  auto const r = f.evaluate(f.application("A1", {{"employment", overlapping}}));
  CHECK(r.criteria[0].outcome == Outcome::met);
  CHECK(r.flags[0].outcome == Outcome::not_met);
  // Two three-year spells separated by a year; the overlapping tutoring job is not teaching.
  auto const gapped =
      Value{rules::Items{spell("2018-09-01", "2021-08-31"), spell("2022-09-01", std::nullopt),
                         spell("2019-01-01", "2019-06-30", false)}};
  auto const g = f.evaluate(f.application("A2", {{"employment", gapped}}));
  CHECK(g.criteria[0].outcome == Outcome::met);  // 3 + 4.2 years
  CHECK(g.flags[0].outcome == Outcome::met);
  CHECK(g.flags[0].evidence == "longest_gap(employment) = 12 months");
  // A spell whose start date is missing makes the total unknown, never zero.
  auto const partial = Value{rules::Items{Value{
      rules::Items{Value{std::string("School")}, Value{true}, unknown, Value{rules::None{}}}}}};
  auto const u = f.evaluate(f.application("A3", {{"employment", partial}}));
  CHECK(u.criteria[0].outcome == Outcome::unknown);
}

TEST_CASE("assessors' scores combine, go unknown when one is missing, and flag disagreement",
          "[engine][scores]") {
  Fixture const f(R"(
  section "S" {
    essential knowledge "Knowledge" scored by assessors at least 2
    essential manner "Manner" scored by assessors at least 2 combined by minimum disagreement at 1
    desirable lead "Leadership" weight 3 scored by assessors at least 2 combined by median
  }
  shortlist top 3)");
  auto const app = f.application("A1", {});
  engine::PanelScores scores(3);
  scores[0] = {{"panel-1", 3}, {"panel-2", 0}};
  scores[1] = {{"panel-1", 2}, {"panel-2", 3}};
  scores[2] = {{"panel-1", 2}, {"panel-2", 3}, {"panel-3", 3}};
  auto const r = f.evaluate(app, scores);
  CHECK(r.criteria[0].outcome == Outcome::not_met);
  CHECK(r.criteria[0].evidence == "mean of 2 assessors = 1.5, needs >= 2");
  CHECK(r.criteria[1].outcome == Outcome::met);
  CHECK(r.criteria[1].evidence == "minimum of 2 assessors = 2");
  CHECK(r.criteria[2].contribution == 3);  // median 3 of 3 -> the full weight
  REQUIRE(r.moderation.size() == 2);
  CHECK(r.moderation[0] == "knowledge: panel-1 gave 3, panel-2 gave 0");
  CHECK(r.moderation[1] == "manner: panel-1 gave 2, panel-2 gave 3");

  scores[0] = {{"panel-1", 3}, {"panel-2", std::nullopt}};
  auto const missing = f.evaluate(app, scores);
  CHECK(missing.criteria[0].outcome == Outcome::unknown);
  CHECK(missing.criteria[0].evidence == "no score yet from panel-2");
  CHECK(missing.verdict == Verdict::needs_review);
}

TEST_CASE("criteria assessed only at interview are not assessed at the sift", "[engine][stage]") {
  Fixture const f(R"(
  section "S" {
    essential qts "QTS" require qts
    essential manner "Manner" evidence interview, references
    desirable lesson "Lesson" evidence task
    desirable physics "Physics" require "physics" in subjects
  }
  shortlist top 3)");
  engine::Evaluator const evaluator(f.vacancy(), {as_of, engine::Stage::sift});
  CHECK(evaluator.max_score() == 1);
  auto const r = evaluator.evaluate(
      f.application("A1", {{"qts", Value{true}}, {"subjects", text_set({"physics"})}}), {});
  CHECK(r.criteria[1].outcome == Outcome::not_assessed);
  CHECK(r.criteria[2].outcome == Outcome::not_assessed);
  CHECK(r.verdict ==
        Verdict::eligible);  // the interview-only essential never makes it "needs review"
}

namespace {

std::vector<engine::ApplicantResult> shortlist_of(
    std::string const& policy, std::vector<std::pair<std::string, double>> const& people) {
  Fixture const f(R"(
  section "S" {
    essential qts "QTS" require qts
    desirable a "A" weight 1 require "a" in subjects
    desirable b "B" weight 2 require "b" in subjects
    desirable c "C" weight 4 require "c" in subjects
  }
  )" + policy);
  std::vector<engine::ApplicantResult> results;
  for (auto const& [ref, score] : people) {
    std::vector<std::string> subjects;
    int points = static_cast<int>(score);
    if (points & 1) subjects.push_back("a");
    if (points & 2) subjects.push_back("b");
    if (points & 4) subjects.push_back("c");
    results.push_back(
        f.evaluate(f.application(ref, {{"qts", Value{true}}, {"subjects", text_set(subjects)}})));
  }
  engine::rank_and_shortlist(f.vacancy(), results);
  return results;
}

std::vector<std::string> shortlisted(std::vector<engine::ApplicantResult> const& results) {
  std::vector<std::string> refs;
  for (auto const& r : results)
    if (r.verdict == Verdict::shortlisted) refs.push_back(r.ref);
  std::sort(refs.begin(), refs.end());
  return refs;
}

}  // namespace

TEST_CASE("ranking is total: score, then tie-break criteria, then ref", "[engine][rank]") {
  auto const results =
      shortlist_of("shortlist top 10 tie break by c", {{"R3", 4}, {"R1", 4}, {"R2", 7}, {"R4", 3}});
  std::map<std::string, int> rank;
  for (auto const& r : results)
    rank[r.ref] = r.rank;
  CHECK(rank["R2"] == 1);
  CHECK(rank["R1"] == 2);  // level with R3 on score and on c: the ref decides
  CHECK(rank["R3"] == 3);
  CHECK(rank["R4"] == 4);
}

TEST_CASE("ties at the cut-off are all in, or all out, as the policy says", "[engine][rank]") {
  std::vector<std::pair<std::string, double>> const people = {
      {"A", 7}, {"B", 6}, {"C", 3}, {"D", 3}, {"E", 1}};
  CHECK(shortlisted(shortlist_of("shortlist top 3 ties included", people)) ==
        std::vector<std::string>{"A", "B", "C", "D"});
  CHECK(shortlisted(shortlist_of("shortlist top 3 ties excluded", people)) ==
        std::vector<std::string>{"A", "B"});
  CHECK(shortlisted(shortlist_of("shortlist top 2 ties excluded", people)) ==
        std::vector<std::string>{"A", "B"});
  CHECK(shortlisted(shortlist_of("shortlist top 10 minimum score 3", people)) ==
        std::vector<std::string>{"A", "B", "C", "D"});
}

TEST_CASE("a tie-break criterion separates applicants level on score", "[engine][rank]") {
  Fixture const f(R"(
  section "S" {
    desirable a "A" weight 4 require "a" in subjects
    desirable b "B" weight 4 require "b" in subjects
  }
  shortlist top 1 ties included tie break by b)");
  std::vector<engine::ApplicantResult> results = {
      f.evaluate(f.application("X", {{"subjects", text_set({"a"})}})),
      f.evaluate(f.application("Y", {{"subjects", text_set({"b"})}}))};
  engine::rank_and_shortlist(f.vacancy(), results);
  CHECK(shortlisted(results) == std::vector<std::string>{"Y"});
}

TEST_CASE("ranking is the same in whatever order the applicants come, by score, tie values, ref",
          "[engine][rank]") {
  Fixture const f(R"(
  section "S" {
    desirable a "A" weight 1 require "a" in subjects
  }
  shortlist top 7 ties included)");
  std::mt19937 random(16);
  for (int round = 0; round < 200; ++round) {
    // Few scores and tie values: most applicants are level with others on something.
    std::vector<engine::Standing> in_ref_order;
    int const people = 1 + static_cast<int>(random() % 60);
    for (int i = 0; i < people; ++i) {
      engine::Standing s;
      s.ref = "R" + std::to_string(1000 + i);
      s.verdict = random() % 4 == 0 ? Verdict::excluded : Verdict::eligible;
      s.score = static_cast<double>(random() % 4);
      for (int t = 0; t < 2; ++t)
        s.tie_points.push_back(static_cast<double>(random() % 3));
      in_ref_order.push_back(s);
    }
    auto shuffled = in_ref_order;
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    engine::rank_and_shortlist(f.vacancy(), in_ref_order);
    engine::rank_and_shortlist(f.vacancy(), shuffled);
    std::map<std::string, std::pair<int, Verdict>> placed;
    for (auto const& s : shuffled)
      placed[s.ref] = {s.rank, s.verdict};
    std::vector<engine::Standing const*> ranked;
    for (auto const& s : in_ref_order) {
      INFO("round " << round << ", " << s.ref);
      CHECK(placed[s.ref] == std::pair{s.rank, s.verdict});
      CHECK((s.rank == 0) == (s.verdict == Verdict::excluded));
      if (s.rank > 0) ranked.push_back(&s);
    }
    std::sort(ranked.begin(), ranked.end(), [](auto* a, auto* b) { return a->rank < b->rank; });
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      INFO("round " << round << ", rank " << i + 1);
      CHECK(ranked[i]->rank == static_cast<int>(i + 1));
      if (i == 0) continue;
      auto const* a = ranked[i - 1];
      auto const* b = ranked[i];
      bool const in_order = a->score != b->score             ? a->score > b->score
                            : a->tie_points != b->tie_points ? a->tie_points > b->tie_points
                                                             : a->ref < b->ref;
      CHECK(in_order);
    }
  }
}

TEST_CASE("parallel_for covers every index once in small blocks, names the thread, and rethrows",
          "[engine][parallel]") {
  for (int threads : {1, 2, 4, 7}) {
    for (std::size_t count :
         {std::size_t{0}, std::size_t{1}, std::size_t{3}, engine::parallel_block,
          engine::parallel_block + 1, std::size_t{1000}}) {
      INFO("threads " << threads << ", count " << count);
      std::vector<std::atomic<int>> seen(count);
      std::mutex guard;
      std::set<std::thread::id> ids;
      std::map<std::size_t, std::thread::id> thread_of_part;
      bool part_kept_its_thread = true;
      bool blocks_small = true;
      engine::parallel_for(
          count, threads, [&](std::size_t part, std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i)
              ++seen[i];
            std::lock_guard lock(guard);
            blocks_small = blocks_small && begin < end && end - begin <= engine::parallel_block &&
                           part < static_cast<std::size_t>(threads);
            auto const id = std::this_thread::get_id();
            auto const at = thread_of_part.emplace(part, id).first;
            part_kept_its_thread = part_kept_its_thread && at->second == id;
            ids.insert(id);
          });
      CHECK(std::all_of(seen.begin(), seen.end(), [](auto const& n) { return n == 1; }));
      CHECK(blocks_small);
      // One thread per part: a part's scratch state is never used by two threads at once.
      CHECK(part_kept_its_thread);
      CHECK(ids.size() == thread_of_part.size());
    }
  }
  CHECK_THROWS_WITH(engine::parallel_for(1000, 3,
                                         [](std::size_t, std::size_t begin, std::size_t end) {
                                           if (begin <= 500 && 500 < end)
                                             throw std::runtime_error("the block of 500 failed");
                                         }),
                    "the block of 500 failed");
}

TEST_CASE("an example can answer none, apart from not answering", "[engine][none]") {
  auto const loaded = test::load_text(R"(vacancy v "V" {
  section "S" {
    essential has "Has a TLR" require tlr is not none
  }
  shortlist top 1
  example "said no TLR" {
    tlr = none
    expect excluded
  }
  example "did not say" {
    expect needs review
  }
  example "has one" {
    tlr = "TLR2b"
    expect eligible
  }
})",
                                      "field tlr: optional text\n");
  INFO(rules::render_all(loaded.diagnostics));
  REQUIRE(loaded.specification);
  auto const outcomes = engine::run_examples(*loaded.specification, as_of);
  REQUIRE(outcomes.size() == 3);
  for (auto const& o : outcomes) {
    INFO(o.example->title);
    CHECK(o.passed);
  }
}
