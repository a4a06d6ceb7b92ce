// The engine's statistics and the counterfactual as functions over values: adverse impact,
// assessor agreement (kappa, moderation, tendencies), what would have changed a verdict, and a
// specification's examples. No database anywhere in this file.
#include <catch2/catch.hpp>
#include <random>

#include "sift/engine/agreement.hpp"
#include "sift/engine/examples.hpp"
#include "sift/engine/impact.hpp"
#include "sift/engine/shortlist.hpp"
#include "support.hpp"

using namespace sift;
using engine::Outcome;
using engine::Verdict;

namespace {

std::vector<engine::ImpactApplicant> people(std::string const& group, int count, int passed,
                                            int shortlisted, double score,
                                            std::vector<std::string> const& failed = {}) {
  std::vector<engine::ImpactApplicant> out;
  for (int i = 0; i < count; ++i)
    out.push_back({group, i < passed, i < shortlisted, i < passed ? score : 0,
                   i < passed ? std::vector<std::string>{} : failed});
  return out;
}

void append(std::vector<engine::ImpactApplicant>& to,
            std::vector<engine::ImpactApplicant> const& more) {
  to.insert(to.end(), more.begin(), more.end());
}

}  // namespace

TEST_CASE("adverse impact: rates, ratios, driver, suppression and no answer, by hand",
          "[statistics][impact]") {
  // female: 10, 8 pass (score 2), 6 shortlisted; male: 10, 4 pass (score 1), 2 shortlisted,
  // the 6 who fail all fail rtw; 3 declined (under 5: suppressed); 2 gave no answer.
  std::vector<engine::ImpactApplicant> all;
  append(all, people("female", 10, 8, 6, 2, {"rtw"}));
  append(all, people("male", 10, 4, 2, 1, {"rtw"}));
  append(all, people("prefer not to say", 3, 3, 0, 1));
  append(all, people("", 2, 2, 0, 1));
  auto const impact = engine::adverse_impact(all);
  CHECK(impact.no_answer == 2);
  CHECK(impact.median_score == 1);  // 25 scores: 8 twos, 9 ones, 8 zeros
  REQUIRE(impact.groups.size() == 3);
  auto const& female = impact.groups[0];
  auto const& male = impact.groups[1];
  CHECK(female.group == "female");
  CHECK(female.pass.rate == Approx(0.8));
  CHECK(female.pass.ratio.value_or(0) == Approx(1.0));
  CHECK(female.shortlist.rate == Approx(0.6));
  CHECK(female.scoring.rate == Approx(0.8));  // above the median of 1
  CHECK(female.driver.empty());
  CHECK(male.pass.rate == Approx(0.4));
  CHECK(male.pass.ratio.value_or(0) == Approx(0.5));
  CHECK(male.shortlist.ratio.value_or(0) == Approx(0.2 / 0.6));
  CHECK(male.scoring.rate == Approx(0.0));
  CHECK(male.driver == "rtw");
  CHECK(male.driver_rate == Approx(0.6));
  CHECK(male.driver_reference_rate == Approx(0.2));
  CHECK(impact.groups[2].suppressed);
  CHECK(impact.groups[2].pass.ratio.value_or(0) == 0);  // figures withheld

  CHECK(engine::adverse_impact({}).groups.empty());
  CHECK(engine::is_monitoring_question("ethnicity"));
  CHECK_FALSE(engine::is_monitoring_question("religion"));
}

TEST_CASE("Fisher's exact test agrees with published values", "[statistics][impact]") {
  CHECK(engine::fisher_exact(3, 4, 1, 4) == Approx(0.4857142857));  // the lady tasting tea
  CHECK(engine::fisher_exact(1, 10, 9, 10) == Approx(0.0010933339));
  CHECK(engine::fisher_exact(40, 100, 60, 100) == Approx(0.0070595155));
  CHECK(engine::fisher_exact(0, 61, 0, 500) == Approx(1.0));
  CHECK(engine::fisher_exact(5, 10, 5, 10) == Approx(1.0));
}

TEST_CASE("adverse impact: the comparator is the best of the groups large enough to compare",
          "[statistics][impact]") {
  // 1,000 answered: a planted effect between two large groups (a passes 60%, b 40%: far more
  // than chance at this size), and a small group of 12 that all passed. 2% of 1,000 is 20, so
  // the small group is shown, not compared, never starred, and cannot be the comparator.
  std::vector<engine::ImpactApplicant> all;
  append(all, people("a", 494, 296, 0, 1, {"qts"}));
  append(all, people("b", 494, 198, 0, 1, {"qts"}));
  append(all, people("c", 12, 12, 0, 1));
  auto const impact = engine::adverse_impact(all);
  CHECK(impact.smallest_compared == 20);
  CHECK(impact.pass_comparator == "a");
  auto const& a = impact.groups[0];
  auto const& b = impact.groups[1];
  auto const& c = impact.groups[2];
  CHECK(b.group == "b");
  CHECK(b.pass.ratio.value_or(0) == Approx(198.0 / 296.0));
  CHECK(b.pass.adverse());
  CHECK(b.pass.significant());
  CHECK(*b.pass.p_value < 1e-9);
  CHECK(*b.pass.deviations < -6);
  CHECK_FALSE(a.pass.p_value);  // the comparator is not tested against itself
  CHECK(c.group == "c");
  CHECK_FALSE(c.suppressed);
  CHECK_FALSE(c.compared);
  CHECK_FALSE(c.pass.ratio);
  CHECK_FALSE(c.pass.adverse());

  // Nobody shortlisted in any group: 0/0 is n/a, never a ratio of 1.00.
  CHECK(impact.shortlist_comparator == "a");
  CHECK_FALSE(a.shortlist.ratio);
  CHECK_FALSE(b.shortlist.ratio);
  CHECK_FALSE(b.shortlist.adverse());

  // The same proportions in groups of 10 are not more than chance, though the ratio is low.
  std::vector<engine::ImpactApplicant> few;
  append(few, people("a", 10, 6, 0, 1, {"qts"}));
  append(few, people("b", 10, 4, 0, 1, {"qts"}));
  auto const small = engine::adverse_impact(few);
  CHECK(small.groups[1].pass.adverse());
  CHECK_FALSE(small.groups[1].pass.significant());
}

TEST_CASE("adverse impact: a group's ratio depends only on rates, not on the order of applicants",
          "[statistics][impact]") {
  std::mt19937 random(7);
  std::vector<engine::ImpactApplicant> all;
  for (int i = 0; i < 400; ++i) {
    bool const pass = random() % 3 != 0;
    all.push_back({i % 4 == 0   ? "a"
                   : i % 4 == 1 ? "b"
                                : "c",
                   pass, pass && random() % 2 == 0, static_cast<double>(random() % 8),
                   pass ? std::vector<std::string>{} : std::vector<std::string>{"x"}});
  }
  auto const once = engine::adverse_impact(all);
  std::shuffle(all.begin(), all.end(), random);
  auto const again = engine::adverse_impact(all);
  REQUIRE(once.groups.size() == again.groups.size());
  double best = 0;
  for (std::size_t i = 0; i < once.groups.size(); ++i) {
    CHECK(once.groups[i].pass.ratio.value_or(0) == again.groups[i].pass.ratio.value_or(0));
    CHECK(once.groups[i].pass.ratio.value_or(0) <= 1.0);
    best = std::max(best, once.groups[i].pass.ratio.value_or(0));
  }
  CHECK(best == 1.0);  // the comparison group is one of the groups
}

TEST_CASE("weighted kappa: perfect agreement is 1, symmetric, none when undefined",
          "[statistics][agreement]") {
  CHECK(engine::weighted_kappa({{0, 0}, {1, 1}, {3, 3}}) == Approx(1.0));
  CHECK_FALSE(engine::weighted_kappa({{2, 2}, {2, 2}}));  // no variation: undefined
  CHECK_FALSE(engine::weighted_kappa({}));
  std::vector<std::pair<int, int>> pairs{{0, 1}, {1, 1}, {2, 3}, {3, 3}, {3, 2}};
  std::vector<std::pair<int, int>> swapped;
  for (auto const& [a, b] : pairs)
    swapped.emplace_back(b, a);
  CHECK(*engine::weighted_kappa(pairs) == Approx(*engine::weighted_kappa(swapped)));
  // The opposite ends of the scale every time: worse than chance.
  CHECK(*engine::weighted_kappa({{0, 3}, {3, 0}, {0, 3}, {3, 0}}) < 0);
}

TEST_CASE("assessor agreement: kappa, the moderation queue and tendencies, by hand",
          "[statistics][agreement]") {
  // knowledge: A 0,1,2,3,3 and B 0,1,2,2,3; manner: one applicant, A 3 and B 1; style is not
  // scored by assessors, so its rows are left out.
  std::vector<engine::GivenScore> latest;
  int const a[] = {0, 1, 2, 3, 3};
  int const b[] = {0, 1, 2, 2, 3};
  for (int i = 0; i < 5; ++i) {
    latest.push_back({"knowledge", "R" + std::to_string(i + 1), "A", a[i]});
    latest.push_back({"knowledge", "R" + std::to_string(i + 1), "B", b[i]});
  }
  latest.push_back({"manner", "R1", "A", 3});
  latest.push_back({"manner", "R1", "B", 1});
  latest.push_back({"style", "R1", "A", 0});
  auto const r = engine::assessor_agreement(latest, {{"knowledge", 2}, {"manner", 2}});
  REQUIRE(r.pairs.size() == 2);
  CHECK(r.pairs[0].criterion == "knowledge");
  CHECK(r.pairs[0].applicants == 5);
  CHECK(r.pairs[0].exact == Approx(0.8));
  CHECK(r.pairs[0].mean_difference == Approx(0.2));
  CHECK(*r.pairs[0].kappa == Approx(56.0 / 61.0));
  REQUIRE(r.moderation.size() == 1);  // knowledge differs by at most 1, under its threshold
  CHECK(r.moderation[0].ref == "R1");
  CHECK(r.moderation[0].criterion == "manner");
  REQUIRE(r.assessors.size() == 2);
  CHECK(r.assessors[0].compared == 6);
  CHECK(r.assessors[0].mean_difference == Approx(0.5));
  CHECK(r.assessors[0].systematic);
  CHECK(r.assessors[1].mean_difference == Approx(-0.5));

  // A single assessor is compared with nobody.
  auto const alone = engine::assessor_agreement({{"knowledge", "R1", "A", 2}}, {{"knowledge", 1}});
  CHECK(alone.pairs.empty());
  CHECK(alone.moderation.empty());
  CHECK(alone.assessors.empty());
}

TEST_CASE("counterfactual: what would have changed each verdict", "[statistics][counterfactual]") {
  rules::Policy policy;
  policy.top = 2;
  std::vector<engine::CriterionStanding> const criteria{
      {"qts", true, Outcome::not_met, 0, 0},
      {"dbs", true, Outcome::unknown, 0, 0},
      {"rtw", true, Outcome::not_met, 0, 0},
      {"cpd", false, Outcome::not_met, 0, 3},
      {"ict", false, Outcome::met, 1, 1},
      {"trips", false, Outcome::unknown, 0, 2},
      {"later", false, Outcome::not_assessed, 0, 5},
  };
  SECTION("excluded: every unmet essential, and review while one stays unknown") {
    auto const c = engine::counterfactual(policy, Verdict::excluded, 1, criteria, 4);
    CHECK(c.criteria == std::vector<std::string>{"qts", "rtw"});
    CHECK(c.verdict == Verdict::needs_review);
  }
  SECTION("needs review: the unknown essentials") {
    auto const c = engine::counterfactual(policy, Verdict::needs_review, 1, criteria, 4);
    CHECK(c.criteria == std::vector<std::string>{"dbs"});
    CHECK(c.verdict == Verdict::eligible);
  }
  SECTION("eligible: the fewest desirables, largest gain first, to reach the cut-off") {
    auto const level = engine::counterfactual(policy, Verdict::eligible, 1, criteria, 4);
    CHECK(level.criteria == std::vector<std::string>{"cpd"});  // 1 + 3 = 4: level, ties in
    CHECK(level.verdict == Verdict::shortlisted);
    auto const two = engine::counterfactual(policy, Verdict::eligible, 1, criteria, 5);
    CHECK(two.criteria == std::vector<std::string>{"cpd", "trips"});
    policy.ties_included = false;  // level is not enough: it must be above
    CHECK(engine::counterfactual(policy, Verdict::eligible, 1, criteria, 4).criteria ==
          std::vector<std::string>{"cpd", "trips"});
    // Nothing left to earn reaches 7 (not assessed criteria cannot help).
    auto const none = engine::counterfactual(policy, Verdict::eligible, 1, criteria, 7);
    CHECK(none.criteria.empty());
    CHECK_FALSE(none.verdict);
    // With nobody shortlisted, any minimum score is the bar.
    policy.minimum_score = 3;
    CHECK(engine::counterfactual(policy, Verdict::eligible, 1, criteria, std::nullopt).criteria ==
          std::vector<std::string>{"cpd"});
  }
  SECTION("shortlisted: nothing to change") {
    auto const c = engine::counterfactual(policy, Verdict::shortlisted, 4, criteria, 4);
    CHECK(c.criteria.empty());
    CHECK_FALSE(c.verdict);
  }
}

TEST_CASE("a specification's examples pass or fail against their expected verdicts",
          "[statistics][examples]") {
  auto const loaded = test::load_text(R"(vacancy v "V" {
  section "S" {
    essential qts "QTS"
      require qts
  }
  shortlist top 1
  example "qualified" {
    qts = true
    expect eligible
  }
  example "wrongly expected" {
    qts = false
    expect eligible
  }
  example "unknown" {
    expect needs review
  }
}
)");
  INFO(rules::render_all(loaded.diagnostics));
  REQUIRE(loaded.specification);
  auto const outcomes = engine::run_examples(*loaded.specification, rules::make_date(2026, 11, 23));
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[0].passed);
  CHECK_FALSE(outcomes[1].passed);
  CHECK(outcomes[1].verdict == Verdict::excluded);
  CHECK(outcomes[1].failures == std::set<std::string>{"qts"});
  CHECK(outcomes[2].passed);
  CHECK(outcomes[2].verdict == Verdict::needs_review);
}
