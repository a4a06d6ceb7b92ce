// Soundness under Kleene logic, as a property: whenever Sift gives a definite answer while some
// inputs are missing, every way of filling in the missing inputs gives that same answer.
//
// Random applications over a small universe of values have random elements (and numbers)
// replaced by missing ones; each criterion's outcome with the gaps is compared with its outcome
// under every completion, enumerated exhaustively. The criteria cover the collection operators
// (&, |, -), count and comparisons with it, membership, contains all/any, equality of
// collections, quantifiers, where, and and/or/not around them.
#include <catch2/catch.hpp>
#include <random>

#include "sift/engine/evaluation.hpp"
#include "support.hpp"

using namespace sift;
using engine::Outcome;
using rules::Value;

namespace {

std::vector<std::string> const universe{"a", "b", "c"};

std::string const form = R"(field xs: set of text
field ys: set of text
field zs: list of text
field n: number
)";

// Each line a condition over the fields; every one becomes a criterion.
std::vector<std::string> const conditions{
    "count(xs & ys) >= 1",
    "count(xs & ys) >= 2",
    "count(xs & ys) < 2",
    "count(xs & ys) = 1",
    "count(xs | ys) >= 3",
    "count(xs | ys) <= 2",
    "count(xs - ys) = 0",
    "count(xs - ys) > 1",
    "count(xs) >= 2",
    "count(xs) != 2",
    "count(zs) >= 2",
    "count(xs & ys) >= n",
    "n <= count(xs | ys)",
    "count(xs & {\"a\", \"b\"}) >= 2",
    "\"a\" in (xs & ys)",
    "\"b\" in (xs - ys)",
    "\"c\" in (xs | ys)",
    "\"a\" not in xs",
    "\"b\" in zs",
    "xs contains all of ys",
    "xs contains any of ys",
    "(xs | ys) contains all of {\"a\", \"b\"}",
    "(xs - ys) contains any of {\"b\", \"c\"}",
    "xs = ys",
    "xs != {\"a\"}",
    "any q in xs satisfies q = \"a\"",
    "all q in ys satisfy q != \"c\"",
    "count(zs where it = \"a\") >= 1",
    "count(xs & ys) >= 1 and not (\"c\" in ys)",
    "count(xs - ys) = 0 or n > 1",
};

struct Slot {
  std::string field;
  std::size_t element;  // for a collection: which element; numbers use 0
};

// A collection field's value with some elements missing; `set` normalises it as a set.
Value collection(std::vector<std::optional<std::string>> const& elements, bool set) {
  rules::Items items;
  for (auto const& e : elements)
    items.push_back(e ? Value{*e} : Value{rules::Unknown{}});
  if (set) rules::normalise_set(items);
  return Value{std::move(items)};
}

}  // namespace

TEST_CASE("every definite answer agrees with every way of filling in what is missing",
          "[engine][kleene][property]") {
  std::string spec = "vacancy v \"V\" {\n  section \"S\" {\n";
  for (std::size_t i = 0; i < conditions.size(); ++i)
    spec += "    desirable c" + std::to_string(i) + " \"C\"\n      require " + conditions[i] + "\n";
  spec += "  }\n  shortlist top 1\n}\n";
  auto const loaded = test::load_text(spec, form);
  INFO(rules::render_all(loaded.diagnostics));
  REQUIRE(loaded.specification);
  auto const& s = *loaded.specification;
  auto const& vacancy = s.vacancies.front();
  engine::Evaluator const evaluator(vacancy, {rules::make_date(2026, 11, 23), engine::Stage::sift});
  engine::PanelScores const no_scores(vacancy.criteria.size());

  std::mt19937 random(20261127);
  std::size_t definite = 0, checked_completions = 0;
  int const trials = 1500;
  for (int trial = 0; trial < trials; ++trial) {
    // Each field: up to three elements drawn from the universe, each missing with some chance;
    // at most four gaps in all, so that completions can be enumerated.
    std::map<std::string, std::vector<std::optional<std::string>>> elements;
    int gaps = 0;
    for (auto const* field : {"xs", "ys", "zs"}) {
      auto const size = random() % 4;
      for (std::size_t i = 0; i < size; ++i) {
        bool const missing = gaps < 4 && random() % 3 == 0;
        gaps += missing;
        elements[field].push_back(missing ? std::nullopt
                                          : std::optional(universe[random() % universe.size()]));
      }
    }
    std::optional<double> number;
    if (gaps < 4 && random() % 4 == 0)
      ++gaps;
    else
      number = static_cast<double>(random() % 4);

    auto application = [&](std::map<std::string, std::vector<std::optional<std::string>>> const& e,
                           std::optional<double> n) {
      engine::Application app{"R", std::vector<Value>(s.fields.size(), Value{rules::Unknown{}})};
      auto slot = [&](char const* name) { return static_cast<std::size_t>(s.field_index(name)); };
      app.fields[slot("xs")] = collection(e.at("xs"), true);
      app.fields[slot("ys")] = collection(e.at("ys"), true);
      app.fields[slot("zs")] = collection(e.at("zs"), false);
      app.fields[slot("n")] = n ? Value{*n} : Value{rules::Unknown{}};
      return app;
    };
    for (auto const* field : {"xs", "ys", "zs"})
      elements[field];  // present, perhaps empty
    auto const partial = evaluator.evaluate(application(elements, number), no_scores);

    // Every completion: each gap takes each value of its domain.
    std::vector<Slot> slots;
    for (auto const& [field, list] : elements)
      for (std::size_t i = 0; i < list.size(); ++i)
        if (!list[i]) slots.push_back({field, i});
    if (!number) slots.push_back({"n", 0});
    std::vector<std::size_t> choice(slots.size(), 0);
    while (true) {
      auto filled = elements;
      std::optional<double> n = number;
      for (std::size_t k = 0; k < slots.size(); ++k) {
        if (slots[k].field == "n")
          n = static_cast<double>(choice[k]);
        else
          filled[slots[k].field][slots[k].element] = universe[choice[k]];
      }
      auto const complete = evaluator.evaluate(application(filled, n), no_scores);
      ++checked_completions;
      for (std::size_t c = 0; c < conditions.size(); ++c) {
        auto const was = partial.criteria[c].outcome;
        if (was == Outcome::unknown) continue;
        INFO("condition: " << conditions[c] << "\nwith gaps: " << partial.criteria[c].evidence
                           << "\ncompleted: " << complete.criteria[c].evidence);
        REQUIRE(complete.criteria[c].outcome == was);
      }
      // The next completion (an odometer over the gaps' domains).
      std::size_t k = 0;
      for (; k < slots.size(); ++k) {
        std::size_t const domain = slots[k].field == "n" ? 4 : universe.size();
        if (++choice[k] < domain) break;
        choice[k] = 0;
      }
      if (k == slots.size()) break;
    }
    for (auto const& r : partial.criteria)
      definite += r.outcome != Outcome::unknown;
  }
  // The property is only worth something if the partial applications often get definite
  // answers, and many completions were compared.
  CHECK(definite > trials * conditions.size() / 3);
  CHECK(checked_completions > 10000);
}

TEST_CASE("a missing subject keeps the Science additional-subject rule open, not failed",
          "[engine][kleene]") {
  test::ExampleVacancy example;
  auto const& vacancy = example.spec.vacancies.front();
  engine::Evaluator const evaluator(vacancy, {rules::make_date(2026, 11, 23), engine::Stage::sift});
  auto run = [&](rules::Items subjects) {
    engine::Application app{
        "R", std::vector<Value>(example.spec.fields.size(), Value{rules::Unknown{}})};
    rules::normalise_set(subjects);
    app.fields[static_cast<std::size_t>(example.spec.field_index("subjects"))] =
        Value{std::move(subjects)};
    app.fields[static_cast<std::size_t>(example.spec.field_index("key_stages"))] =
        Value{rules::Items{Value{std::string("KS3")}, Value{std::string("KS4")}}};
    auto const result = evaluator.evaluate(app, engine::PanelScores(vacancy.criteria.size()));
    for (std::size_t i = 0; i < vacancy.criteria.size(); ++i)
      if (vacancy.criteria[i].id == "additional_subject") return result.criteria[i];
    FAIL("no additional_subject criterion");
    return engine::CriterionResult{};
  };
  // require count(subjects & science) >= 2 and key_stages contains all of {"KS3", "KS4"}
  auto const open = run({Value{std::string("physics")}, Value{rules::Unknown{}}});
  CHECK(open.outcome == Outcome::unknown);  // the missing one may be a science
  CHECK(open.evidence ==
        "count(subjects & science) is 1 to 2 (an entry is missing), needs >= 2; key_stages = "
        "[KS3, KS4]");
  CHECK(
      run({Value{std::string("physics")}, Value{std::string("chemistry")}, Value{rules::Unknown{}}})
          .outcome == Outcome::met);
  CHECK(run({Value{std::string("physics")}}).outcome == Outcome::not_met);
}
