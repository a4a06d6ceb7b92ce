// The rules language: parsing, checking, lowering, reuse across files and their limits.
#include <fmt/format.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <random>
#include <set>

#include "sift/engine/evaluation.hpp"
#include "sift/engine/review.hpp"
#include "sift/rules/equality.hpp"
#include "sift/rules/load.hpp"
#include "sift/rules/members_read.hpp"
#include "sift/rules/packed_values.hpp"
#include "sift/rules/value_tape.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace sift;
using rules::Importance;

namespace {

rules::Specification must_load(std::string const& main) {
  auto result = test::load_text(main);
  INFO(rules::render_all(result.diagnostics));
  REQUIRE(result.specification);
  return std::move(*result.specification);
}

std::string first_error(std::string const& main) {
  auto const result = test::load_text(main);
  REQUIRE_FALSE(result.diagnostics.empty());
  return result.diagnostics.front().message;
}

std::string const minimal_vacancy = R"(
vacancy v "V" {
  section "S" {
    essential qts "QTS"
      require qts
  }
  shortlist top 3
}
)";

}  // namespace

TEST_CASE("the seed Science specification checks clean and keeps the person specification's shape",
          "[rules]") {
  auto const result =
      rules::load_specification(test::source_dir() / "examples" / "second-in-science.sift");
  INFO(rules::render_all(result.diagnostics));
  REQUIRE(result.specification);
  auto const& spec = *result.specification;
  REQUIRE(spec.vacancies.size() == 1);
  auto const& vacancy = spec.vacancies.front();
  CHECK(vacancy.id == "second-in-science");
  CHECK(vacancy.title == "Second in Science");

  std::set<std::string> sections;
  int essentials = 0;
  for (auto const& c : vacancy.criteria) {
    sections.insert(c.section);
    essentials += c.importance == Importance::essential;
  }
  CHECK(sections == std::set<std::string>{"Qualifications", "Experience", "Skills and knowledge",
                                          "Personal qualities", "Safeguarding"});
  CHECK(essentials >= 25);
  CHECK(vacancy.policy.top == 6);
  CHECK(vacancy.policy.ties_included);
  std::vector<std::string> tie_break;
  for (auto const& key : vacancy.policy.tie_break)
    tie_break.push_back(key.criterion);
  CHECK(tie_break == std::vector<std::string>{"leadership_potential", "experience"});
  // Reuse: the form's fields come from common/, and so do the safeguarding criteria.
  CHECK(spec.field_index("employment") >= 0);
  CHECK(spec.field_index("monitoring") < 0);
  CHECK(spec.field_index("personal") < 0);
  CHECK(spec.sources.size() == 4);
  CHECK(spec.sources.front().path == "second-in-science.sift");
}

TEST_CASE("a stored bundle of sources reloads to the same specification", "[rules]") {
  auto const first =
      rules::load_specification(test::source_dir() / "examples" / "second-in-science.sift");
  REQUIRE(first.specification);
  auto const again = rules::load_sources(first.specification->sources);
  INFO(rules::render_all(again.diagnostics));
  REQUIRE(again.specification);
  auto const& a = first.specification->vacancies.front();
  auto const& b = again.specification->vacancies.front();
  REQUIRE(a.criteria.size() == b.criteria.size());
  for (std::size_t i = 0; i < a.criteria.size(); ++i)
    CHECK(a.criteria[i].rule_text == b.criteria[i].rule_text);
}

TEST_CASE("criteria carry their evidence, weights and scoring", "[rules]") {
  auto const spec = must_load(R"(
vacancy v "V" {
  section "S" {
    essential knowledge "Knowledge"
      evidence application, interview
      scored by assessors at least 2
      combined by median
      disagreement at 1
    desirable physics "Physics"
      weight 2.5
      require "physics" in subjects
    essential manner "Manner"
      evidence interview
  }
  flag gap "Gap" when longest_gap(employment) > 3 months
  shortlist top 2 ties excluded minimum score 1
}
)");
  auto const& v = spec.vacancies.front();
  REQUIRE(v.criteria.size() == 3);
  auto const& knowledge = v.criteria[0];
  REQUIRE(knowledge.scoring);
  CHECK(knowledge.scoring->threshold == 2);
  CHECK(knowledge.scoring->combine == rules::Combine::median);
  CHECK(knowledge.scoring->disagreement == 1);
  CHECK(knowledge.has_evidence(rules::EvidenceSource::interview));
  CHECK(v.criteria[1].weight == 2.5);
  CHECK(v.criteria[1].rule_text == "require \"physics\" in subjects");
  CHECK_FALSE(v.criteria[2].has_evidence(rules::EvidenceSource::application));
  CHECK(v.flags.size() == 1);
  CHECK(v.policy.top == 2);
  CHECK_FALSE(v.policy.ties_included);
  CHECK(v.policy.minimum_score == 1);
}

TEST_CASE("type errors name the operator and both operand types", "[rules]") {
  CHECK(first_error(R"(
vacancy v "V" {
  section "S" {
    essential a "A"
      require subjects > 2
  }
  shortlist top 3
})") == "'>' compares two numbers, two dates or two durations, but 'subjects' is a set of text "
        "and '2' is a number");
}

TEST_CASE("every semantic error is reported in one pass", "[rules]") {
  auto const result = test::load_text(R"(
vacancy v "V" {
  section "S" {
    essential a "A"
      require qst
    essential b "B"
      require subject contains "physics"
    essential a "A again"
      require qts
  }
  shortlist top 3
})");
  CHECK(result.diagnostics.size() == 3);
}

TEST_CASE("names that stand for a protected characteristic are refused", "[rules][equality]") {
  // Each name, and the characteristic it must be refused as: separators, camelCase, digits,
  // run-together words and the abbreviations forms use.
  std::vector<std::pair<char const*, char const*>> const refused{
      {"age", "age"},
      {"age_band", "age"},
      {"Age2", "age"},
      {"date_of_birth", "age"},
      {"dateOfBirth", "age"},
      {"dateofbirth", "age"},
      {"DOB", "age"},
      {"d_o_b", "age"},
      {"yob", "age"},
      {"year_of_birth", "age"},
      {"disabled", "disability"},
      {"gender", "sex"},
      {"gndr", "sex"},
      {"sex", "sex"},
      {"ethnicity", "race"},
      {"ethnicOrigin", "race"},
      {"nationality", "race (nationality)"},
      {"national_origin", "race (national origins)"},
      {"country_of_birth", "race (national origins)"},
      {"countryOfBirth", "race (national origins)"},
      {"placeofbirth", "race (national origins)"},
      {"religion", "religion or belief"},
      {"sexual_orientation", "sexual orientation"},
      {"sexualOrientation", "sexual orientation"},
      {"marital_status", "marriage and civil partnership"},
      {"maritalStatus", "marriage and civil partnership"},
      {"maritalstatus", "marriage and civil partnership"},
      {"civil_partner", "marriage and civil partnership"},
      {"pregnant", "pregnancy and maternity"},
      {"maternity_leave", "pregnancy and maternity"},
      {"transgender", "gender reassignment"},
  };
  for (auto const& [name, characteristic] : refused) {
    INFO(name);
    CHECK(rules::protected_name_reason(name) == characteristic);
  }
  // Ordinary names that merely contain a protected word's letters.
  for (auto const* name : {"national_curriculum",
                           "key_stages",
                           "stage",
                           "subjects",
                           "page",
                           "teaching_posts",
                           "right_to_work",
                           "language",
                           "transport",
                           "average_grade",
                           "agency_work",
                           "message",
                           "heritage_site",
                           "damage",
                           "engage",
                           "sextant",
                           "essex",
                           "transferable_skills",
                           "year_group",
                           "origin_of_degree",
                           "date_awarded",
                           "qts_awarded",
                           "pay"}) {
    INFO(name);
    CHECK(rules::protected_name_reason(name).empty());
  }
  auto const message = first_error("field age_band: text\n" + minimal_vacancy);
  CHECK(message ==
        "the field 'age_band' is refused: it stands for age, a protected characteristic under the "
        "Equality Act 2010, which screening rules must not use");
  CHECK(first_error("let sex_of_applicant = qts\n" + minimal_vacancy)
            .find("protected characteristic") != std::string::npos);
}

TEST_CASE("deeply nested input is an error, not a crash", "[rules][hostile]") {
  for (auto const& deep : {std::string(100000, '(') + "qts" + std::string(100000, ')'),
                           [] {
                             std::string s;
                             for (int i = 0; i < 100000; ++i)
                               s += "not ";
                             return s + "qts";
                           }(),
                           [] {
                             std::string s;
                             for (int i = 0; i < 100000; ++i)
                               s += "list of ";
                             return s + "text";
                           }()}) {
    bool const is_type = deep.starts_with("list");
    auto const text = is_type ? "field deep: " + deep + "\n" : "let deep = " + deep + "\n";
    auto const result = test::load_text(text + minimal_vacancy);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics.front().message.starts_with("nested too deeply"));
  }
}

TEST_CASE("a 50 MB rules file is refused before it is parsed, and 1 MiB is read",
          "[rules][hostile]") {
  auto const dir = test::temporary_directory();
  test::write_file(dir / "form.sift", test::test_form);
  auto const spec = "use \"form.sift\"\n" + minimal_vacancy;
  // Valid text up to the size given, padded with comment lines.
  auto const padded = [&](std::size_t size) {
    std::string text = spec;
    std::string const line = "# " + std::string(77, 'x') + "\n";
    while (text.size() + line.size() <= size)
      text += line;
    text += std::string(size - text.size() - 1, '#') + "\n";
    REQUIRE(text.size() == size);
    return text;
  };
  test::write_file(dir / "limit.sift", padded(rules::max_source_bytes));
  test::write_file(dir / "huge.sift", padded(50 * 1000 * 1000));
  test::write_file(dir / "uses-huge.sift", "use \"huge.sift\"\n" + minimal_vacancy);

  CHECK(rules::load_specification(dir / "limit.sift").specification);
  for (auto const* name : {"huge.sift", "uses-huge.sift"}) {
    INFO(name);
    auto const result = rules::load_specification(dir / name);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics.front().message ==
          "cannot read " + (dir / "huge.sift").string() +
              ": it is larger than 1 MiB, the most Sift reads from a specification file");
  }
  auto const fmt = test::sift({"fmt", "huge.sift"}, dir);
  CHECK(fmt.exit == 3);
  CHECK(fmt.err ==
        "huge.sift: error: cannot read the file: it is larger than 1 MiB, the most Sift reads "
        "from a specification file\n");
  fs::remove_all(dir);
}

TEST_CASE("use is confined to the specification's directory tree", "[rules][use]") {
  auto const dir = test::temporary_directory();
  fs::create_directories(dir / "spec" / "common");
  fs::create_directories(dir / "elsewhere");
  test::write_file(dir / "elsewhere" / "form.sift", test::test_form);
  test::write_file(dir / "spec" / "common" / "form.sift", test::test_form);
  test::write_file(dir / "spec" / "inside.sift", "use \"common/form.sift\"\n" + minimal_vacancy);
  test::write_file(dir / "spec" / "escape.sift",
                   "use \"../elsewhere/form.sift\"\n" + minimal_vacancy);
  test::write_file(
      dir / "spec" / "absolute.sift",
      "use \"" + (dir / "elsewhere" / "form.sift").string() + "\"\n" + minimal_vacancy);
  fs::create_symlink(dir / "elsewhere", dir / "spec" / "link");
  test::write_file(dir / "spec" / "symlink.sift", "use \"link/form.sift\"\n" + minimal_vacancy);

  CHECK(rules::load_specification(dir / "spec" / "inside.sift").specification);
  for (auto const* name : {"escape.sift", "absolute.sift", "symlink.sift"}) {
    INFO(name);
    auto const result = rules::load_specification(dir / "spec" / name);
    REQUIRE_FALSE(result.specification);
    CHECK(result.diagnostics.front().message.find("outside the specification's directory") !=
          std::string::npos);
  }
  rules::LoadOptions allowed;
  allowed.extra_roots.push_back(dir / "elsewhere");
  CHECK(rules::load_specification(dir / "spec" / "escape.sift", allowed).specification);

  fs::create_symlink(dir / "spec" / "loop-a", dir / "spec" / "loop-b");
  fs::create_symlink(dir / "spec" / "loop-b", dir / "spec" / "loop-a");
  test::write_file(dir / "spec" / "loop.sift", "use \"loop-a/form.sift\"\n");
  auto const loop = rules::load_specification(dir / "spec" / "loop.sift");
  CHECK_FALSE(loop.specification);
  fs::remove_all(dir);
}

TEST_CASE("columns count characters, so the caret sits under accented text correctly", "[rules]") {
  auto const result = test::load_text("let x = \"Siobhán\" + qst\n" + minimal_vacancy);
  REQUIRE_FALSE(result.diagnostics.empty());
  auto const& d = result.diagnostics.front();
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 21);
  CHECK(rules::render(d) ==
        "main.sift:2:21: error: unknown name 'qst'; did you mean 'qts'?\n"
        "  let x = \"Siobhán\" + qst\n"
        "                      ^\n");
  // A wide character takes two places on a terminal; a combining accent none.
  auto const wide = test::load_text("let x = \"\u674e\u660e\" + qst\n" + minimal_vacancy);
  REQUIRE_FALSE(wide.diagnostics.empty());
  CHECK(wide.diagnostics.front().where.column == 16);  // characters, as before
  CHECK(rules::render(wide.diagnostics.front()) ==
        "main.sift:2:16: error: unknown name 'qst'; did you mean 'qts'?\n"
        "  let x = \"\u674e\u660e\" + qst\n"
        "                   ^\n");
  auto const combining = test::load_text("let x = \"Siobha\u0301n\" + qst\n" + minimal_vacancy);
  REQUIRE_FALSE(combining.diagnostics.empty());
  CHECK(rules::render(combining.diagnostics.front())
            .ends_with("  let x = \"Siobha\u0301n\" + qst\n"
                       "                      ^\n"));
}

TEST_CASE("a long chain of and keeps labels short and is evaluated without deep recursion",
          "[rules][hostile]") {
  std::string chain = "qts";
  for (int i = 0; i < 30000; ++i)
    chain += " and qts";
  auto const result = test::load_text(
      "vacancy v \"V\" {\n  section \"S\" {\n    essential q \"Q\"\n      require " + chain +
      "\n  }\n  shortlist top 1\n}\n");
  REQUIRE(result.specification);
  auto const& nodes = result.specification->vacancies.front().nodes;
  REQUIRE(nodes.size() > 5000);
  std::size_t longest = 0;
  for (auto const& node : nodes)
    longest = std::max(longest, node.text.size());
  CHECK(longest <= 202);  // 200 characters, the ellipsis counted in bytes
  CHECK(nodes.back().text.starts_with("qts and qts"));
  CHECK(nodes.back().text.ends_with("qts and qts"));
  // Evaluated and explained as a run would, one level of the chain at a time (it once recursed
  // as deep as the chain was long, and overflowed the stack).
  auto const& vacancy = result.specification->vacancies.front();
  engine::Evaluator const evaluator(vacancy, {rules::make_date(2026, 11, 23), engine::Stage::sift});
  auto const slot = static_cast<std::size_t>(result.specification->field_index("qts"));
  for (auto const& [answer, outcome] :
       {std::pair(rules::Value{true}, engine::Outcome::met),
        std::pair(rules::Value{false}, engine::Outcome::not_met),
        std::pair(rules::Value{rules::Unknown{}}, engine::Outcome::unknown)}) {
    engine::Application app{"R", std::vector<rules::Value>(result.specification->fields.size(),
                                                           rules::Value{rules::Unknown{}})};
    app.fields[slot] = answer;
    auto const r = evaluator.evaluate(app, engine::PanelScores(vacancy.criteria.size()));
    CHECK(r.criteria.front().outcome == outcome);
    CHECK(r.criteria.front().evidence.size() < 100);  // "qts = false", said once
  }
  CHECK(engine::review_specification(*result.specification).empty());
}

TEST_CASE("use of a pipe is refused rather than waited on, and use chains have a depth limit",
          "[rules][hostile]") {
  auto const dir = test::temporary_directory();
  REQUIRE(::mkfifo((dir / "pipe.sift").c_str(), 0600) == 0);
  test::write_file(dir / "main.sift", "use \"pipe.sift\"\n");
  auto const piped = rules::load_specification(dir / "main.sift");
  REQUIRE(piped.diagnostics.size() == 1);
  CHECK(piped.diagnostics.front().message.ends_with(
      "pipe.sift: it is not a regular file (a pipe, a device or a socket)"));

  for (int i = 0; i < 100; ++i)
    test::write_file(dir / fmt::format("f{}.sift", i), fmt::format("use \"f{}.sift\"\n", i + 1));
  test::write_file(dir / "f100.sift", "field qts: bool\n");
  auto const deep = rules::load_specification(dir / "f0.sift");
  REQUIRE(deep.diagnostics.size() == 1);
  CHECK(deep.diagnostics.front().message ==
        "'use' nests more than 64 files deep; a specification needs a few");
  fs::remove_all(dir);
}

namespace {

// The diagnostics of a vacancy whose one criterion requires `condition`; empty when it checks.
std::string diagnostics_of(std::string const& condition) {
  auto const result = test::load_text(
      "vacancy v \"V\" {\n  section \"S\" {\n    essential q \"Q\"\n      require " + condition +
      "\n  }\n  shortlist top 1\n}\n");
  return result.diagnostics.empty() ? std::string() : rules::render_all(result.diagnostics);
}

std::string repeated(std::string const& part, int times) {
  std::string out;
  for (int i = 0; i < times; ++i)
    out += part;
  return out;
}

}  // namespace

TEST_CASE("nesting stops at the 100 levels the message names, for brackets, not and minus",
          "[rules][hostile]") {
  auto const brackets = [](int n) { return repeated("(", n) + "qts" + repeated(")", n); };
  auto const nots = [](int n) { return repeated("not ", n) + "qts"; };
  auto const minus = [](int n) { return "count(subjects) > " + repeated("- ", n) + "1"; };
  for (auto const& make : {std::function<std::string(int)>(brackets), {nots}, {minus}}) {
    INFO(make(2));
    CHECK(diagnostics_of(make(100)).empty());
    CHECK(diagnostics_of(make(101)).find("nested too deeply: more than 100 levels") !=
          std::string::npos);
  }
}

TEST_CASE("smaller language defects: negative list values, empty lists, tiny numbers", "[rules]") {
  // A negative number or duration in a list written in a rule is a fixed value.
  CHECK(diagnostics_of("count(subjects) in [-1, 2]").empty());
  CHECK(diagnostics_of("count(subjects) not in [-3, -2]").empty());
  // An element of an empty list compares like the other side, with '>' as with '='.
  CHECK(diagnostics_of("any q in [] satisfies q > 1").empty());
  CHECK(diagnostics_of("any q in [] satisfies q = 1").empty());
  CHECK(diagnostics_of("any q in [] satisfies q > \"a\"")
            .find("compares two numbers, two dates or two durations") != std::string::npos);
  // A literal too close to zero for a double is said to be that, not 'too large'.
  auto const tiny = "0." + repeated("0", 400) + "1";
  CHECK(diagnostics_of("count(subjects) > " + tiny).find(tiny + " is too small a number") !=
        std::string::npos);
  auto const huge = "1" + repeated("0", 400);
  CHECK(diagnostics_of("count(subjects) > " + huge).find(huge + " is too large a number") !=
        std::string::npos);
}

TEST_CASE("the members of record fields a vacancy's rules read, and no more", "[rules][members]") {
  auto const spec = must_load(R"(
field jobs: list of {employer: text, role: text, teaching: bool, start: date, end: optional date}
field pay: {scale: text, point: number}
field grade: {band: text, step: number}
field quals: list of {level: text, subject: text}
field refs: list of {role: text}
field taught: list of text
vacancy v "V" {
  section "S" {
    essential served "Served"
      require years(jobs where teaching, end date excluded) >= 1
    essential ups "UPS"
      require pay.scale = "UPS"
    essential graded "Graded"
      require grade.band = "A" and grade.step > 2
    essential pgce "PGCE"
      require any q in quals satisfies q.level = "pgce"
    essential referees "Referees"
      require count(refs) >= 1
    essential science "Science"
      require "physics" in taught
  }
  shortlist top 3
}
)");
  auto const read = rules::members_read(spec, *spec.vacancy("v"));
  auto const of = [&](char const* field) {
    return read[static_cast<std::size_t>(spec.field_index(field))];
  };
  // Through a filter's variable and the spells' dates; not the names.
  CHECK(of("jobs").in_list);
  CHECK(of("jobs").members == std::vector<bool>{false, false, true, true, true});
  CHECK_FALSE(of("pay").in_list);
  CHECK(of("pay").members == std::vector<bool>{true, false});
  CHECK(of("grade").members.empty());  // every member read: all
  CHECK(of("quals").members == std::vector<bool>{true, false});
  CHECK(of("refs").members == std::vector<bool>{false});  // counted, never opened
  CHECK(of("taught").members.empty());                    // not records
}

TEST_CASE("records a rule uses whole are read whole", "[rules][members]") {
  auto const spec = must_load(R"(
field jobs: list of {employer: text, teaching: bool, start: date, end: optional date}
field posts: list of {employer: text, teaching: bool, start: date, end: optional date}
vacancy v "V" {
  section "S" {
    essential same "Same"
      require earliest(jobs) in posts
  }
  shortlist top 3
}
)");
  auto const read = rules::members_read(spec, *spec.vacancy("v"));
  CHECK(read[static_cast<std::size_t>(spec.field_index("jobs"))].members.empty());
  CHECK(read[static_cast<std::size_t>(spec.field_index("posts"))].members.empty());
}

namespace {

// A random declared type, nesting lists, sets and records up to `depth`, and a random value of
// it (unknown and none anywhere), for reading packed values into a tape.
rules::Type random_type(std::mt19937& random, int depth) {
  static constexpr rules::TypeKind scalars[] = {rules::TypeKind::boolean, rules::TypeKind::number,
                                                rules::TypeKind::text, rules::TypeKind::date,
                                                rules::TypeKind::duration};
  auto const pick = random() % (depth > 0 ? 8 : 5);
  if (pick < 5) return rules::scalar(scalars[pick]);
  if (pick == 7) {
    rules::Type record;
    record.kind = rules::TypeKind::record;
    for (unsigned m = 0, members = 1 + random() % 4; m < members; ++m)
      record.members.push_back({fmt::format("m{}", m), random_type(random, depth - 1)});
    return record;
  }
  return rules::collection_of(pick == 5 ? rules::TypeKind::list : rules::TypeKind::set,
                              random_type(random, depth - 1));
}

rules::Value random_value(std::mt19937& random, rules::Type const& type) {
  if (random() % 8 == 0)
    return random() % 2 ? rules::Value{rules::Unknown{}} : rules::Value{rules::None{}};
  switch (type.kind) {
    case rules::TypeKind::boolean:
      return {random() % 2 == 0};
    case rules::TypeKind::number:
      return {static_cast<double>(static_cast<int>(random() % 20001) - 10000) / 8};
    case rules::TypeKind::text:
      return {std::string(random() % 40, static_cast<char>('a' + random() % 26))};
    case rules::TypeKind::date:
      return {rules::Date{static_cast<std::int32_t>(random() % 40000) - 20000,
                          static_cast<std::int32_t>(random() % 3 == 0 ? random() % 365 : 0)}};
    case rules::TypeKind::duration:
      return {rules::Duration{static_cast<double>(random() % 5000) / 4}};
    case rules::TypeKind::record: {
      rules::Items members;
      for (auto const& member : type.members)
        members.push_back(random_value(random, member.type));
      return {std::move(members)};
    }
    default: {
      rules::Items elements;
      for (unsigned i = 0, count = random() % 5; i < count; ++i)
        elements.push_back(random_value(random, type.element_type()));
      return {std::move(elements)};
    }
  }
}

// Whether the tape's cell holds `value`, element by element.
bool holds(rules::ValueTape const& tape, rules::Cell const& cell, rules::Value const& value) {
  using rules::PackedTag;
  return std::visit(
      [&](auto const& data) {
        using T = std::decay_t<decltype(data)>;
        if constexpr (std::is_same_v<T, rules::Unknown>) return cell.tag == PackedTag::unknown;
        if constexpr (std::is_same_v<T, rules::None>) return cell.tag == PackedTag::none;
        if constexpr (std::is_same_v<T, bool>)
          return cell.tag == (data ? PackedTag::yes : PackedTag::no);
        if constexpr (std::is_same_v<T, double>)
          return cell.tag == PackedTag::number && cell.number == data;
        if constexpr (std::is_same_v<T, std::string>)
          return cell.tag == PackedTag::text && cell.text == data;
        if constexpr (std::is_same_v<T, rules::Date>)
          return cell.tag == PackedTag::date && cell.date == data;
        if constexpr (std::is_same_v<T, rules::Duration>)
          return cell.tag == PackedTag::duration && cell.number == data.days;
        if constexpr (std::is_same_v<T, rules::Items>) {
          if (cell.tag != PackedTag::items || cell.count != data.size()) return false;
          for (std::size_t i = 0; i < data.size(); ++i)
            if (!holds(tape, tape.at(static_cast<std::uint32_t>(cell.first + i)), data[i]))
              return false;
          return true;
        }
      },
      value.data);
}

}  // namespace

TEST_CASE("a value tape reads back every packed value of its type and refuses damaged bytes",
          "[rules][values]") {
  std::mt19937 random(20261128);
  int refused_as_other_type = 0;
  for (int round = 0; round < 3000; ++round) {
    auto const type = random_type(random, 3);
    auto const value = random_value(random, type);
    std::string packed;
    rules::pack_value(value, packed);
    INFO("round " << round << ": " << rules::describe(type));
    rules::ValueTape tape;
    tape.clear(1);
    REQUIRE(tape.read(0, packed, type));
    CHECK(holds(tape, tape.field(0), value));
    // Every shorter prefix is short of a value, and a byte more is more than one.
    for (std::size_t cut = 0; cut < packed.size(); ++cut) {
      tape.clear(1);
      CHECK_FALSE(tape.read(0, std::string_view(packed).substr(0, cut), type));
    }
    tape.clear(1);
    CHECK_FALSE(tape.read(0, packed + '\0', type));
    // Read as a scalar of another type, any value but a missing one is refused.
    auto const other = rules::scalar(type.kind == rules::TypeKind::text ? rules::TypeKind::number
                                                                        : rules::TypeKind::text);
    tape.clear(1);
    CHECK(tape.read(0, packed, other) == value.is_missing());
    refused_as_other_type += !value.is_missing();
  }
  CHECK(refused_as_other_type > 500);

  // Nested lists: the innermost number at depth 15 is read, at depth 16 refused (damaged bytes
  // cannot recurse without end).
  for (int depth : {15, 16}) {
    rules::Type type = rules::scalar(rules::TypeKind::number);
    rules::Value value{2.5};
    for (int level = 0; level < depth; ++level) {
      type = rules::collection_of(rules::TypeKind::list, type);
      value = rules::Value{rules::Items{value}};
    }
    std::string packed;
    rules::pack_value(value, packed);
    rules::ValueTape tape;
    tape.clear(1);
    CHECK(tape.read(0, packed, type) == (depth < rules::packed_depth_limit));
  }
}
