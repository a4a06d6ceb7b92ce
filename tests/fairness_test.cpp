// Adverse impact: rates, four-fifths ratios, the scoring rate, the driving criterion and
// suppression of small groups, checked against figures worked out by hand.
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sift/data/applications.hpp"
#include "sift/data/database.hpp"
#include "sift/data/runs.hpp"
#include "sift/data/scores.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/rules/load.hpp"
#include "sift/screening/agreement.hpp"
#include "sift/screening/impact.hpp"
#include "sift/screening/run.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace sift;

namespace {

std::string applicant(std::string const& ref, bool right_to_work, bool physics,
                      std::string const& sex) {
  std::string line = "{\"ref\":\"" + ref + "\",\"vacancy\":\"v\",\"right_to_work\":" +
                     (right_to_work ? "true" : "false") + ",\"subjects\":[" +
                     (physics ? "\"physics\"" : "") + "]";
  if (!sex.empty()) line += ",\"monitoring\":{\"sex\":\"" + sex + "\",\"age_band\":null}";
  return line + "}\n";
}

// A database in `dir` holding the one vacancy of `spec_text`, whose form is `form_text`.
data::Database database_with(fs::path const& dir, std::string const& form_text,
                             std::string const& spec_text) {
  test::write_file(dir / "form.sift", form_text);
  test::write_file(dir / "v.sift", spec_text);
  auto spec = rules::load_specification(dir / "v.sift");
  REQUIRE(spec.specification);
  data::Database db(dir / "sift.db", data::OpenMode::create_if_missing);
  data::Vacancies(db).add(*spec.specification, spec.specification->vacancies.front());
  return db;
}

}  // namespace

TEST_CASE("adverse impact against hand-computed figures", "[fairness]") {
  auto const dir = test::temporary_directory();
  auto db = database_with(dir, "field right_to_work: bool\nfield subjects: set of text\n",
                          R"(use "form.sift"
vacancy v "V" {
  section "S" {
    essential rtw "Right to work"
      require right_to_work
    desirable physics "Physics"
      require "physics" in subjects
  }
  shortlist top 100
}
)");
  // female: 10, 8 with right to work, 5 teach physics; male: 10, 4 and 2; prefer not to say: 3;
  // two without monitoring answers.
  std::string lines;
  for (int i = 1; i <= 10; ++i)
    lines += applicant("F" + std::to_string(i), i <= 8, i <= 5, "female");
  for (int i = 1; i <= 10; ++i)
    lines += applicant("M" + std::to_string(i), i <= 4, i <= 2, "male");
  for (int i = 1; i <= 3; ++i)
    lines += applicant("P" + std::to_string(i), true, i == 1, "prefer not to say");
  for (int i = 1; i <= 2; ++i)
    lines += applicant("N" + std::to_string(i), true, false, "");
  std::istringstream input(lines);
  REQUIRE(data::Applications(db).import(input, "apps", {}).committed);
  screening::run(db, test::run_request("v"));

  auto const report = screening::impact(db, "v", std::nullopt, "sex");
  CHECK(report.impact.no_answer == 2);
  CHECK(report.impact.median_score == 0);  // 8 of 25 score 1, the rest 0
  REQUIRE(report.impact.groups.size() == 3);
  auto const& female = report.impact.groups[0];
  auto const& male = report.impact.groups[1];
  auto const& declined = report.impact.groups[2];
  CHECK(female.group == "female");
  CHECK(female.applicants == 10);
  CHECK(female.pass.rate == Approx(0.8));
  CHECK(female.pass.ratio.value_or(0) == Approx(1.0));
  CHECK(female.shortlist.rate == Approx(0.8));
  CHECK(female.scoring.rate == Approx(0.5));
  CHECK(female.driver.empty());
  CHECK(male.group == "male");
  CHECK(male.pass.rate == Approx(0.4));
  CHECK(male.pass.ratio.value_or(0) == Approx(0.5));
  CHECK(male.shortlist.ratio.value_or(0) == Approx(0.5));
  CHECK(male.scoring.rate == Approx(0.2));
  CHECK(male.scoring.ratio.value_or(0) == Approx(0.4));
  CHECK(male.driver == "rtw");
  CHECK(male.driver_rate == Approx(0.6));
  CHECK(male.driver_reference_rate == Approx(0.2));
  CHECK(declined.group == "prefer not to say");  // its own group, and under 5: suppressed
  CHECK(declined.suppressed);

  CHECK(screening::impact(db, "v", std::nullopt, "age_band").impact.no_answer ==
        25);  // all null or absent
  CHECK_THROWS_AS(screening::impact(db, "v", std::nullopt, "religion"), data::Error);

  auto const table = test::sift({"--db", "sift.db", "impact", "v"}, dir);
  CHECK(table.exit == 0);
  CHECK(table.out.find("prefer not to say                    <5  (fewer than 5: not reported)") !=
        std::string::npos);
  CHECK(table.out.find("driven by rtw: not met by 60% of this group, 20% of female") !=
        std::string::npos);
  auto const csv = test::sift({"--db", "sift.db", "impact", "v", "--format", "csv"}, dir);
  // Rates, ratios against female, Fisher's p and the difference in standard deviations.
  CHECK(csv.out.find("male,10,yes,0.4000,0.5000,0.169802,-1.83,0.4000,0.5000,0.169802,-1.83,"
                     "0.2000,0.4000,0.349845,-1.41,rtw\n") != std::string::npos);
  fs::remove_all(dir);
}

namespace {

bool contains(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("blind shortlisting: no output shows who applied until the panel reveals",
          "[fairness][blind]") {
  auto const dir = test::temporary_directory();
  auto const examples = test::source_dir() / "examples";
  auto const apps = examples / "second-in-science.applications.jsonl";
  auto sift = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", "sift.db"});
    auto run = test::sift(args, dir);
    INFO(run.err);
    CHECK(run.exit == 0);
    return run.out;
  };
  std::string everything =
      sift({"screen", (examples / "second-in-science.sift").string(), apps.string(), "--scores",
            (examples / "second-in-science.scores.csv").string(), "--as-of", "2026-11-23"});
  for (auto const* format : {"table", "csv", "json"})
    everything += sift({"shortlist", "second-in-science", "--format", format});
  everything += sift({"applicants", "list"});
  everything += sift({"runs", "list"});
  everything += sift({"impact", "second-in-science", "--by", "ethnicity"});
  for (auto const* ref : {"A0000001", "A0000025", "A0000046", "A0000013"}) {
    everything += sift({"explain", ref});
    everything += sift({"explain", ref, "--format", "json"});
  }
  sift({"report", "second-in-science", "--html", "m.html", "--csv", "m.csv", "--json", "m.json"});
  for (auto const* file : {"m.html", "m.csv", "m.json"})
    everything += test::read_file(dir / file);

  std::istringstream lines(test::read_file(apps));
  int checked = 0;
  for (std::string line; std::getline(lines, line);) {
    auto field = [&](char const* key) -> std::string {
      auto const at = line.find(std::string("\"") + key + "\":\"");
      if (at == std::string::npos) return {};
      auto const start = at + std::strlen(key) + 4;
      return line.substr(start, line.find('"', start) - start);
    };
    for (auto const& value :
         {field("email"), field("phone"), field("first_name") + " " + field("last_name")}) {
      if (value.size() < 5) continue;
      INFO(value);
      CHECK_FALSE(contains(everything, value));
      ++checked;
    }
  }
  CHECK(checked > 400);

  // The statement is shown for scoring, with the applicant's own name withheld, until revealed.
  test::write_file(
      dir / "one.jsonl",
      "{\"ref\":\"Z1\",\"vacancy\":\"second-in-science\",\"personal\":{\"first_name\":\"Zed\","
      "\"last_name\":\"Quarry\"},\"statement\":\"I am Zed Quarry. ZED QUARRY teaches physics; "
      "Quarrying is a hobby.\"}\n");
  sift({"import", "one.jsonl"});
  auto const blind = sift({"applicants", "show", "Z1"});
  CHECK(contains(
      blind,
      "I am [name withheld] [name withheld]. [name withheld] [name withheld] teaches physics; "
      "Quarrying is a hobby."));
  CHECK_FALSE(contains(blind, "Zed"));
  CHECK(
      test::sift(
          {"--db", "sift.db", "reveal", "second-in-science", "--by", "Chair", "--reason", " "}, dir)
          .exit == 4);
  sift({"reveal", "second-in-science", "--by", "Panel chair", "--reason", "Shortlist decided"});
  auto const revealed = sift({"applicants", "show", "Z1"});
  CHECK(contains(revealed, "I am Zed Quarry."));
  CHECK(contains(revealed, "\"first_name\":\"Zed\""));
  CHECK(contains(revealed, "Blind shortlisting was lifted by Panel chair at "));
  fs::remove_all(dir);
}

TEST_CASE("a specification may say 'blind off': names are shown from the start",
          "[fairness][blind]") {
  test::ExampleVacancy base;
  auto spec = base.spec;
  auto& main = spec.sources.front().text;
  main.replace(main.find("  shortlist top 6"), 0, "  blind off\n\n");
  auto const reloaded = rules::load_sources(spec.sources);
  REQUIRE(reloaded.specification);
  CHECK_FALSE(reloaded.specification->vacancies.front().blind);
  CHECK(base.spec.vacancies.front().blind);  // the default
  data::Database db(base.db, data::OpenMode::must_exist);
  data::Vacancies(db).add(*reloaded.specification, reloaded.specification->vacancies.front());
  std::istringstream one(
      "{\"ref\":\"Z2\",\"vacancy\":\"second-in-science\",\"personal\":{\"first_name\":\"Ada\"},"
      "\"statement\":\"Ada teaches.\"}\n");
  REQUIRE(data::Applications(db).import(one, "one", {}).committed);
  auto const view = data::Applications(db).view("Z2");
  CHECK_FALSE(view.blind);
  CHECK(view.statement == "Ada teaches.");
  CHECK(view.personal == "{\"first_name\":\"Ada\"}");
}

TEST_CASE("assessor agreement against hand-computed kappa, moderation and tendencies",
          "[fairness][agreement]") {
  auto const dir = test::temporary_directory();
  auto db = database_with(dir, "field right_to_work: bool\n", R"(use "form.sift"
vacancy v "V" {
  section "S" {
    essential knowledge "Knowledge"
      scored by assessors at least 2
      disagreement at 2
    desirable manner "Manner"
      scored by assessors at least 2
      disagreement at 2
  }
  shortlist top 3
}
)");
  std::string apps;
  for (int i = 1; i <= 5; ++i)
    apps += "{\"ref\":\"R" + std::to_string(i) + "\",\"vacancy\":\"v\"}\n";
  std::istringstream in(apps);
  REQUIRE(data::Applications(db).import(in, "apps", {}).committed);
  // knowledge: A 0,1,2,3,3 and B 0,1,2,2,3; manner: one applicant, A 3 and B 1.
  std::string csv = "ref,criterion,assessor,score\n";
  int const a[] = {0, 1, 2, 3, 3};
  int const b[] = {0, 1, 2, 2, 3};
  for (int i = 0; i < 5; ++i) {
    csv += fmt::format("R{},knowledge,A,{}\n", i + 1, a[i]);
    csv += fmt::format("R{},knowledge,B,{}\n", i + 1, b[i]);
  }
  csv += "R1,manner,A,3\nR1,manner,B,1\n";
  std::istringstream scores(csv);
  REQUIRE(data::Scores(db).import(scores, "scores", {}).committed);

  auto const r = screening::agreement(db, "v");
  REQUIRE(r.agreement.pairs.size() == 2);
  auto const& knowledge = r.agreement.pairs[0];
  CHECK(knowledge.criterion == "knowledge");
  CHECK(knowledge.applicants == 5);
  CHECK(knowledge.exact == Approx(0.8));
  CHECK(knowledge.mean_difference == Approx(0.2));
  REQUIRE(knowledge.kappa);
  CHECK(*knowledge.kappa == Approx(56.0 / 61.0));
  CHECK(*r.agreement.pairs[1].kappa == Approx(0.0));  // one pair, 2 apart: no better than chance
  REQUIRE(r.agreement.moderation.size() == 1);
  CHECK(r.agreement.moderation[0].ref == "R1");
  CHECK(r.agreement.moderation[0].criterion == "manner");
  REQUIRE(r.agreement.assessors.size() == 2);
  CHECK(r.agreement.assessors[0].assessor == "A");
  CHECK(r.agreement.assessors[0].compared == 6);
  CHECK(r.agreement.assessors[0].mean_difference == Approx(0.5));  // (1 + 2) / 6
  CHECK(r.agreement.assessors[0].systematic);
  CHECK(r.agreement.assessors[1].mean_difference == Approx(-0.5));

  auto const table = test::sift({"--db", "sift.db", "agreement", "v"}, dir);
  CHECK(table.exit == 0);
  CHECK(table.out.find("knowledge                A / B                              5    80%       "
                       "0.20   0.92") != std::string::npos);
  CHECK(table.out.find("A: +0.50 points over 6 comparisons  * systematically higher") !=
        std::string::npos);
  CHECK(table.out.find("  R1 manner: A 3, B 1") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("impact of a proposed specification, before it is adopted", "[fairness]") {
  test::ExampleVacancy base;
  data::Database db(base.db, data::OpenMode::must_exist);
  std::ifstream apps(test::source_dir() / "examples" / "second-in-science.applications.jsonl");
  REQUIRE(data::Applications(db).import(apps, "apps", {}).committed);
  auto const request = test::run_request("second-in-science");
  screening::run(db, request);
  auto const adopted = screening::impact(db, "second-in-science", std::nullopt, "ethnicity");
  // Under the same specification, the proposal reproduces the stored run's figures exactly.
  auto const same = screening::proposed_impact(db, base.spec, request, "ethnicity");
  REQUIRE(same.impact.groups.size() == adopted.impact.groups.size());
  for (std::size_t i = 0; i < same.impact.groups.size(); ++i) {
    CHECK(same.impact.groups[i].group == adopted.impact.groups[i].group);
    CHECK(same.impact.groups[i].pass.rate == adopted.impact.groups[i].pass.rate);
    CHECK(same.impact.groups[i].shortlist.rate == adopted.impact.groups[i].shortlist.rate);
    CHECK(same.impact.groups[i].driver == adopted.impact.groups[i].driver);
  }
  // Dropping the right-to-work knock-out can only raise every group's pass rate.
  auto relaxed = base.spec;
  auto& safeguarding = relaxed.sources[3].text;
  REQUIRE(relaxed.sources[3].path == "common/safeguarding.sift");
  safeguarding.replace(safeguarding.find("require right_to_work"), 21,
                       "require right_to_work or true");
  auto const reloaded = rules::load_sources(relaxed.sources);
  REQUIRE(reloaded.specification);
  auto const proposed =
      screening::proposed_impact(db, *reloaded.specification, request, "ethnicity");
  REQUIRE(proposed.impact.groups.size() == adopted.impact.groups.size());
  for (std::size_t i = 0; i < proposed.impact.groups.size(); ++i)
    CHECK(proposed.impact.groups[i].pass.rate >= adopted.impact.groups[i].pass.rate);
  CHECK(data::Runs(db).list().size() == 1);  // nothing stored
}

TEST_CASE("blind redaction withholds names in any case or accent, e-mail, phone and TRN",
          "[fairness][blind]") {
  data::Identity const who{
      {"Siobh\u00e1n", "O'Neil-Smith"}, "s.oneil@mail.example.com", "+44 7700 900856", "7717187"};
  struct Case {
    char const* text;
    char const* shown;
  };
  for (auto const& [text, shown] : std::vector<Case>{
           {"I am Siobh\u00e1n O'Neil-Smith.",
            "I am [name withheld] O'[name withheld]-[name withheld]."},
           {"SIOBHAN ONEIL", "[name withheld] ONEIL"},  // a name written as one word differs
           {"siobha\u0301n's class", "[name withheld]'s class"},  // an accent typed as a mark
           {"Smith's and Smithson", "[name withheld]'s and Smithson"},
           {"Write to s.oneil@mail.example.com or ann@other.example.org.",
            "Write to [e-mail withheld] or [e-mail withheld]."},
           {"Call +44 7700 900856, or (01632) 960 001.",
            "Call [phone withheld], or [phone withheld]."},
           {"My TRN is 7717187; in 2019 I taught 30 pupils.",
            "My TRN is [TRN withheld]; in 2019 I taught 30 pupils."},
           {"Reference 77171870 is not it", "Reference 77171870 is not it"},
           {"", ""},
       }) {
    INFO(text);
    CHECK(data::redact(text, who) == shown);
  }
}

TEST_CASE("blind: a statement a rule reads is never quoted in evidence, explain or reports",
          "[fairness][blind]") {
  auto const dir = test::temporary_directory();
  fs::copy(test::source_dir() / "examples" / "common", dir / "common");
  test::write_file(dir / "club.sift", R"(use "common/teacher-form.sift"
vacancy club "Science club" {
  section "S" {
    essential qts "QTS"
      require qts
    desirable club "Runs a club"
      require statement contains "club"
  }
  shortlist top 2
}
)");
  test::write_file(dir / "apps.jsonl",
                   "{\"ref\":\"Z1\",\"vacancy\":\"club\",\"qts\":true,\"trn\":\"7717187\","
                   "\"personal\":{\"first_name\":\"Zed\",\"last_name\":\"Quarry\",\"email\":"
                   "\"zed@mail.example.com\",\"phone\":\"07700 900123\"},\"statement\":\"I am "
                   "ZED QUARRY (zed@mail.example.com, 07700 900123, TRN 7717187) and I run the "
                   "science club.\"}\n");
  auto sift = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", "sift.db"});
    auto const run = test::sift(args, dir);
    INFO(run.err);
    CHECK(run.exit == 0);
    return run.out;
  };
  sift({"screen", "club.sift", "apps.jsonl", "--as-of", "2026-11-23"});
  sift({"report", "club", "--html", "m.html", "--csv", "m.csv", "--json", "m.json"});
  std::string const shown = sift({"explain", "Z1"}) + sift({"explain", "Z1", "--format", "json"}) +
                            test::read_file(dir / "m.html") + test::read_file(dir / "m.csv") +
                            test::read_file(dir / "m.json");
  for (auto const* secret : {"ZED", "Zed", "QUARRY", "zed@mail", "07700 900123", "7717187"}) {
    INFO(secret);
    CHECK_FALSE(contains(shown, secret));
  }
  // The evidence says what was looked for, and never copies the statement into the run.
  CHECK(contains(shown, "statement contains \"club\": found"));
  CHECK_FALSE(contains(shown, "I am "));
  sift({"reveal", "club", "--by", "Chair", "--reason", "shortlist agreed"});
  CHECK_FALSE(contains(sift({"explain", "Z1"}), "I am "));
  {  // nor does the run record hold it: only the identity table does, which erasure empties
    data::Database db(dir / "sift.db", data::OpenMode::must_exist);
    CHECK(db.connection()
              .execAndGet("SELECT count(*) FROM result WHERE instr(outcomes, 'science club') > 0 "
                          "OR instr(flags, 'science club') > 0")
              .getInt() == 0);
  }
  fs::remove_all(dir);
}
