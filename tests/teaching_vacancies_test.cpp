// `sift import --from teaching-vacancies`: the DfE service's job applications, mapped onto the
// application format, screened with the seed science specification, and nothing identifying or
// monitoring-related among the facts the rules read.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <regex>

#include "support.hpp"

using namespace sift;

namespace {

bool contains(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

std::filesystem::path const sample =
    test::source_dir() / "examples" / "teaching-vacancies.sample.json";

struct Workspace {
  std::filesystem::path dir = test::temporary_directory();
  Workspace() {
    REQUIRE(sift({"vacancy", "add",
                  (test::source_dir() / "examples" / "second-in-science.sift").string()})
                .exit == 0);
  }
  ~Workspace() { std::filesystem::remove_all(dir); }
  test::Run sift(std::vector<std::string> args, std::string const& input = {}) {
    args.insert(args.begin(), {"--db", "sift.db"});
    return test::sift(args, dir, input);
  }
  test::Run import_sample(std::string const& document = {}) {
    if (document.empty())
      return sift({"import", "--from", "teaching-vacancies", sample.string(), "--vacancy",
                   "second-in-science"});
    return sift({"import", "--from", "teaching-vacancies", "-", "--vacancy", "second-in-science"},
                document);
  }
  std::map<std::string, std::string> facts() const { return test::stored_facts(dir / "sift.db"); }
};

// A one-application document whose application is the sample's first, changed by `edit`.
std::string first_application_with(std::string const& from, std::string const& to) {
  auto const text = test::read_file(sample);
  auto const at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.substr(0, at) + to + text.substr(at + from.size());
}

std::string const first_ref = "0b6d2e4a-1c3f-4a7b-9e2d-000000000001";
std::string const carer_ref = "0b6d2e4a-1c3f-4a7b-9e2d-000000000004";

}  // namespace

TEST_CASE("the Teaching Vacancies sample imports and screens with the seed science specification",
          "[cli][teaching-vacancies]") {
  Workspace w;
  auto const imported = w.import_sample();
  CHECK(imported.exit == 0);
  CHECK(contains(imported.out, "5 read, 5 added, 0 new versions, 0 unchanged, 0 rejected"));
  // What was read but not stored is named and counted, never silently lost.
  CHECK(contains(imported.out, "national_insurance_number (4 records)"));
  CHECK(contains(imported.out, "street_address (5 records)"));
  CHECK(contains(imported.out, "self_disclosure_request.self_disclosure.has_spent_convictions"));

  auto const run = w.sift({"run", "second-in-science", "--as-of", "2026-11-23"});
  REQUIRE(run.exit == 0);
  CHECK(contains(run.out, "5 applicants of second-in-science"));

  // The career changer's caring break is explained: no gap flag, whichever days of their months
  // her job ended and the break began.
  auto const carer = w.sift({"explain", carer_ref, "--format", "json"});
  REQUIRE(carer.exit == 0);
  CHECK_FALSE(contains(carer.out, "employment_gap"));  // only raised or unknown flags are listed
  CHECK(contains(carer.out, "\"verdict\":\"excluded\""));  // QTS on track is not QTS
  auto const facts = w.facts();
  REQUIRE(facts.size() == 5);
  CHECK(contains(facts.at(carer_ref), "\"qts\":false,\"qts_status\":\"on_track\""));
  CHECK(contains(facts.at(carer_ref),
                 "\"breaks\":[{\"start\":\"2019-03\",\"end\":\"2021-09\",\"reason\":\"Full-"
                 "time carer for a family member\"}]"));
  CHECK(contains(facts.at(carer_ref),
                 "{\"level\":\"pgce\",\"subject\":\"PGCE Secondary "
                 "Biology\",\"grade\":null,\"in_progress\":true}"));
  // One row per GCSE and A-level subject; an undergraduate degree is a degree; a SCITT is one.
  CHECK(
      contains(facts.at(first_ref),
               "{\"level\":\"a_level\",\"subject\":\"Chemistry\",\"grade\":\"A\",\"year\":2010}"));
  CHECK(contains(facts.at(first_ref), "{\"level\":\"degree\",\"subject\":\"BSc Chemistry\""));
  CHECK(contains(facts.at("0b6d2e4a-1c3f-4a7b-9e2d-000000000002"), "{\"level\":\"scitt\""));
  CHECK(contains(facts.at(first_ref),
                 "\"cpd\":[{\"name\":\"NPQ for Leading Teaching\","
                 "\"provider\":\"Ambition Institute\",\"year\":2023}]"));
  // Teaching Vacancies asks employment dates to the month: partial dates, no invented day. The
  // current post is open; the year of QTS is a year.
  CHECK(contains(facts.at(first_ref), "\"start\":\"2014-09\",\"end\":\"2019-08\""));
  CHECK(contains(facts.at(first_ref), "\"start\":\"2019-09\",\"end\":null"));
  CHECK(contains(facts.at(first_ref), "\"qts_awarded\":\"2015\""));
  // The self-disclosure, where there is one, answers the three declarations; spent
  // convictions are never read.
  CHECK(contains(facts.at("0b6d2e4a-1c3f-4a7b-9e2d-000000000005"),
                 "\"declarations\":{\"safeguarding_issue\":true,\"on_barred_list\":false,"
                 "\"unspent_convictions\":false,\"disciplinary\":false}"));
  // The statement is text, without its HTML.
  auto const shown = w.sift({"applicants", "show", first_ref});
  CHECK(contains(shown.out, "Last year 78% of my Year 11 group achieved grade 6 or above."));
  CHECK_FALSE(contains(shown.out, "<strong>"));
}

TEST_CASE(
    "an explained caring break keeps the gap flag down, and what it leaves unexplained raises it",
    "[cli][teaching-vacancies][dates]") {
  struct Case {
    std::string what;
    std::string break_start;
    std::string flag;  // the employment_gap flag in the explanation, or empty if not raised
  };
  std::vector<Case> const cases = {
      {"the break covers the whole gap", "2019-03-01", ""},
      {"the break starts a year late", "2020-03-01",
       "\"id\":\"employment_gap\",\"title\":\"Unexplained gap in employment of more than three "
       "months: explore at "
       "interview\",\"outcome\":\"raised\",\"evidence\":\"longest_gap(employment, "
       "breaks) is 11 months to 13 months (dates given only to the month or year)\""},
  };
  for (auto const& c : cases) {
    INFO(c.what);
    Workspace w;
    auto const document = first_application_with("\"started_on\": \"2019-03-01\"",
                                                 "\"started_on\": \"" + c.break_start + "\"");
    REQUIRE(w.import_sample(document).exit == 0);
    REQUIRE(w.sift({"run", "second-in-science", "--as-of", "2026-11-23"}).exit == 0);
    auto const carer = w.sift({"explain", carer_ref, "--format", "json"});
    if (c.flag.empty())
      CHECK_FALSE(contains(carer.out, "employment_gap"));
    else
      CHECK(contains(carer.out, c.flag));
  }
}

TEST_CASE("nothing identifying or monitoring-related from Teaching Vacancies reaches the facts",
          "[cli][teaching-vacancies][privacy]") {
  Workspace w;
  REQUIRE(w.import_sample().exit == 0);
  auto const document = test::read_file(sample);
  // Every value of the sample's identifying, religious, support and monitoring columns.
  std::vector<std::string> never;
  for (auto const* column : {"first_name",
                             "last_name",
                             "previous_names",
                             "street_address",
                             "city",
                             "postcode",
                             "phone_number",
                             "email_address",
                             "national_insurance_number",
                             "teacher_reference_number",
                             "support_needed_details",
                             "faith",
                             "place_of_worship",
                             "ethos_and_aims",
                             "gender",
                             "ethnicity",
                             "religion",
                             "orientation",
                             "age",
                             "close_relationships_details"}) {
    std::regex const value(fmt::format("\"{}\": \"([^\"]+)\"", column));
    for (auto it = std::sregex_iterator(document.begin(), document.end(), value);
         it != std::sregex_iterator(); ++it)
      never.push_back((*it)[1].str());
  }
  REQUIRE(never.size() > 40);  // the sample really holds such values
  for (auto const& [ref, facts] : w.facts()) {
    for (auto const& value : never) {
      INFO(ref << " holds " << value);
      CHECK_FALSE(contains(facts, "\"" + value + "\""));
    }
    for (auto const* key :
         {"personal", "monitoring", "gender", "religion", "ethnicity", "age", "disability",
          "national_insurance", "previous_names", "faith", "support", "trn"}) {
      INFO(ref << " has the key " << key);
      CHECK_FALSE(contains(facts, fmt::format("\"{}", key)));
    }
  }
  // Applicant 4 answered the monitoring questions before Teaching Vacancies blanked them: the
  // answers are kept apart, for adverse-impact reporting only.
  SQLite::Database db((w.dir / "sift.db").string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT answers FROM monitoring").getString() ==
        "{\"disability\":false,\"age_band\":\"30-39\",\"gender\":\"man\",\"ethnicity\":\"black\","
        "\"religion\":\"christian\"}");
  CHECK(db.execAndGet("SELECT count(*) FROM monitoring").getInt() == 1);
  // Blind review shows none of the identity.
  auto const blind = w.sift({"applicants", "show", first_ref});
  for (auto const* value : {"Aoife", "Brennan-Okafor", "aoife.brennan@example.com", "1587342"}) {
    INFO(value);
    CHECK_FALSE(contains(blind.out, value));
  }
}

TEST_CASE("a Teaching Vacancies document is checked whole, and its bad applications named",
          "[cli][teaching-vacancies]") {
  Workspace w;
  auto const no_vacancy = w.sift({"import", "--from", "teaching-vacancies", sample.string()});
  CHECK(no_vacancy.exit == 2);
  CHECK(contains(no_vacancy.err, "--from teaching-vacancies needs --vacancy V"));
  auto const wrong_from = w.sift({"import", "--from", "tes", sample.string(), "--vacancy", "v"});
  CHECK(wrong_from.exit == 2);

  auto const not_tv = w.import_sample("{\"applications\": []}");
  CHECK(not_tv.exit == 4);
  CHECK(contains(not_tv.err,
                 "stdin: not a Teaching Vacancies document: expected an object whose "
                 "job_applications is a list; nothing imported"));
  auto const not_json = w.import_sample("{\"job_applications\": [");
  CHECK(not_json.exit == 4);
  CHECK(contains(not_json.err, "stdin: not a JSON document"));

  // Two problems in one application, both named, with where the application is.
  auto const bad =
      first_application_with("\"category\": \"undergraduate\"", "\"category\": \"foundation\"");
  auto const worse =
      std::regex_replace(bad, std::regex("\"submitted_at\": \"2026-10-20T19:42:11Z\""),
                         "\"submitted_at\": \"20/10/2026\"");
  auto const refused = w.import_sample(worse);
  CHECK(refused.exit == 4);
  CHECK(contains(refused.err, "stdin: job_applications[0] (id " + first_ref +
                                  "): submitted_at is \"20/10/2026\", expected a UTC timestamp "
                                  "(2026-10-20T19:42:11Z)\n"));
  CHECK(
      contains(refused.err, "stdin: job_applications[0] (id " + first_ref +
                                "): qualifications[2].category is \"foundation\", expected "
                                "gcse, as_level, a_level, undergraduate, postgraduate or other\n"));
  CHECK(w.facts().empty());

  // Skipping it imports the other four, exits 6, and writes the bad application out.
  auto const skipped = w.sift({"import", "--from", "teaching-vacancies", "-", "--vacancy",
                               "second-in-science", "--skip-invalid", "--rejects", "tv.rejects"},
                              worse);
  CHECK(skipped.exit == 6);
  CHECK(contains(skipped.out, "5 read, 4 added"));
  auto const rejected = test::read_file(w.dir / "tv.rejects");
  CHECK(rejected.starts_with("{\"id\":\"" + first_ref + "\""));
  CHECK(std::count(rejected.begin(), rejected.end(), '\n') == 1);
}

TEST_CASE("Teaching Vacancies timestamps become the UK date they were made on",
          "[cli][teaching-vacancies][dates]") {
  // British Summer Time starts at 01:00 UTC on the last Sunday of March (29 March 2026) and
  // ends at 01:00 UTC on the last Sunday of October (25 October 2026).
  struct Case {
    std::string stamp;
    std::string date;
  };
  std::vector<Case> const cases = {
      {"2026-10-20T19:42:11Z", "2026-10-20"},       // summer, early evening
      {"2026-06-30T23:30:00Z", "2026-07-01"},       // summer, late evening: the next day
      {"2026-12-01T23:30:00Z", "2026-12-01"},       // winter: the same day
      {"2026-03-29T00:59:59Z", "2026-03-29"},       // just before the clocks go forward
      {"2026-03-28T23:30:00Z", "2026-03-28"},       // the night before, still GMT
      {"2026-10-24T23:30:00.123Z", "2026-10-25"},   // the last summer night, with a fraction
      {"2026-10-25T23:30:00Z", "2026-10-25"},       // after the clocks go back
      {"2026-10-20T21:42:11+02:00", "2026-10-20"},  // an offset is honoured
  };
  for (auto const& c : cases) {
    INFO(c.stamp);
    Workspace w;
    auto const document = first_application_with("\"2026-10-20T19:42:11Z\"", "\"" + c.stamp + "\"");
    REQUIRE(w.import_sample(document).exit == 0);
    CHECK(contains(w.facts().at(first_ref), "\"submitted\":\"" + c.date + "\""));
  }
}
