// Soundness under Kleene logic, as a property: whenever Sift gives a definite answer while some
// inputs are missing, every way of filling in the missing inputs gives that same answer.
//
// Random applications over a small universe of values have random elements (and numbers)
// replaced by missing ones; each criterion's outcome with the gaps is compared with its outcome
// under every completion, enumerated exhaustively. The criteria cover the collection operators
// (&, |, -), count and comparisons with it, membership, contains all/any, equality of
// collections, quantifiers, where, and and/or/not around them; the second test writes random
// well-typed expressions over every operator, quantifier and built-in. The third holds the
// conditions compiled to read packed values to the interpreter's answers, to the letter.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <random>

#include "sift/engine/evaluation.hpp"
#include "sift/rules/packed_values.hpp"
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

namespace {

// ---- random well-typed expressions over every operator, quantifier and built-in ----------------

std::string const random_form = R"(field b: bool
field n: number
field m: optional number
field t: text
field d: date
field xs: set of text
field ys: set of text
field ns: list of number
field posts: list of {teaching: bool, start: date, end: optional date}
)";

// What a missing answer may be filled in with, per kind of gap.
std::vector<std::string> const texts{"ann smith", "Ann", "smithy", "anna-ann"};
std::vector<rules::Date> const dates{rules::make_date(2019, 1, 31), rules::make_date(2021, 2, 28),
                                     rules::make_date(2024, 2, 29)};
std::vector<Value> const ends{Value{rules::None{}}, Value{rules::make_date(2020, 12, 31)},
                              Value{rules::make_date(2023, 5, 31)},
                              Value{rules::make_date(2025, 1, 31)}};

// Writes a random expression of a type; `depth` bounds its size. `is missing` and `is known`
// are left out: they say whether an answer was given, which filling it in changes by design.
struct Generator {
  std::mt19937& random;
  int variables = 0;

  std::size_t pick(std::size_t n) { return random() % n; }
  template <typename... Options>
  std::string one_of(Options... options) {
    std::vector<std::string> const all{options...};
    return all[pick(all.size())];
  }

  std::string number(int depth) {
    if (depth <= 0) return one_of("n", "1", "2", "count(xs)", "count(ns)");
    switch (pick(12)) {
      case 0:
        return number(depth - 1) + " + " + number(depth - 1);
      case 1:
        return number(depth - 1) + " - " + number(depth - 1);
      case 2:
        return number(depth - 1) + " * " + number(depth - 1);
      case 3:
        return "(" + number(depth - 1) + ") / (" + number(depth - 1) + ")";
      case 4:
        return "-" + number(depth - 1);
      case 5:
        return "count(" + set(depth - 1) + ")";
      case 6:
        return one_of("sum(ns)", "min(ns)", "max(ns)", "count(ns where it > 1)");
      case 7:
        return one_of("years(posts)", "years(posts where teaching)",
                      "years(posts, end date excluded)", "years_since(d)");
      case 8:
        return one_of("m", "m + 1");
      default:
        return number(0);
    }
  }

  std::string set(int depth) {
    if (depth <= 0) return one_of("xs", "ys", "{\"a\", \"b\"}", "{\"c\"}");
    switch (pick(4)) {
      case 0:
        return "(" + set(depth - 1) + " & " + set(depth - 1) + ")";
      case 1:
        return "(" + set(depth - 1) + " | " + set(depth - 1) + ")";
      case 2:
        return "(" + set(depth - 1) + " - " + set(depth - 1) + ")";
      default:
        return set(0);
    }
  }

  std::string date(int depth) {
    if (depth <= 0) return one_of("d", "2021-02-28", "today - 5 years");
    switch (pick(5)) {
      case 0:
        return date(depth - 1) + one_of(" + 1 month", " - 1 year", " + 40 days");
      case 1:
        return one_of("latest(posts).start", "earliest(posts).start");
      case 2:
        return one_of("latest(posts).end", "max(posts.start)", "min(posts.start)");
      default:
        return date(0);
    }
  }

  std::string condition(int depth) {
    if (depth <= 0)
      return one_of("b", "n >= 2", "m is none", "\"a\" in xs", "latest(posts).teaching");
    std::string const bound = "q" + std::to_string(variables++);
    switch (pick(18)) {
      case 0:
        return condition(depth - 1) + " and " + condition(depth - 1);
      case 1:
        return condition(depth - 1) + " or " + condition(depth - 1);
      case 2:
        return "not (" + condition(depth - 1) + ")";
      case 3:
        return number(depth - 1) + one_of(" < ", " <= ", " = ", " != ", " >= ") + number(depth - 1);
      case 4:
        return date(depth - 1) + one_of(" < ", " >= ", " = ") + date(depth - 1);
      case 5:
        return one_of("\"a\"", "\"c\"") + one_of(" in ", " not in ") + set(depth - 1);
      case 6:
        return set(depth - 1) + one_of(" contains all of ", " contains any of ") + set(depth - 1);
      case 7:
        return set(depth - 1) + one_of(" = ", " != ") + set(depth - 1);
      case 8:
        return "t" + one_of(" contains ", " starts with ", " ends with ", " contains word ") +
               one_of("\"ann\"", "\"smith\"", "\"ANN\"");
      case 9:
        return "any " + bound + " in " + set(depth - 1) + " satisfies " + bound + " = \"b\"";
      case 10:
        return "all " + bound + " in ns satisfy " + bound + " < " + number(0);
      case 11:
        return "any " + bound + " in posts satisfies " + bound + ".teaching";
      case 12:
        return "all " + bound + " in posts satisfy " + bound + ".start < " + date(0);
      case 13:
        return one_of("longest_gap(posts) > 400 days", "longest_gap(posts) <= 2 years",
                      "longest_gap(posts, end date excluded, between spells only) > 30 days");
      case 14:
        return one_of("years(posts where teaching) >= 3", "years(posts) < 4.5",
                      "count(posts where teaching) >= 1");
      case 15:
        return one_of("m is not none", "m > 1", "t = \"Ann\"");
      default:
        return condition(0);
    }
  }
};

// One answer the property test may leave missing: a scalar field, an element of a collection,
// or a member of a spell.
struct Gap {
  std::string field;
  std::size_t element = 0;
  std::size_t member = 0;  // for posts: 0 teaching, 1 start, 2 end
  std::size_t domain = 0;  // how many values fill it
};

Value filled(Gap const& gap, std::size_t choice) {
  if (gap.field == "b") return Value{choice == 1};
  if (gap.field == "n" || gap.field == "ns") return Value{static_cast<double>(choice)};
  if (gap.field == "m") return choice == 0 ? Value{rules::None{}} : Value{double(choice - 1)};
  if (gap.field == "t") return Value{texts[choice]};
  if (gap.field == "d") return Value{dates[choice]};
  if (gap.field == "xs" || gap.field == "ys") return Value{universe[choice]};
  // posts
  if (gap.member == 0) return Value{choice == 1};
  if (gap.member == 1) return Value{dates[choice]};
  return ends[choice];
}

}  // namespace

TEST_CASE("random expressions over every operator and built-in never contradict a completion",
          "[engine][kleene][property]") {
  std::mt19937 random(1127);
  std::size_t definite = 0, cases = 0;
  for (int batch = 0; batch < 5; ++batch) {
    Generator generate{random};
    std::vector<std::string> conditions;
    for (int i = 0; i < 40; ++i)
      conditions.push_back(generate.condition(3));
    std::string spec = "vacancy v \"V\" {\n  section \"S\" {\n";
    for (std::size_t i = 0; i < conditions.size(); ++i)
      spec +=
          "    desirable c" + std::to_string(i) + " \"C\"\n      require " + conditions[i] + "\n";
    spec += "  }\n  shortlist top 1\n}\n";
    auto const loaded = test::load_text(spec, random_form);
    INFO(spec << rules::render_all(loaded.diagnostics));
    REQUIRE(loaded.specification);
    auto const& s = *loaded.specification;
    auto const& vacancy = s.vacancies.front();
    engine::Evaluator const evaluator(vacancy,
                                      {rules::make_date(2026, 11, 23), engine::Stage::sift});
    engine::PanelScores const no_scores(vacancy.criteria.size());
    auto slot = [&](char const* name) { return static_cast<std::size_t>(s.field_index(name)); };

    for (int trial = 0; trial < 100; ++trial) {
      // A complete application first, then up to four of its answers made missing.
      std::vector<Value> fields(s.fields.size(), Value{rules::Unknown{}});
      fields[slot("b")] = Value{random() % 2 == 0};
      fields[slot("n")] = Value{double(random() % 4)};
      fields[slot("m")] = random() % 3 == 0 ? Value{rules::None{}} : Value{double(random() % 3)};
      fields[slot("t")] = Value{texts[random() % texts.size()]};
      fields[slot("d")] = Value{dates[random() % dates.size()]};
      std::vector<Gap> gaps;
      auto maybe_gap = [&](Value& value, Gap gap) {
        if (gaps.size() < 4 && random() % 5 == 0) {
          value = Value{rules::Unknown{}};
          gaps.push_back(gap);
        }
      };
      maybe_gap(fields[slot("b")], {"b", 0, 0, 2});
      maybe_gap(fields[slot("n")], {"n", 0, 0, 4});
      maybe_gap(fields[slot("m")], {"m", 0, 0, 4});
      maybe_gap(fields[slot("t")], {"t", 0, 0, texts.size()});
      maybe_gap(fields[slot("d")], {"d", 0, 0, dates.size()});
      for (auto const* name : {"xs", "ys", "ns"}) {
        rules::Items items(random() % 4);
        for (std::size_t i = 0; i < items.size(); ++i) {
          bool const text = std::string(name) != "ns";
          items[i] =
              text ? Value{universe[random() % universe.size()]} : Value{double(random() % 4)};
          maybe_gap(items[i], {name, i, 0, text ? universe.size() : 4});
        }
        fields[slot(name)] = Value{std::move(items)};
      }
      rules::Items posts(random() % 3);
      for (std::size_t i = 0; i < posts.size(); ++i) {
        rules::Items record{Value{random() % 2 == 0}, Value{dates[random() % dates.size()]},
                            ends[random() % ends.size()]};
        maybe_gap(record[0], {"posts", i, 0, 2});
        maybe_gap(record[1], {"posts", i, 1, dates.size()});
        maybe_gap(record[2], {"posts", i, 2, ends.size()});
        posts[i] = Value{std::move(record)};
      }
      fields[slot("posts")] = Value{std::move(posts)};
      // Sets are kept normalised, as import stores them; completions normalise again.
      auto normalised = [&](std::vector<Value> values) {
        for (auto const* name : {"xs", "ys"}) {
          auto items = values[slot(name)].items();
          rules::normalise_set(items);
          values[slot(name)] = Value{std::move(items)};
        }
        return values;
      };
      auto const partial = evaluator.evaluate({"R", normalised(fields)}, no_scores);

      std::vector<std::size_t> choice(gaps.size(), 0);
      while (true) {
        auto complete = fields;
        for (std::size_t k = 0; k < gaps.size(); ++k) {
          auto const& gap = gaps[k];
          Value& target =
              gap.field == "posts"
                  ? const_cast<Value&>(
                        complete[slot("posts")].items()[gap.element].items()[gap.member])
              : complete[slot(gap.field.c_str())].data.index() == 7
                  ? const_cast<Value&>(complete[slot(gap.field.c_str())].items()[gap.element])
                  : complete[slot(gap.field.c_str())];
          target = filled(gap, choice[k]);
        }
        auto const result = evaluator.evaluate({"R", normalised(complete)}, no_scores);
        for (std::size_t c = 0; c < conditions.size(); ++c) {
          ++cases;
          auto const was = partial.criteria[c].outcome;
          if (was == Outcome::unknown) continue;
          INFO("condition: " << conditions[c] << "\nwith gaps: " << partial.criteria[c].evidence
                             << "\ncompleted: " << result.criteria[c].evidence);
          REQUIRE(result.criteria[c].outcome == was);
        }
        std::size_t k = 0;
        for (; k < gaps.size(); ++k) {
          if (++choice[k] < gaps[k].domain) break;
          choice[k] = 0;
        }
        if (k == gaps.size()) break;
      }
      for (auto const& r : partial.criteria)
        definite += r.outcome != Outcome::unknown;
    }
  }
  CHECK(cases > 50000);
  CHECK(definite > 5 * 100 * 40 / 3);
}

// ---- conditions compiled to read packed values, against the interpreter ------------------------

namespace {

std::string const packed_form =
    random_form +
    "field breaks: list of {start: date, end: optional date}\n"
    "field teams: list of {members: set of text, lead: optional text}\n";

// Conditions of the forms engine/src/packed_conditions.cpp compiles, every one of them.
struct CompiledGenerator {
  std::mt19937& random;

  std::string atom() {
    std::vector<std::string> const atoms{
        "b", "b = false", "true != b", "n = 2", "2 != n", "t = \"Ann\"", "t != \"ann smith\"",
        "m = 1", "m is none", "m is not none", "b is missing", "posts is known", "t is known",
        "\"a\" in xs", "\"c\" not in ys", "t in {\"Ann\", \"smithy\"}", "n in {1, 3}",
        "n not in {0}", "xs contains \"b\"", "ns contains 2", "\"b\" not in xs",
        "xs contains all of {\"a\", \"b\"}", "ys contains any of {\"b\", \"c\"}", "count(xs) >= 2",
        "count(ns) < 2", "1 = count(ys)", "count(xs & {\"a\", \"b\"}) >= 1",
        "count({\"a\", \"c\"} & ys) = 1", "count(xs & {\"c\"}) != 0", "count(posts) > 1",
        "any q in posts satisfies q.teaching", "all q in posts satisfy not q.teaching",
        "any q in xs satisfies q = \"a\"", "all q in ns satisfy q != 1",
        "any q in posts satisfies q.end is none", "any q in posts satisfies q.start is missing",
        "years(posts where teaching) >= 3", "years(posts) < 4.5",
        "years(posts, end date excluded) = 0", "2 <= years(posts where start is known)",
        "years(posts where teaching and end is not none) > 1", "longest_gap(posts) > 400 days",
        "longest_gap(posts, breaks) > 3 months",
        "longest_gap(posts, end date excluded, between spells only) > 30 days",
        "longest_gap(posts where teaching) <= 2 years",
        "longest_gap(posts where start is known, between spells only) > 92 days",
        "longest_gap(posts, breaks where end is not none) >= 1 year",
        // counts of what a bound variable holds: worked out again for every element
        "any g in teams satisfies count(g.members) >= 2",
        "all g in teams satisfy \"a\" in g.members",
        "any g in teams satisfies count(g.members & {\"a\", \"b\"}) = 1 and g.lead is none"};
    return atoms[random() % atoms.size()];
  }

  std::string condition(int depth) {
    if (depth <= 0) return atom();
    switch (random() % 5) {
      case 0:
        return condition(depth - 1) + " and " + condition(depth - 1);
      case 1:
        return condition(depth - 1) + " or " + condition(depth - 1);
      case 2:
        return "not (" + condition(depth - 1) + ")";
      default:
        return atom();
    }
  }
};

// An application with every kind of gap a packed value can hold: a field, a record, a member or
// an element unknown; an optional answer none.
std::vector<Value> random_packed_application(std::mt19937& random, rules::Specification const& s) {
  auto const maybe = [&](Value value) {
    return random() % 6 == 0 ? Value{rules::Unknown{}} : value;
  };
  auto const spells = [&](bool with_teaching) {
    rules::Items records(random() % 4);
    for (auto& record : records) {
      rules::Items members;
      if (with_teaching) members.push_back(maybe(Value{random() % 2 == 0}));
      members.push_back(maybe(Value{dates[random() % dates.size()]}));
      members.push_back(maybe(ends[random() % ends.size()]));
      record = maybe(Value{std::move(members)});
    }
    return maybe(Value{std::move(records)});
  };
  auto const texts_of = [&](bool set) {
    rules::Items items(random() % 4);
    for (auto& item : items)
      item = maybe(Value{universe[random() % universe.size()]});
    if (set) rules::normalise_set(items);  // as import stores a set
    return maybe(Value{std::move(items)});
  };
  std::vector<Value> fields(s.fields.size(), Value{rules::Unknown{}});
  auto const slot = [&](char const* name) { return static_cast<std::size_t>(s.field_index(name)); };
  fields[slot("b")] = maybe(Value{random() % 2 == 0});
  fields[slot("n")] = maybe(Value{double(random() % 4)});
  fields[slot("m")] = maybe(random() % 3 == 0 ? Value{rules::None{}} : Value{double(random() % 3)});
  fields[slot("t")] = maybe(Value{texts[random() % texts.size()]});
  fields[slot("d")] = maybe(Value{dates[random() % dates.size()]});
  fields[slot("xs")] = texts_of(true);
  fields[slot("ys")] = texts_of(true);
  rules::Items numbers(random() % 4);
  for (auto& number : numbers)
    number = maybe(Value{double(random() % 4)});
  fields[slot("ns")] = maybe(Value{std::move(numbers)});
  fields[slot("posts")] = spells(true);
  fields[slot("breaks")] = spells(false);
  rules::Items teams(random() % 4);
  for (auto& team : teams)
    team = maybe(Value{rules::Items{
        texts_of(true),
        maybe(random() % 2 == 0 ? Value{rules::None{}} : Value{universe[random() % 3]})}});
  fields[slot("teams")] = maybe(Value{std::move(teams)});
  return fields;
}

}  // namespace

TEST_CASE("conditions compiled to read packed values answer exactly as the interpreter does",
          "[engine][kleene][property]") {
  std::mt19937 random(2811);
  std::size_t compared = 0, definite = 0;
  for (int batch = 0; batch < 8; ++batch) {
    // Even batches: compiled forms only, every one of which must compile. Odd: expressions over
    // everything, of which the compiled are compared and the rest left to the interpreter.
    bool const compiled_only = batch % 2 == 0;
    Generator any_condition{random};
    CompiledGenerator compiled_condition{random};
    std::string spec = "vacancy v \"V\" {\n  section \"S\" {\n";
    int const criteria = 40;
    for (int i = 0; i < criteria; ++i)
      spec += fmt::format(
          "    {} c{} \"C\"\n      {}require {}\n", i % 4 == 0 ? "essential" : "desirable", i,
          i % 4 == 0 ? "" : "weight 1\n      ",
          compiled_only ? compiled_condition.condition(3) : any_condition.condition(3));
    spec += "  }\n";
    spec +=
        fmt::format("  flag f \"F\"\n    when {}\n",
                    compiled_only ? compiled_condition.condition(2) : any_condition.condition(2));
    spec +=
        "  shortlist top 1 tie break by years(posts where teaching), count(xs & {\"a\", \"b\"})\n";
    spec += "}\n";
    auto const loaded = test::load_text(spec, packed_form);
    INFO(spec << rules::render_all(loaded.diagnostics));
    REQUIRE(loaded.specification);
    auto const& s = *loaded.specification;
    auto const& vacancy = s.vacancies.front();
    rules::Date const as_of = rules::make_date(2026, 11, 23);
    engine::Evaluator const in_place(vacancy, {as_of, engine::Stage::sift, false});
    engine::Evaluator const interpreted(vacancy, {as_of, engine::Stage::sift, true});
    if (compiled_only)
      for (int const root : in_place.value_roots())
        FAIL("not compiled: " << vacancy.nodes[static_cast<std::size_t>(root)].text);
    engine::PanelScores const no_scores(vacancy.criteria.size());

    for (int trial = 0; trial < 300; ++trial) {
      auto const fields = random_packed_application(random, s);
      std::vector<std::string> packed(fields.size());
      engine::Application read_in_place{"R", fields};
      read_in_place.packed.clear(fields.size());
      for (std::size_t slot = 0; slot < fields.size(); ++slot) {
        rules::pack_value(fields[slot], packed[slot]);
        REQUIRE(read_in_place.packed.read(slot, packed[slot], s.fields[slot].type));
      }
      auto const fast = in_place.evaluate(read_in_place, no_scores);
      auto const slow = interpreted.evaluate({"R", fields}, no_scores);
      for (std::size_t c = 0; c < vacancy.criteria.size(); ++c) {
        INFO("condition: " << vacancy.criteria[c].rule_text
                           << "\ninterpreted: " << slow.criteria[c].evidence);
        REQUIRE(fast.criteria[c].outcome == slow.criteria[c].outcome);
        ++compared;
        definite += slow.criteria[c].outcome != Outcome::unknown;
      }
      INFO("flag: " << vacancy.flags.front().rule_text
                    << "\ninterpreted: " << slow.flags.front().evidence);
      REQUIRE(fast.flags.front().outcome == slow.flags.front().outcome);
      REQUIRE(fast.tie_values == slow.tie_values);
      REQUIRE(fast.score == slow.score);
      REQUIRE(fast.verdict == slow.verdict);
    }
  }
  CHECK(compared == 8 * 300 * 40);
  CHECK(definite > compared / 3);  // the gaps leave most answers definite
}
