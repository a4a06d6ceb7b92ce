// The list of subcommands, in the order `sift --help` shows them.
#include "command.hpp"

namespace sift::cli {

int run_check(Globals const&, std::vector<std::string> const&);
int run_fmt(Globals const&, std::vector<std::string> const&);
int run_test(Globals const&, std::vector<std::string> const&);
int run_vacancy(Globals const&, std::vector<std::string> const&);
int run_import(Globals const&, std::vector<std::string> const&);
int run_scores(Globals const&, std::vector<std::string> const&);
int run_applicants(Globals const&, std::vector<std::string> const&);
int run_export(Globals const&, std::vector<std::string> const&);
int run_erase(Globals const&, std::vector<std::string> const&);
int run_screen(Globals const&, std::vector<std::string> const&);
int run_run(Globals const&, std::vector<std::string> const&);
int run_runs(Globals const&, std::vector<std::string> const&);
int run_shortlist(Globals const&, std::vector<std::string> const&);
int run_verify(Globals const&, std::vector<std::string> const&);
int run_explain(Globals const&, std::vector<std::string> const&);
int run_decide(Globals const&, std::vector<std::string> const&);
int run_report(Globals const&, std::vector<std::string> const&);
int run_diff(Globals const&, std::vector<std::string> const&);
int run_impact(Globals const&, std::vector<std::string> const&);
int run_reveal(Globals const&, std::vector<std::string> const&);
int run_agreement(Globals const&, std::vector<std::string> const&);

std::vector<Command> const& commands() {
  static std::vector<Command> const all = {
      {"screen", "the main job in one go: add a specification, import, run, print the shortlist",
       run_screen},
      {"check", "check specification files and report every error", run_check},
      {"fmt", "print, check or rewrite a specification in canonical layout", run_fmt},
      {"test", "run a specification's example applicants against their expected verdicts",
       run_test},
      {"vacancy", "add a vacancy's specification to the database, or list the vacancies",
       run_vacancy},
      {"import", "import applications (JSON Lines), all or nothing", run_import},
      {"scores", "import assessors' scores (CSV)", run_scores},
      {"applicants", "list applicants, or show one (blind: names withheld)", run_applicants},
      {"export", "everything held about one applicant, as JSON (subject access)", run_export},
      {"erase", "erase an applicant's identifying details and statement", run_erase},
      {"run", "screen every applicant of a vacancy and store the run", run_run},
      {"runs", "list the stored runs", run_runs},
      {"shortlist", "show a run's ranking and shortlist", run_shortlist},
      {"explain", "why an applicant got their verdict, from the stored run", run_explain},
      {"decide", "record the panel's decision (shortlist, reject, hold) with a reason", run_decide},
      {"report", "the shortlisting matrix of a run as HTML, CSV or JSON", run_report},
      {"diff", "what a proposed specification would change, before it is adopted", run_diff},
      {"reveal", "lift blind shortlisting for a vacancy, on the record", run_reveal},
      {"agreement", "how far the assessors agree; the moderation queue", run_agreement},
      {"impact", "adverse impact of a run by an equality-monitoring question", run_impact},
      {"verify", "recompute a stored run and check that nothing in it was altered", run_verify},
  };
  return all;
}

}  // namespace sift::cli
