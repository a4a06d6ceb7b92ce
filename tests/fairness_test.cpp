// Adverse impact: rates, four-fifths ratios, the scoring rate, the driving criterion and
// suppression of small groups, checked against figures worked out by hand.
#include <catch2/catch.hpp>
#include <sstream>

#include "sift/data/store.hpp"
#include "sift/rules/load.hpp"
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

}  // namespace

TEST_CASE("adverse impact against hand-computed figures", "[fairness]") {
  auto const dir = test::temporary_directory();
  test::write_file(dir / "form.sift", "field right_to_work: bool\nfield subjects: set of text\n");
  test::write_file(dir / "v.sift", R"(use "form.sift"
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
  auto spec = rules::load_specification(dir / "v.sift");
  REQUIRE(spec.specification);
  data::Store store(dir / "sift.db", data::OpenMode::create_if_missing);
  store.add_vacancy(*spec.specification, spec.specification->vacancies.front());
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
  REQUIRE(store.import_applications(input, "apps", {}).committed);
  data::RunRequest request;
  request.vacancy = "v";
  request.as_of = rules::make_date(2026, 11, 23);
  request.threads = 2;
  store.run(request);

  auto const report = store.impact("v", std::nullopt, "sex");
  CHECK(report.no_answer == 2);
  CHECK(report.median_score == 0);  // 8 of 25 score 1, the rest 0
  REQUIRE(report.groups.size() == 3);
  auto const& female = report.groups[0];
  auto const& male = report.groups[1];
  auto const& declined = report.groups[2];
  CHECK(female.group == "female");
  CHECK(female.applicants == 10);
  CHECK(female.pass_rate == Approx(0.8));
  CHECK(female.pass_ratio == Approx(1.0));
  CHECK(female.shortlist_rate == Approx(0.8));
  CHECK(female.scoring_rate == Approx(0.5));
  CHECK(female.driver.empty());
  CHECK(male.group == "male");
  CHECK(male.pass_rate == Approx(0.4));
  CHECK(male.pass_ratio == Approx(0.5));
  CHECK(male.shortlist_ratio == Approx(0.5));
  CHECK(male.scoring_rate == Approx(0.2));
  CHECK(male.scoring_ratio == Approx(0.4));
  CHECK(male.driver == "rtw");
  CHECK(male.driver_rate == Approx(0.6));
  CHECK(male.driver_reference_rate == Approx(0.2));
  CHECK(declined.group == "prefer not to say");  // its own group, and under 5: suppressed
  CHECK(declined.suppressed);

  CHECK(store.impact("v", std::nullopt, "age_band").no_answer == 25);  // all null or absent
  CHECK_THROWS_AS(store.impact("v", std::nullopt, "religion"), data::DataError);

  auto const table = test::sift({"--db", "sift.db", "impact", "v"}, dir);
  CHECK(table.exit == 0);
  CHECK(table.out.find("prefer not to say                        <5") != std::string::npos);
  CHECK(table.out.find("driven by rtw: not met by 60% of this group, 20% of the most-selected") !=
        std::string::npos);
  auto const csv = test::sift({"--db", "sift.db", "impact", "v", "--format", "csv"}, dir);
  CHECK(csv.out.find("male,10,0.4000,0.5000,0.4000,0.5000,0.2000,0.4000,rtw\n") !=
        std::string::npos);
  fs::remove_all(dir);
}
