// A checked specification, lowered for evaluation: names resolved to field slots, members and
// variables; every expression typed; criteria, flags, the shortlisting policy and the examples
// in plain structs. The engine evaluates this and never sees the source text's syntax.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sift/rules/diagnostic.hpp"
#include "sift/rules/types.hpp"
#include "sift/rules/value.hpp"

namespace sift::rules {

enum class Op {
  constant,     // `constant`
  field,        // form field `index`
  member,       // member `index` of record `a`
  project,      // member `index` of every record in list `a`
  variable,     // bound variable `index` (an element in `where` or `any`/`all`)
  logical_not,  // not a
  logical_and,  // a and b (Kleene)
  logical_or,   // a or b (Kleene)
  negate,       // -a
  equal,
  not_equal,
  less,
  less_equal,
  greater,
  greater_equal,
  in,
  not_in,         // a in b
  contains,       // collection a contains element b
  text_contains,  // text a contains text b (Unicode case folded)
  text_starts,    // text a starts with text b (folded)
  text_ends,      // text a ends with text b (folded)
  text_word,      // text a contains text b as whole words (folded)
  contains_all,
  contains_any,
  is_missing,   // the applicant did not answer
  is_known,     // the applicant answered (perhaps none)
  is_none,      // the applicant answered none; unknown when they did not answer
  is_not_none,  // the applicant answered with a value; unknown when they did not answer
  add,
  subtract,
  multiply,
  divide,  // numbers
  date_plus,
  date_minus,       // date a +/- duration b
  date_difference,  // date a - date b, a duration
  calendar_plus,    // date a moved by `index` calendar months (`+ 1 year`, `- 6 months`)
  duration_add,
  duration_subtract,
  intersect,
  unite,
  difference,  // sets
  filter,      // elements of a for which b holds, element bound to variable `index`
  any,
  all,          // quantifiers over a, element bound to variable `index`, predicate b
  count,        // number of elements of a
  sum,          // sum of a list of numbers or durations
  minimum,      // least element of a list of numbers, durations or dates
  maximum,      // greatest element
  earliest,     // the record of spells a with the earliest start
  latest,       // the record of spells a with the latest start (the most recent post)
  years,        // years covered by spells a (start/end members), overlaps counted once
  longest_gap,  // longest gap between spells a and up to the as-of date
  years_since,  // years from date a to the as-of date
  today,        // the run's as-of date
};

struct Node {
  Op op = Op::constant;
  Type type;
  int a = -1;
  int b = -1;
  int index = -1;
  int start_member = -1;  // for years/longest_gap: member indexes of start and end
  int end_member = -1;
  int b_start_member = -1;  // for longest_gap's explained breaks (b): the same, in b's records
  int b_end_member = -1;
  bool end_excluded = false;    // years/longest_gap: a spell's end date is not one of its days
  bool between_spells = false;  // longest_gap: not the time since the last spell ended
  Value constant;
  std::string symbol;  // a binary operator as written: ">=", "contains all of"
  std::string text;  // this expression in canonical form, for evidence: "count(subjects & science)"
};

// Visits the nodes of an expression from its root, with a stack of its own (a chain of thousands
// of `and`s is as deep as it is long); stops when `visit` returns false.
template <typename Visit>
void walk_nodes(std::vector<Node> const& nodes, int root, Visit visit) {
  std::vector<int> pending{root};
  while (!pending.empty()) {
    int const node = pending.back();
    pending.pop_back();
    if (node < 0) continue;
    auto const& n = nodes[static_cast<std::size_t>(node)];
    if (!visit(n)) return;
    pending.push_back(n.b);
    pending.push_back(n.a);
  }
}

enum class Importance { essential, desirable };

// Where a criterion's evidence comes from; a run is for a stage and assesses only some.
enum class EvidenceSource { application = 1, interview = 2, references = 4, task = 8 };

enum class Combine { mean, median, minimum };

struct Scoring {
  int threshold = 2;  // combined score needed for the criterion to be met (0-3 scale)
  Combine combine = Combine::mean;
  int disagreement = 2;  // assessors this far apart raise a moderation flag
};

inline constexpr int max_assessor_score = 3;

struct Criterion {
  std::string id;
  std::string title;
  std::string section;
  Importance importance = Importance::essential;
  unsigned evidence = static_cast<unsigned>(EvidenceSource::application);
  double weight = 1;   // desirables only
  int condition = -1;  // root node of `require`, or -1
  std::optional<Scoring> scoring;
  SourceLocation where;
  std::string rule_text;  // the `require`/`scored` line as a person reads it

  bool has_evidence(EvidenceSource source) const {
    return (evidence & static_cast<unsigned>(source)) != 0;
  }
};

struct Flag {
  std::string id;
  std::string title;
  int condition = -1;
  SourceLocation where;
  std::string rule_text;
};

// A key that decides between applicants level on score, higher first: a desirable criterion's
// points, or a numeric expression of the vacancy (`node`), ranked by its least possible value.
struct TieBreak {
  std::string criterion;  // empty for an expression
  int node = -1;
  std::string text;  // as written
};

struct Policy {
  std::optional<int> top;
  bool ties_included = true;
  std::optional<double> minimum_score;
  // Level at the cut-off: same score and tie-break values (false), or same score alone (true:
  // `ties on score included`).
  bool ties_on_score = false;
  std::vector<TieBreak> tie_break;  // in order, before the final order by ref
  SourceLocation where;
};

struct ExampleScore {
  std::string criterion;
  std::vector<int> scores;  // one per assessor
};

// A made-up applicant and the verdict the specification must give them (`sift test`).
struct Example {
  std::string title;
  SourceLocation where;
  std::optional<Date> as_of;
  std::vector<std::pair<int, Value>> fields;  // field slot, value; unlisted fields are missing
  std::vector<ExampleScore> scores;
  std::string expected_verdict;  // "excluded", "needs review", "eligible" or "shortlisted"
  std::vector<std::string> expected_failures;                // essentials not met, when excluded
  std::vector<std::pair<std::string, bool>> expected_flags;  // flag id, raised
  std::optional<double> expected_score;
};

struct Vacancy {
  std::string id;
  std::string title;
  SourceLocation where;
  std::vector<Node> nodes;
  int variable_count = 0;
  std::vector<std::pair<std::string, int>> lets;  // each vacancy `let` and its root node
  std::vector<Criterion> criteria;
  std::vector<Flag> flags;
  Policy policy;
  std::vector<Example> examples;
  // Applicants are known only by ref until the panel reveals them (on unless `blind off`).
  bool blind = true;
};

struct Field {
  std::string name;
  Type type;
  SourceLocation where;
};

struct SourceFile {
  std::string path;  // as named relative to the main file's directory
  std::string text;
  friend bool operator==(SourceFile const&, SourceFile const&) = default;
};

struct Specification {
  std::vector<Field> fields;  // a field's index is its slot in an application record
  std::vector<Vacancy> vacancies;
  std::vector<SourceFile> sources;  // the main file first, then every file it uses

  int field_index(std::string const& name) const;
  Vacancy const* vacancy(std::string const& id) const;
};

}  // namespace sift::rules
