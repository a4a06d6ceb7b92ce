// The conformance suite of the expression semantics (docs/rules-language.md, "Expressions"):
// one row per case, an expression, the answers it is evaluated against (fields not given are
// missing; `none` is an answer) and the outcome it must have. Every operator and built-in has
// rows with known, missing and none inputs; the Kleene property test beside it
// (soundness_test.cpp) checks the same operators over random expressions and applications.
#include <catch2/catch.hpp>

#include "sift/engine/examples.hpp"
#include "support.hpp"

using namespace sift;

namespace {

char const* const form = R"(
field ok: bool
field fine: bool
field n: number
field m: optional number
field t: text
field d: date
field e: optional date
field span: duration
field xs: list of number
field ws: set of text
field vs: set of text
field ds: list of date
field posts: list of {role: text, teaching: bool, start: date, end: optional date}
field gaps: list of {start: date, end: optional date, reason: text}
)";

struct Row {
  char const* expression;
  char const* answers;  // example assignments, one per line
  char const* outcome;  // "met", "not met" or "unknown"
};

// The same outcome words `sift explain` uses.
std::string outcome_of(std::string const& expression, std::string const& answers) {
  std::string const main = "vacancy v \"V\" {\n  section \"S\" {\n    essential c \"C\" require " +
                           expression + "\n  }\n  shortlist top 1\n  example \"row\" {\n" +
                           answers + "\n    expect eligible\n  }\n}\n";
  auto const loaded = test::load_text(main, form);
  if (!loaded.specification) return rules::render_all(loaded.diagnostics);
  auto const outcomes = engine::run_examples(*loaded.specification, rules::make_date(2026, 11, 23));
  return engine::to_string(outcomes.front().result.criteria.front().outcome);
}

Row const rows[] = {
    // Kleene logic
    {"ok and fine", "ok = true\nfine = true", "met"},
    {"ok and fine", "ok = false", "not met"},
    {"ok and fine", "ok = true", "unknown"},
    {"ok or fine", "fine = true", "met"},
    {"ok or fine", "ok = false", "unknown"},
    {"not ok", "ok = false", "met"},
    {"not ok", "", "unknown"},
    // comparisons
    {"n >= 2", "n = 2", "met"},
    {"n > 2", "n = 2", "not met"},
    {"n < 2", "", "unknown"},
    {"n != 3", "n = 2", "met"},
    {"m = 1", "m = none", "unknown"},
    {"d < 2020-01-01", "d = 2019-12-31", "met"},
    {"d <= 2020-01-01", "d = 2020-01-02", "not met"},
    {"span > 3 months", "span = 92 days", "met"},
    {"span > 3 months", "span = 91 days", "not met"},
    {"t = \"x\"", "t = \"x\"", "met"},
    {"ws = {\"a\", \"b\"}", "ws = {\"b\", \"a\"}", "met"},
    // arithmetic
    {"n + 1 = 3", "n = 2", "met"},
    {"n - 1 = 1", "n = 2", "met"},
    {"n * 3 = 6", "n = 2", "met"},
    {"n / 4 = 0.5", "n = 2", "met"},
    {"n / 0 = 1", "n = 2", "unknown"},
    {"-n = -2", "n = 2", "met"},
    {"n + 1 = 3", "", "unknown"},
    // dates and durations, calendar arithmetic
    {"d + 1 month = 2024-02-29", "d = 2024-01-31", "met"},
    {"d + 1 year = 2025-02-28", "d = 2024-02-29", "met"},
    {"d - 1 year = 2023-01-31", "d = 2024-01-31", "met"},
    {"d + 2 weeks = 2024-02-14", "d = 2024-01-31", "met"},
    {"d + 1 month = 2024-02-29", "", "unknown"},
    {"e - d = 10 days", "d = 2024-01-01\ne = 2024-01-11", "met"},
    {"e - d = 10 days", "d = 2024-01-01\ne = none", "unknown"},
    {"span + 1 day = 3 days", "span = 2 days", "met"},
    {"span - 1 day = 1 day", "span = 2 days", "met"},
    {"d > today - 1 year", "d = 2026-01-01", "met"},
    {"years_since(d) >= 2", "d = 2024-11-22", "met"},
    {"years_since(d) >= 2", "d = 2024-11-24", "not met"},
    // membership
    {"\"a\" in ws", "ws = {\"a\"}", "met"},
    {"\"b\" in ws", "ws = {\"a\"}", "not met"},
    {"\"b\" not in ws", "ws = {\"a\"}", "met"},
    {"\"b\" in ws", "", "unknown"},
    {"ws contains \"a\"", "ws = {\"a\"}", "met"},
    {"ws contains all of {\"a\", \"b\"}", "ws = {\"a\", \"b\", \"c\"}", "met"},
    {"ws contains all of {\"a\", \"b\"}", "ws = {\"a\"}", "not met"},
    {"ws contains any of {\"x\", \"b\"}", "ws = {\"a\", \"b\"}", "met"},
    {"ws contains any of {\"x\"}", "ws = {}", "not met"},
    // sets
    {"count(ws & vs) = 1", "ws = {\"a\", \"b\"}\nvs = {\"b\", \"c\"}", "met"},
    {"count(ws | vs) = 3", "ws = {\"a\", \"b\"}\nvs = {\"b\", \"c\"}", "met"},
    {"count(ws - vs) = 1", "ws = {\"a\", \"b\"}\nvs = {\"b\", \"c\"}", "met"},
    {"count(ws & vs) = 0", "ws = {\"a\"}", "unknown"},
    // text: folded case, prefix, suffix, whole words
    {"t contains \"SMITH\"", "t = \"Ann Smith\"", "met"},
    {"t starts with \"dr\"", "t = \"Dr Ann Smith\"", "met"},
    {"t starts with \"ann\"", "t = \"Dr Ann Smith\"", "not met"},
    {"t ends with \"SMITH\"", "t = \"Dr Ann Smith\"", "met"},
    {"t contains word \"ann\"", "t = \"Dr Ann Smith\"", "met"},
    {"t contains word \"ann\"", "t = \"Dr Annabel Smith\"", "not met"},
    {"t contains word \"física\"", "t = \"Profesora de FÍSICA.\"", "met"},
    {"t contains word \"ann\"", "", "unknown"},
    // missing and none
    {"m is missing", "", "met"},
    {"m is missing", "m = none", "not met"},
    {"m is known", "m = none", "met"},
    {"m is none", "m = none", "met"},
    {"m is none", "", "unknown"},
    {"m is not none", "m = 4", "met"},
    // quantifiers and filters
    {"any p in posts satisfies p.teaching",
     "posts = [{role: \"a\", teaching: false, start: 2020-01-01, end: none}, {role: \"b\", "
     "teaching: "
     "true, start: 2021-01-01, end: none}]",
     "met"},
    {"all p in posts satisfy p.teaching",
     "posts = [{role: \"a\", teaching: false, start: 2020-01-01, end: none}]", "not met"},
    {"all p in posts satisfy p.teaching", "posts = []", "met"},
    {"any p in posts satisfies p.teaching", "posts = []", "not met"},
    {"count(posts where teaching) = 1",
     "posts = [{role: \"a\", teaching: false, start: 2020-01-01, end: none}, {role: \"b\", "
     "teaching: "
     "true, start: 2021-01-01, end: none}]",
     "met"},
    {"count(posts.role) = 1",
     "posts = [{role: \"a\", teaching: false, start: 2020-01-01, end: none}]", "met"},
    // aggregates
    {"count(xs) = 3", "xs = [1, 2, 3]", "met"},
    {"sum(xs) = 6", "xs = [1, 2, 3]", "met"},
    {"sum(xs) = 0", "xs = []", "met"},
    {"sum(xs) = 6", "", "unknown"},
    {"min(xs) = -1", "xs = [3, -1, 2]", "met"},
    {"max(xs) = 3", "xs = [3, -1, 2]", "met"},
    {"max(xs) = 3", "xs = []", "unknown"},
    {"max(ds) = 2024-05-01", "ds = [2020-01-01, 2024-05-01]", "met"},
    {"min(ds) = 2020-01-01", "ds = [2020-01-01, 2024-05-01]", "met"},
    // first and last by date
    {"latest(posts).role = \"head\"",
     "posts = [{role: \"head\", teaching: true, start: 2021-01-01, end: none}, {role: \"teacher\", "
     "teaching: true, start: 2015-01-01, end: 2020-12-31}]",
     "met"},
    {"earliest(posts).role = \"teacher\"",
     "posts = [{role: \"head\", teaching: true, start: 2021-01-01, end: none}, {role: \"teacher\", "
     "teaching: true, start: 2015-01-01, end: 2020-12-31}]",
     "met"},
    {"latest(posts).teaching", "posts = []", "unknown"},
    // spells: years and gaps, with their day conventions
    {"years(posts) >= 5",
     "posts = [{role: \"a\", teaching: true, start: 2014-09-01, end: 2019-08-31}]", "not met"},
    {"years(posts) * 365.2425 = 1826",
     "posts = [{role: \"a\", teaching: true, start: 2014-09-01, end: 2019-08-31}]", "met"},
    {"years(posts, end date excluded) * 365.2425 = 1825",
     "posts = [{role: \"a\", teaching: true, start: 2014-09-01, end: 2019-08-31}]", "met"},
    {"years(posts) >= 1", "posts = [{role: \"a\", teaching: true, start: 2025-01-01, end: none}]",
     "met"},
    {"longest_gap(posts) = 92 days",
     "posts = [{role: \"a\", teaching: true, start: 2020-01-01, end: 2020-05-31}, {role: \"b\", "
     "teaching: true, start: 2020-09-01, end: none}]",
     "met"},
    {"longest_gap(posts, end date excluded) = 93 days",
     "posts = [{role: \"a\", teaching: true, start: 2020-01-01, end: 2020-05-31}, {role: \"b\", "
     "teaching: true, start: 2020-09-01, end: none}]",
     "met"},
    {"longest_gap(posts) > 1 year",
     "posts = [{role: \"a\", teaching: true, start: 2020-01-01, end: 2020-05-31}]", "met"},
    {"longest_gap(posts, between spells only) = 0 days",
     "posts = [{role: \"a\", teaching: true, start: 2020-01-01, end: 2020-05-31}]", "met"},
    {"longest_gap(posts, gaps) = 0 days",
     "posts = [{role: \"a\", teaching: true, start: 2020-01-01, end: 2020-05-31}, {role: \"b\", "
     "teaching: true, start: 2020-09-01, end: none}]\ngaps = [{start: 2020-06-01, end: "
     "2020-08-31, reason: \"study\"}]",
     "met"},
    {"longest_gap(posts, gaps) > 3 months",
     "posts = [{role: \"a\", teaching: true, start: 2020-01-01, end: 2020-05-31}, {role: \"b\", "
     "teaching: true, start: 2020-10-01, end: none}]",
     "unknown"},
};

}  // namespace

TEST_CASE("conformance: every operator and built-in on known, missing and none answers",
          "[rules][conformance]") {
  for (auto const& row : rows) {
    INFO(row.expression << "   with   " << row.answers);
    CHECK(outcome_of(row.expression, row.answers) == row.outcome);
  }
}
