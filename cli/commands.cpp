// The list of subcommands, in the order `sift --help` shows them; each is declared in its own
// file under commands/.
#include "command.hpp"

namespace sift::cli {

Command screen_command();
Command check_command();
Command fmt_command();
Command test_command();
Command eval_command();
Command vacancy_command();
Command template_command();
Command import_command();
Command scores_command();
Command panel_command();
Command signoff_command();
Command applicants_command();
Command export_command();
Command erase_command();
Command run_command();
Command runs_command();
Command shortlist_command();
Command explain_command();
Command feedback_command();
Command decide_command();
Command report_command();
Command diff_command();
Command reveal_command();
Command invite_command();
Command agreement_command();
Command impact_command();
Command verify_command();

std::vector<Command> const& commands() {
  static std::vector<Command> const all = {
      screen_command(),    check_command(),    fmt_command(),        test_command(),
      eval_command(),      vacancy_command(),  template_command(),   import_command(),
      panel_command(),     scores_command(),   applicants_command(), export_command(),
      erase_command(),     run_command(),      runs_command(),       shortlist_command(),
      explain_command(),   feedback_command(), decide_command(),     signoff_command(),
      report_command(),    diff_command(),     reveal_command(),     invite_command(),
      agreement_command(), impact_command(),   verify_command(),
  };
  return all;
}

}  // namespace sift::cli
