// `sift feedback REF`: the letter an applicant may ask for: the outcome, each essential criterion
// their application did not meet in the person specification's own words, what was read from
// their application, and their right to ask for a person to review it. Text, or HTML, or the
// trust's own template with {{placeholders}}.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../quoting.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/error.hpp"
#include "sift/screening/feedback.hpp"

namespace po = boost::program_options;

namespace sift::cli {

namespace {

std::string outcome_text(screening::Feedback const& f) {
  if (f.shortlisted)
    return "You have been shortlisted for interview. We will be in touch about the next stage.";
  switch (f.verdict) {
    case engine::Verdict::excluded:
      return "You were not shortlisted for interview: your application did not show every "
             "essential criterion of the person specification.";
    case engine::Verdict::needs_review:
      return "You were not shortlisted for interview. Some essential criteria could not be "
             "decided from your application; the panel considered them.";
    default:
      return "You were not shortlisted for interview. Your application met every essential "
             "criterion; the panel shortlisted applicants whose applications showed more of the "
             "desirable criteria.";
  }
}

constexpr char const* review_text =
    "You may ask for a person to review this outcome: reply to this letter quoting your "
    "reference within 28 days. Every outcome was checked by the shortlisting panel; you may also "
    "ask for a copy of the information we hold about you.";

// The criteria in plain text: each in the specification's words, then what was read.
std::string criteria_text(std::vector<screening::CriterionFeedback> const& criteria) {
  std::string out;
  for (auto const& c : criteria) {
    out += fmt::format("  - {} ({})\n", c.title, c.section);
    for (auto const& a : c.read)
      out += fmt::format("      {}: {}\n", a.question, a.given);
  }
  return out;
}

std::string letter_text(screening::Feedback const& f) {
  std::string out = fmt::format("Dear {},\n\nYour application for {} (reference {})\n\n",
                                f.name.empty() ? "applicant" : f.name, f.vacancy_title, f.ref);
  out +=
      "Thank you for applying. The shortlisting panel assessed every application against the "
      "person specification for the post, using the evidence in the application form.\n\n";
  out += outcome_text(f) + "\n";
  if (!f.not_met.empty())
    out += "\nThe essential criteria your application did not show, and what we read from it:\n" +
           criteria_text(f.not_met);
  if (!f.undecided.empty())
    out +=
        "\nThe essential criteria that could not be decided (information not given, or not yet "
        "assessed):\n" +
        criteria_text(f.undecided);
  if (!f.desirables.empty())
    out += "\nDesirable criteria your application showed:\n" + criteria_text(f.desirables);
  out += fmt::format("\n{}\n\nThe recruitment panel, {}\n", review_text, f.vacancy_title);
  return out;
}

std::string criteria_html(std::vector<screening::CriterionFeedback> const& criteria) {
  std::string out = "<ul>\n";
  for (auto const& c : criteria) {
    out += fmt::format("<li><strong>{}</strong> ({})<ul>", html_escape(c.title),
                       html_escape(c.section));
    for (auto const& a : c.read)
      out += fmt::format("<li>{}: {}</li>", html_escape(a.question), html_escape(a.given));
    out += "</ul></li>\n";
  }
  return out + "</ul>\n";
}

std::string letter_html(screening::Feedback const& f) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Your "
      "application for {0}</title><style>body{{font-family:sans-serif;max-width:40em;margin:2em "
      "auto;line-height:1.5}}</style></head><body>\n<p>Dear {1},</p>\n<h1>Your application for "
      "{0} (reference {2})</h1>\n",
      html_escape(f.vacancy_title), html_escape(f.name.empty() ? "applicant" : f.name),
      html_escape(f.ref));
  out +=
      "<p>Thank you for applying. The shortlisting panel assessed every application against "
      "the person specification for the post, using the evidence in the application "
      "form.</p>\n";
  out += "<p>" + html_escape(outcome_text(f)) + "</p>\n";
  if (!f.not_met.empty())
    out += "<h2>The essential criteria your application did not show</h2>\n" +
           criteria_html(f.not_met);
  if (!f.undecided.empty())
    out +=
        "<h2>The essential criteria that could not be decided</h2>\n" + criteria_html(f.undecided);
  if (!f.desirables.empty())
    out += "<h2>Desirable criteria your application showed</h2>\n" + criteria_html(f.desirables);
  out += fmt::format("<p>{}</p>\n<p>The recruitment panel, {}</p>\n</body></html>\n",
                     html_escape(review_text), html_escape(f.vacancy_title));
  return out;
}

// The trust's own template: {{name}}, {{vacancy}}, {{ref}}, {{outcome}}, {{not_met}},
// {{undecided}}, {{desirables}}, {{review}} are filled in; nothing else is touched.
std::string from_template(std::string text, screening::Feedback const& f) {
  std::vector<std::pair<std::string, std::string>> const values{
      {"{{name}}", f.name.empty() ? "applicant" : f.name},
      {"{{vacancy}}", f.vacancy_title},
      {"{{ref}}", f.ref},
      {"{{outcome}}", outcome_text(f)},
      {"{{not_met}}", criteria_text(f.not_met)},
      {"{{undecided}}", criteria_text(f.undecided)},
      {"{{desirables}}", criteria_text(f.desirables)},
      {"{{review}}", review_text}};
  for (auto const& [key, value] : values)
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  return text;
}

}  // namespace

Command feedback_command() {
  return {
      "feedback",
      "the feedback letter an applicant may ask for (text, HTML or the trust's template)",
      "feedback REF [--vacancy V] [--run ID] [--html FILE] [--template FILE]",
      "  sift feedback A0000001\n"
      "  sift feedback A0000001 --html A0000001-feedback.html\n"
      "  sift feedback A0000001 --template trust-letter.txt\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("ref", po::value<std::string>()->required(), "the applicant's ref")(
            "vacancy", po::value<std::string>()->default_value(""),
            "the vacancy, when the ref is in several")("run", po::value<std::int64_t>(),
                                                       "a run id (default: the vacancy's latest)")(
            "html", po::value<std::string>(), "also write the letter as an HTML page")(
            "template", po::value<std::string>(),
            "a text template with {{name}}, {{vacancy}}, {{ref}}, {{outcome}}, {{not_met}}, "
            "{{undecided}}, {{desirables}} and {{review}}")(
            "sent-by", po::value<std::string>(),
            "record that this letter was sent to the applicant, by this person (kept: when, "
            "from which run, and the SHA-256 of the letter)");
        positional.add("ref", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
          auto const f = screening::feedback(
              db, values["ref"].as<std::string>(), values["vacancy"].as<std::string>(),
              values.count("run") ? std::optional(values["run"].as<std::int64_t>()) : std::nullopt);
          std::string letter = letter_text(f);
          if (values.count("template")) {
            auto const path = values["template"].as<std::string>();
            std::ifstream in(path);
            if (!in) throw data::Error(data::ErrorKind::io, fmt::format("cannot read {}", path));
            std::ostringstream text;
            text << in.rdbuf();
            letter = from_template(text.str(), f);
          }
          std::cout << letter;
          if (values.count("html")) {
            auto const path = values["html"].as<std::string>();
            std::ofstream out(path);
            if (!(out << letter_html(f)))
              throw data::Error(data::ErrorKind::io, fmt::format("cannot write {}", path));
          }
          // Only when the user says it was sent: a draft is not a letter on the record.
          if (values.count("sent-by")) {
            data::Applications(db).record_feedback_sent(
                f.run.vacancy, f.ref, f.run.id, values["sent-by"].as<std::string>(), letter);
            std::cerr << fmt::format("recorded: feedback to {} sent by {} (run {})\n", f.ref,
                                     values["sent-by"].as<std::string>(), f.run.id);
          }
          return success;
        });
      }};
}

}  // namespace sift::cli
