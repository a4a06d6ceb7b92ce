#include "checker.hpp"
#include "sift/rules/equality.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/variant/apply_visitor.hpp>
#include <cmath>
#include <map>
#include <set>

#include "printer.hpp"
#include "sift/rules/suggest.hpp"

namespace sift::rules {
namespace {

namespace x3 = boost::spirit::x3;

constexpr int no_node = -1;

// A declaration's place, for "first defined here" notes.
struct Place {
  std::size_t file = 0;
  std::size_t offset = 0;
};

struct LetInfo {
  ast::LetDecl const* decl = nullptr;
  Place place;
};

struct SectionInfo {
  ast::Section const* decl = nullptr;
  Place place;
};

// A name bound inside an expression: the element of `where`, `any` or `all`.
struct Binding {
  std::string name;
  int slot = 0;
  Type type;
  bool members_in_scope = false;  // `where` over records: bare member names resolve too
};

std::optional<double> parse_number(std::string const& text) {
  try {
    std::size_t used = 0;
    double const value = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
  } catch (std::exception const&) {
    return std::nullopt;
  }
}

std::optional<int> parse_small_integer(std::string const& text) {
  auto const value = parse_number(text);
  if (!value || *value != std::floor(*value) || *value > 1e9) return std::nullopt;
  return static_cast<int>(*value);
}

std::optional<double> unit_days(std::string const& unit) {
  if (unit.starts_with("day")) return 1.0;
  if (unit.starts_with("week")) return 7.0;
  if (unit.starts_with("month")) return days_per_month;
  if (unit.starts_with("year")) return days_per_year;
  return std::nullopt;
}

bool is_ordered(TypeKind kind) {
  return kind == TypeKind::number || kind == TypeKind::date || kind == TypeKind::duration;
}

std::string a_or_an(Type const& type) {
  auto const text = describe(type);
  bool const vowel =
      !text.empty() && std::string_view("aeiou").find(text[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + text;
}

class Checker {
 public:
  Checker(std::vector<ParsedFile> const& files, std::vector<std::size_t> const& order)
      : files_(files), order_(order) {}

  LoadResult run() {
    for (auto const& file : files_)
      spec_.sources.push_back({file.source->path(), file.source->text()});
    declare_top_level();
    check_shared_lets();
    for (std::size_t const f : order_) {
      file_ = f;
      for (auto const& item : files_[f].tree)
        if (auto const* vacancy = boost::get<ast::Vacancy>(&item)) check_vacancy(*vacancy);
    }
    LoadResult result;
    result.diagnostics = std::move(diagnostics_);
    if (result.diagnostics.empty()) result.specification = std::move(spec_);
    return result;
  }

 private:
  // ---- diagnostics ----------------------------------------------------------------------------
  std::size_t offset(x3::position_tagged const& node) const {
    return files_[file_].offset_of(node);
  }
  Diagnostic& error(x3::position_tagged const& node, std::string message) {
    diagnostics_.push_back(files_[file_].source->diagnostic(offset(node), std::move(message)));
    return diagnostics_.back();
  }
  void note(Diagnostic& diagnostic, Place const& place, std::string message) {
    diagnostic.notes.push_back(files_[place.file].source->note(place.offset, std::move(message)));
  }
  Place here(x3::position_tagged const& node) const { return {file_, offset(node)}; }
  SourceLocation location(x3::position_tagged const& node) const {
    return files_[file_].source->location(offset(node));
  }

  // Refuses a protected characteristic as a name (Equality Act 2010).
  bool refuse_protected(x3::position_tagged const& node, std::string const& name,
                        char const* what) {
    auto const characteristic = protected_name_reason(name);
    if (characteristic.empty()) return false;
    if (characteristic == "equality monitoring" || characteristic == "identifying details") {
      error(node,
            fmt::format("{} '{}' is refused: {} are stored apart and are never visible to "
                        "screening rules",
                        what, name,
                        characteristic == "equality monitoring" ? "equality-monitoring answers"
                                                                : "identifying details"));
    } else {
      error(node, fmt::format("{} '{}' is refused: it stands for {}, a protected characteristic "
                              "under the Equality Act 2010, which screening rules must not use",
                              what, name, characteristic));
    }
    return true;
  }

  // ---- declarations shared by every vacancy ---------------------------------------------------
  void declare_top_level() {
    std::map<std::string, Place> fields;
    for (std::size_t const f : order_) {
      file_ = f;
      for (auto const& item : files_[f].tree) {
        if (auto const* field = boost::get<ast::FieldDecl>(&item)) {
          declare_field(*field, fields);
        } else if (auto const* let = boost::get<ast::LetDecl>(&item)) {
          if (refuse_protected(*let, let->name, "the name")) continue;
          if (auto const found = top_lets_.find(let->name); found != top_lets_.end()) {
            auto& d = error(*let, fmt::format("'{}' is defined twice", let->name));
            note(d, found->second.place, "first defined here");
            continue;
          }
          top_lets_[let->name] = {let, here(*let)};
        } else if (auto const* section = boost::get<ast::Section>(&item)) {
          if (auto const found = shared_sections_.find(section->title);
              found != shared_sections_.end()) {
            auto& d =
                error(*section, fmt::format("section \"{}\" is defined twice", section->title));
            note(d, found->second.place, "first defined here");
            continue;
          }
          shared_sections_[section->title] = {section, here(*section)};
        } else if (auto const* vacancy = boost::get<ast::Vacancy>(&item)) {
          if (auto const found = vacancies_.find(vacancy->id); found != vacancies_.end()) {
            auto& d = error(*vacancy, fmt::format("vacancy '{}' is defined twice", vacancy->id));
            note(d, found->second, "first defined here");
            continue;
          }
          vacancies_[vacancy->id] = here(*vacancy);
        }
      }
    }
  }

  // Shared lets are lowered into each vacancy that refers to them; each is also checked once
  // here, so that an unused one is checked too and a broken one is reported only once.
  void check_shared_lets() {
    Vacancy scratch;
    vacancy_ = &scratch;
    for (auto const& [name, info] : top_lets_)
      if (lower_let(name) == no_node) broken_shared_lets_.insert(name);
    vacancy_ = nullptr;
    let_nodes_.clear();
  }

  void declare_field(ast::FieldDecl const& field, std::map<std::string, Place>& seen) {
    if (refuse_protected(field, field.name, "the field")) return;
    if (auto const found = seen.find(field.name); found != seen.end()) {
      auto& d = error(field, fmt::format("field '{}' is declared twice", field.name));
      note(d, found->second, "first declared here");
      return;
    }
    seen[field.name] = here(field);
    auto type = resolve_type(field.type);
    if (!type) return;
    spec_.fields.push_back({field.name, std::move(*type), location(field)});
  }

  std::optional<Type> resolve_type(ast::TypeExpr const& type) {
    static const std::map<std::string, TypeKind> scalars = {{"bool", TypeKind::boolean},
                                                            {"number", TypeKind::number},
                                                            {"text", TypeKind::text},
                                                            {"date", TypeKind::date},
                                                            {"duration", TypeKind::duration}};
    if (type.head == "list" || type.head == "set") {
      auto element = resolve_type(type.arguments.front());
      if (!element) return std::nullopt;
      if (type.head == "set" && element->kind == TypeKind::record) {
        error(type, "a set cannot hold records; use 'list of'");
        return std::nullopt;
      }
      return collection_of(type.head == "list" ? TypeKind::list : TypeKind::set, *element);
    }
    if (type.head == "optional") {
      auto inner = resolve_type(type.arguments.front());
      if (!inner) return std::nullopt;
      if (inner->optional) {
        error(type, "'optional optional' says the same as 'optional'; write it once");
        return std::nullopt;
      }
      inner->optional = true;
      return inner;
    }
    if (type.head == ast::record_head) {
      Type record = scalar(TypeKind::record);
      bool ok = true;
      for (auto const& member : type.members) {
        if (refuse_protected(member, member.name, "the member")) {
          ok = false;
          continue;
        }
        if (record.member_index(member.name) >= 0) {
          error(member, fmt::format("member '{}' appears twice in this record", member.name));
          ok = false;
          continue;
        }
        auto member_type = resolve_type(member.type.get());
        if (!member_type) {
          ok = false;
          continue;
        }
        record.members.push_back({member.name, std::move(*member_type)});
      }
      if (!ok) return std::nullopt;
      return record;
    }
    if (auto const found = scalars.find(type.head); found != scalars.end()) {
      Type result = scalar(found->second);
      if (type.range.empty()) return result;
      auto const low = parse_number(type.range[0]);
      auto const high = parse_number(type.range[1]);
      if (result.kind != TypeKind::number) {
        error(type, fmt::format("only a number takes a range ('from ... to ...'), not {}",
                                a_or_an(result)));
        return std::nullopt;
      }
      if (!low || !high || *low > *high) {
        error(type, fmt::format("the range from {} to {} is empty", type.range[0], type.range[1]));
        return std::nullopt;
      }
      result.range = NumberRange{*low, *high};
      return result;
    }
    std::vector<std::string> names{"bool",     "number",  "text",   "date",
                                   "duration", "list of", "set of", "optional"};
    auto const suggestion = nearest(type.head, names);
    error(type, fmt::format("unknown type '{}'{}; the types are bool, number, text, date, "
                            "duration, list of T, set of T, optional T and {{member: T, ...}}",
                            type.head,
                            suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
    return std::nullopt;
  }

  // ---- vacancies ------------------------------------------------------------------------------
  void check_vacancy(ast::Vacancy const& decl) {
    Vacancy vacancy;
    vacancy.id = decl.id;
    vacancy.title = decl.title;
    vacancy.where = location(decl);
    vacancy_ = &vacancy;
    vacancy_lets_.clear();
    let_nodes_.clear();
    ids_.clear();
    std::size_t const vacancy_file = file_;

    for (auto const& item : decl.items)
      if (auto const* let = boost::get<ast::LetDecl>(&item)) {
        if (refuse_protected(*let, let->name, "the name")) continue;
        if (auto const found = vacancy_lets_.find(let->name); found != vacancy_lets_.end()) {
          auto& d = error(*let, fmt::format("'{}' is defined twice", let->name));
          note(d, found->second.place, "first defined here");
          continue;
        }
        vacancy_lets_[let->name] = {let, here(*let)};
      }

    ast::ShortlistDecl const* shortlist = nullptr;
    ast::Setting const* blind_setting = nullptr;
    std::vector<ast::ExampleDecl const*> examples;
    for (auto const& item : decl.items) {
      file_ = vacancy_file;
      if (auto const* let = boost::get<ast::LetDecl>(&item)) {
        lower_let(let->name);
      } else if (auto const* section = boost::get<ast::Section>(&item)) {
        check_section(*section);
      } else if (auto const* include = boost::get<ast::IncludeDecl>(&item)) {
        auto const found = shared_sections_.find(include->title);
        if (found == shared_sections_.end()) {
          std::vector<std::string> titles;
          for (auto const& [title, info] : shared_sections_)
            titles.push_back(title);
          auto const suggestion = nearest(include->title, titles);
          error(*include,
                fmt::format("no shared section \"{}\" to include{}", include->title,
                            suggestion ? fmt::format(" (did you mean \"{}\"?)", *suggestion)
                                       : "; shared sections are declared at the top level of a "
                                         "used file"));
          continue;
        }
        file_ = found->second.place.file;
        check_section(*found->second.decl);
      } else if (auto const* flag = boost::get<ast::FlagDecl>(&item)) {
        check_flag(*flag);
      } else if (auto const* policy = boost::get<ast::ShortlistDecl>(&item)) {
        if (shortlist) {
          auto& d = error(*policy, "a vacancy has one shortlist policy; this is a second");
          note(d, here(*shortlist), "the first is here");
          continue;
        }
        shortlist = policy;
      } else if (auto const* example = boost::get<ast::ExampleDecl>(&item)) {
        examples.push_back(example);
      } else if (auto const* setting = boost::get<ast::Setting>(&item)) {
        if (blind_setting) {
          auto& d = error(*setting, "a vacancy says 'blind' once; this is a second");
          note(d, here(*blind_setting), "the first is here");
          continue;
        }
        blind_setting = setting;
        vacancy.blind = setting->values.front() == "on";
      }
    }
    file_ = vacancy_file;
    if (vacancy.criteria.empty())
      error(decl, fmt::format("vacancy '{}' has no criteria; add a section with at least one "
                              "essential or desirable criterion",
                              decl.id));
    if (shortlist)
      check_policy(*shortlist);
    else
      error(decl, fmt::format("vacancy '{}' has no shortlist policy; add one such as "
                              "'shortlist top 6 ties included'",
                              decl.id));
    for (auto const* example : examples)
      check_example(*example);
    vacancy_ = nullptr;
    spec_.vacancies.push_back(std::move(vacancy));
  }

  // Criterion and flag ids share one namespace: both appear in the same results.
  bool claim_id(x3::position_tagged const& node, std::string const& id, char const* what) {
    if (refuse_protected(node, id, what)) return false;
    if (auto const found = ids_.find(id); found != ids_.end()) {
      auto& d = error(node, fmt::format("'{}' is defined twice in vacancy '{}'", id, vacancy_->id));
      note(d, found->second, "first defined here");
      return false;
    }
    ids_[id] = here(node);
    return true;
  }

  void check_section(ast::Section const& section) {
    for (auto const& decl : section.criteria)
      check_criterion(decl, section.title);
  }

  void check_criterion(ast::Criterion const& decl, std::string const& section) {
    if (!claim_id(decl, decl.id, "the criterion id")) return;
    Criterion criterion;
    criterion.id = decl.id;
    criterion.title = decl.title;
    criterion.section = section;
    criterion.importance =
        decl.importance == "essential" ? Importance::essential : Importance::desirable;
    criterion.where = location(decl);

    std::map<std::string, ast::Setting const*> settings;
    ast::Requirement const* requirement = nullptr;
    for (auto const& clause : decl.clauses) {
      if (auto const* req = boost::get<ast::Requirement>(&clause)) {
        if (requirement) {
          auto& d = error(*req, fmt::format("criterion '{}' has two 'require' clauses; join "
                                            "them with 'and'",
                                            decl.id));
          note(d, here(*requirement), "the first is here");
          continue;
        }
        requirement = req;
        continue;
      }
      auto const& setting = boost::get<ast::Setting>(clause);
      if (auto const found = settings.find(setting.keyword); found != settings.end()) {
        auto& d = error(
            setting, fmt::format("criterion '{}' has two '{}' clauses", decl.id, setting.keyword));
        note(d, here(*found->second), "the first is here");
        continue;
      }
      settings[setting.keyword] = &setting;
    }

    if (auto const found = settings.find("evidence"); found != settings.end()) {
      criterion.evidence = 0;
      static const std::map<std::string, EvidenceSource> sources = {
          {"application", EvidenceSource::application},
          {"interview", EvidenceSource::interview},
          {"references", EvidenceSource::references},
          {"task", EvidenceSource::task}};
      for (auto const& word : found->second->values) {
        auto const source = sources.find(word);
        if (source == sources.end()) {
          auto const suggestion = nearest(word, {"application", "interview", "references", "task"});
          error(*found->second,
                fmt::format("unknown evidence source '{}'{}; the sources are application, "
                            "interview, references and task",
                            word,
                            suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
          continue;
        }
        criterion.evidence |= static_cast<unsigned>(source->second);
      }
    }
    if (auto const found = settings.find("weight"); found != settings.end()) {
      if (criterion.importance == Importance::essential) {
        error(*found->second, fmt::format("essential criterion '{}' has a weight; only desirable "
                                          "criteria are weighted, an essential must be met",
                                          decl.id));
      } else {
        auto const weight = parse_number(found->second->values.front());
        if (!weight || *weight <= 0 || *weight > 1000)
          error(*found->second, "a weight is a number above 0 and at most 1000");
        else
          criterion.weight = *weight;
      }
    }
    auto const scored = settings.find("scored");
    for (char const* dependent : {"combined", "disagreement"}) {
      if (auto const found = settings.find(dependent);
          found != settings.end() && scored == settings.end())
        error(*found->second, fmt::format("'{}' applies only to a criterion that is 'scored by "
                                          "assessors'",
                                          dependent));
    }
    if (scored != settings.end()) {
      Scoring scoring;
      auto const threshold = parse_small_integer(scored->second->values.front());
      if (!threshold || *threshold < 0 || *threshold > max_assessor_score)
        error(*scored->second,
              fmt::format("assessors score from 0 to {}, so 'at least {}' is out of range",
                          max_assessor_score, scored->second->values.front()));
      else
        scoring.threshold = *threshold;
      if (auto const found = settings.find("combined"); found != settings.end()) {
        auto const& how = found->second->values.front();
        if (how == "mean")
          scoring.combine = Combine::mean;
        else if (how == "median")
          scoring.combine = Combine::median;
        else if (how == "minimum")
          scoring.combine = Combine::minimum;
        else
          error(*found->second, fmt::format("scores are combined by mean, median or minimum, "
                                            "not '{}'",
                                            how));
      }
      if (auto const found = settings.find("disagreement"); found != settings.end()) {
        auto const gap = parse_small_integer(found->second->values.front());
        if (!gap || *gap < 1 || *gap > max_assessor_score)
          error(*found->second, fmt::format("a disagreement is a gap of 1 to {} points between "
                                            "assessors",
                                            max_assessor_score));
        else
          scoring.disagreement = *gap;
      }
      criterion.scoring = scoring;
      static char const* const names[] = {"mean", "median", "minimum"};
      criterion.rule_text =
          fmt::format("scored by assessors at least {} (combined by {})", scoring.threshold,
                      names[static_cast<int>(scoring.combine)]);
    }
    if (requirement) {
      if (scored != settings.end()) {
        auto& d = error(*requirement, fmt::format("criterion '{}' is both 'scored by assessors' "
                                                  "and has a 'require' rule; split it into two "
                                                  "criteria",
                                                  decl.id));
        note(d, here(*scored->second), "scored here");
      } else {
        criterion.condition = lower_condition(requirement->condition, "'require'");
        criterion.rule_text = "require " + print(requirement->condition);
      }
    } else if (scored == settings.end() && criterion.has_evidence(EvidenceSource::application)) {
      error(decl, fmt::format("criterion '{}' is assessed from the application but has neither "
                              "a 'require' rule nor 'scored by assessors'",
                              decl.id));
    }
    vacancy_->criteria.push_back(std::move(criterion));
  }

  void check_flag(ast::FlagDecl const& decl) {
    if (!claim_id(decl, decl.id, "the flag id")) return;
    Flag flag;
    flag.id = decl.id;
    flag.title = decl.title;
    flag.where = location(decl);
    flag.condition = lower_condition(decl.condition, "'when'");
    flag.rule_text = "when " + print(decl.condition);
    vacancy_->flags.push_back(std::move(flag));
  }

  void check_policy(ast::ShortlistDecl const& decl) {
    Policy& policy = vacancy_->policy;
    policy.where = location(decl);
    std::set<std::string> seen;
    double max_score = 0;
    for (auto const& criterion : vacancy_->criteria)
      if (criterion.importance == Importance::desirable) max_score += criterion.weight;
    for (auto const& setting : decl.settings) {
      if (!seen.insert(setting.keyword).second) {
        error(setting, fmt::format("the shortlist policy says '{}' twice", setting.keyword));
        continue;
      }
      auto const& value = setting.values.front();
      if (setting.keyword == "top") {
        auto const top = parse_small_integer(value);
        if (!top || *top < 1)
          error(setting,
                fmt::format("'top {}' must name a whole number of applicants, 1 or more", value));
        else
          policy.top = *top;
      } else if (setting.keyword == "ties") {
        policy.ties_included = value == "included";
      } else if (setting.keyword == "minimum") {
        auto const minimum = parse_number(value);
        if (!minimum) {
          error(setting, fmt::format("'{}' is not a number", value));
        } else if (*minimum > max_score) {
          error(setting, fmt::format("'minimum score {}' can never be reached: the desirable "
                                     "criteria are worth at most {}",
                                     value, format_number(max_score)));
        } else {
          policy.minimum_score = *minimum;
        }
      } else if (setting.keyword == "tie break") {
        for (auto const& id : setting.values) {
          auto const found = std::find_if(vacancy_->criteria.begin(), vacancy_->criteria.end(),
                                          [&](Criterion const& c) { return c.id == id; });
          if (found == vacancy_->criteria.end() || found->importance != Importance::desirable) {
            std::vector<std::string> desirables;
            for (auto const& c : vacancy_->criteria)
              if (c.importance == Importance::desirable) desirables.push_back(c.id);
            auto const suggestion = nearest(id, desirables);
            error(setting,
                  fmt::format("tie break by '{}': {}{}", id,
                              found == vacancy_->criteria.end()
                                  ? "no such criterion"
                                  : "only desirable criteria score, and this one is essential",
                              suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
            continue;
          }
          policy.tie_break.push_back(id);
        }
      }
    }
    if (!seen.contains("top") && !seen.contains("minimum"))
      error(decl, "the shortlist policy needs 'top N', 'minimum score N' or both");
  }

  // ---- examples -------------------------------------------------------------------------------
  void check_example(ast::ExampleDecl const& decl) {
    Example example;
    example.title = decl.title;
    example.where = location(decl);
    ast::Expectation const* expectation = nullptr;
    std::set<int> assigned;
    for (auto const& item : decl.items) {
      if (auto const* setting = boost::get<ast::Setting>(&item)) {
        auto const date = parse_date(setting->values.front());
        if (!date)
          error(*setting, fmt::format("{} is not a calendar date", setting->values.front()));
        else
          example.as_of = date;
      } else if (auto const* assignment = boost::get<ast::Assignment>(&item)) {
        int const slot = spec_.field_index(assignment->field);
        if (slot < 0) {
          unknown_name(*assignment, assignment->field, field_names());
          continue;
        }
        if (!assigned.insert(slot).second) {
          error(*assignment,
                fmt::format("field '{}' is given twice in this example", assignment->field));
          continue;
        }
        auto value =
            constant_value(assignment->value, spec_.fields[static_cast<std::size_t>(slot)].type,
                           assignment->field);
        if (value) example.fields.emplace_back(slot, std::move(*value));
      } else if (auto const* scores = boost::get<ast::ExampleScores>(&item)) {
        auto const* criterion = find_criterion(scores->criterion);
        if (!criterion || !criterion->scoring) {
          error(*scores, fmt::format("'{}' is not a criterion scored by assessors in vacancy '{}'",
                                     scores->criterion, vacancy_->id));
          continue;
        }
        ExampleScore score{scores->criterion, {}};
        for (auto const& text : scores->scores) {
          auto const value = parse_small_integer(text);
          if (!value || *value > max_assessor_score) {
            error(*scores,
                  fmt::format("score {} is outside the scale 0 to {}", text, max_assessor_score));
            continue;
          }
          score.scores.push_back(*value);
        }
        example.scores.push_back(std::move(score));
      } else {
        auto const& expect = boost::get<ast::Expectation>(item);
        if (expectation) {
          auto& d = error(expect, "an example has one 'expect'; this is a second");
          note(d, here(*expectation), "the first is here");
          continue;
        }
        expectation = &expect;
        example.expected_verdict = expect.verdict;
        if (!expect.because.empty() && expect.verdict != "excluded")
          error(expect,
                "'because' names the essentials an excluded applicant fails; this "
                "example is not expected to be excluded");
        for (auto const& id : expect.because) {
          auto const* criterion = find_criterion(id);
          if (!criterion || criterion->importance != Importance::essential) {
            error(expect, fmt::format("'{}' is not an essential criterion of vacancy '{}'", id,
                                      vacancy_->id));
            continue;
          }
          example.expected_failures.push_back(id);
        }
      }
    }
    if (!expectation)
      error(decl, fmt::format("example \"{}\" has no 'expect' line saying what verdict it must get",
                              decl.title));
    vacancy_->examples.push_back(std::move(example));
  }

  Criterion const* find_criterion(std::string const& id) const {
    for (auto const& criterion : vacancy_->criteria)
      if (criterion.id == id) return &criterion;
    return nullptr;
  }

  std::vector<std::string> field_names() const {
    std::vector<std::string> names;
    for (auto const& field : spec_.fields)
      names.push_back(field.name);
    return names;
  }

  // An example's value for a field: literals only, checked against the field's type.
  std::optional<Value> constant_value(ast::Expr const& expr, Type const& type,
                                      std::string const& what) {
    if (!expr.rest.empty()) {
      error(expr, fmt::format("an example gives '{}' a plain value, not a calculation", what));
      return std::nullopt;
    }
    return constant_value(expr.first, type, what);
  }

  std::optional<Value> constant_value(ast::Operand const& operand, Type const& type,
                                      std::string const& what) {
    auto mismatch = [&](x3::position_tagged const& node) -> std::optional<Value> {
      error(node, fmt::format("'{}' is {}, but this value is not", what, a_or_an(type)));
      return std::nullopt;
    };
    auto const& variant = operand.get();
    if (auto const* nested = boost::get<x3::forward_ast<ast::Expr>>(&variant))
      return constant_value(nested->get(), type, what);
    if (auto const* literal = boost::get<ast::Literal>(&variant)) {
      int const node = lower_literal(*literal);
      if (node == no_node) return std::nullopt;
      auto const& lowered = vacancy_->nodes[static_cast<std::size_t>(node)];
      if (lowered.op != Op::constant || lowered.type.kind != type.kind) return mismatch(*literal);
      return lowered.constant;
    }
    if (auto const* collection = boost::get<x3::forward_ast<ast::Collection>>(&variant)) {
      if (!type.is_collection()) return mismatch(collection->get());
      Items items;
      for (auto const& item : collection->get().items) {
        auto value = constant_value(item, type.element_type(), what);
        if (!value) return std::nullopt;
        items.push_back(std::move(*value));
      }
      if (type.kind == TypeKind::set) normalise_set(items);
      return Value{std::move(items)};
    }
    if (auto const* record = boost::get<x3::forward_ast<ast::RecordLiteral>>(&variant)) {
      if (type.kind != TypeKind::record) return mismatch(record->get());
      Items members(type.members.size());
      for (std::size_t i = 0; i < type.members.size(); ++i)
        if (type.members[i].type.optional) members[i] = Value{None{}};
      for (auto const& entry : record->get().entries) {
        int const index = type.member_index(entry.name);
        if (index < 0) {
          std::vector<std::string> names;
          for (auto const& m : type.members)
            names.push_back(m.name);
          auto const suggestion = nearest(entry.name, names);
          error(entry,
                fmt::format("'{}' has no member '{}'{}", what, entry.name,
                            suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
          return std::nullopt;
        }
        auto value = constant_value(entry.value, type.members[static_cast<std::size_t>(index)].type,
                                    what + "." + entry.name);
        if (!value) return std::nullopt;
        members[static_cast<std::size_t>(index)] = std::move(*value);
      }
      return Value{std::move(members)};
    }
    if (auto const* unary = boost::get<x3::forward_ast<ast::Unary>>(&variant);
        unary && unary->get().op == "-" && type.kind == TypeKind::number) {
      auto inner = constant_value(unary->get().operand, type, what);
      if (!inner) return std::nullopt;
      return Value{-inner->number()};
    }
    error(expr_position(operand), fmt::format("an example gives '{}' a plain value, not a "
                                              "calculation",
                                              what));
    return std::nullopt;
  }

  // ---- expressions ----------------------------------------------------------------------------
  x3::position_tagged const& expr_position(ast::Operand const& operand) {
    return boost::apply_visitor(
        [&](auto const& node) -> x3::position_tagged const& {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, ast::Nil>) {
            return nil_position_;
          } else if constexpr (std::is_base_of_v<x3::position_tagged, T>) {
            return node;
          } else {
            return node.get();
          }
        },
        operand.get());
  }

  int add(Node node) {
    vacancy_->nodes.push_back(std::move(node));
    return static_cast<int>(vacancy_->nodes.size() - 1);
  }
  Node const& node(int index) const { return vacancy_->nodes[static_cast<std::size_t>(index)]; }

  int lower_condition(ast::Expr const& expr, char const* clause) {
    int const root = lower(expr);
    if (root != no_node && node(root).type.kind != TypeKind::boolean) {
      error(expr, fmt::format("{} needs a yes/no condition, but this is {}", clause,
                              a_or_an(node(root).type)));
      return no_node;
    }
    return root;
  }

  int lower_let(std::string const& name) {
    if (auto const found = let_nodes_.find(name); found != let_nodes_.end()) return found->second;
    LetInfo info;
    if (auto const v = vacancy_lets_.find(name); v != vacancy_lets_.end()) {
      info = v->second;
    } else {
      if (broken_shared_lets_.contains(name)) return let_nodes_[name] = no_node;
      info = top_lets_.at(name);
    }
    if (!lets_in_progress_.insert(name).second) {
      error(*info.decl, fmt::format("'{}' is defined in terms of itself", name));
      return let_nodes_[name] = no_node;
    }
    std::size_t const saved_file = file_;
    auto saved_bindings = std::move(bindings_);
    bindings_.clear();
    file_ = info.place.file;
    int const result = lower(info.decl->value);
    file_ = saved_file;
    bindings_ = std::move(saved_bindings);
    lets_in_progress_.erase(name);
    return let_nodes_[name] = result;
  }

  int lower(ast::Expr const& expr) {
    int left = lower(expr.first);
    for (auto const& step : expr.rest) {
      if (left == no_node) return no_node;
      if (step.op == "where") {
        left = lower_filter(step, left);
        continue;
      }
      int right = no_node;
      if (step.operand.get().which() != 0) {
        right = lower(step.operand);
        if (right == no_node) return no_node;
      }
      left = binary(step, left, right);
    }
    return left;
  }

  int lower(ast::Operand const& operand) {
    return boost::apply_visitor(
        [&](auto const& node) -> int {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, ast::Nil>) {
            return no_node;
          } else if constexpr (std::is_same_v<T, ast::Literal>) {
            return lower_literal(node);
          } else if constexpr (std::is_same_v<T, ast::Path>) {
            return lower_path(node);
          } else if constexpr (std::is_same_v<T, x3::forward_ast<ast::Call>>) {
            return lower_call(node.get());
          } else if constexpr (std::is_same_v<T, x3::forward_ast<ast::Collection>>) {
            return lower_collection(node.get());
          } else if constexpr (std::is_same_v<T, x3::forward_ast<ast::RecordLiteral>>) {
            error(node.get(), "records are written only in examples");
            return no_node;
          } else if constexpr (std::is_same_v<T, x3::forward_ast<ast::Unary>>) {
            return lower_unary(node.get());
          } else if constexpr (std::is_same_v<T, x3::forward_ast<ast::Quantifier>>) {
            return lower_quantifier(node.get());
          } else {
            return lower(node.get());
          }
        },
        operand.get());
  }

  int constant(Value value, Type type, std::string text) {
    Node n;
    n.op = Op::constant;
    n.type = std::move(type);
    n.constant = std::move(value);
    n.text = std::move(text);
    return add(std::move(n));
  }

  int lower_literal(ast::Literal const& literal) {
    std::string const text = print(ast::Operand(literal));
    switch (literal.kind) {
      case ast::LiteralKind::number: {
        auto const value = parse_number(literal.text);
        if (!value) {
          error(literal, fmt::format("{} is too large a number", literal.text));
          return no_node;
        }
        return constant(Value{*value}, scalar(TypeKind::number), text);
      }
      case ast::LiteralKind::text:
        return constant(Value{literal.text}, scalar(TypeKind::text), text);
      case ast::LiteralKind::boolean:
        return constant(Value{literal.text == "true"}, scalar(TypeKind::boolean), text);
      case ast::LiteralKind::date: {
        auto const date = parse_date(literal.text);
        if (!date) {
          error(literal, fmt::format("{} is not a calendar date", literal.text));
          return no_node;
        }
        return constant(Value{*date}, scalar(TypeKind::date), text);
      }
      case ast::LiteralKind::duration: {
        auto const amount = parse_number(literal.text);
        auto const days = unit_days(literal.unit);
        if (!amount || !days) {
          error(literal, fmt::format("{} is not a length of time", text));
          return no_node;
        }
        return constant(Value{Duration{*amount * *days}}, scalar(TypeKind::duration), text);
      }
      case ast::LiteralKind::today: {
        Node n;
        n.op = Op::today;
        n.type = scalar(TypeKind::date);
        n.text = "today";
        return add(std::move(n));
      }
    }
    return no_node;
  }

  void unknown_name(x3::position_tagged const& where, std::string const& name,
                    std::vector<std::string> const& candidates) {
    if (!protected_name_reason(name).empty()) {
      refuse_protected(where, name, "the name");
      return;
    }
    auto const suggestion = nearest(name, candidates);
    error(where, fmt::format("unknown name '{}'{}", name,
                             suggestion ? fmt::format("; did you mean '{}'?", *suggestion)
                                        : "; it is not a declared field, a 'let' or a bound name"));
  }

  int lower_path(ast::Path const& path) {
    int current = no_node;
    for (auto binding = bindings_.rbegin(); binding != bindings_.rend() && current == no_node;
         ++binding) {
      if (binding->name == path.head) {
        current = variable(*binding);
      } else if (binding->members_in_scope) {
        int const index = binding->type.member_index(path.head);
        if (index >= 0) current = member(variable(*binding), index, path.head);
      }
    }
    if (current == no_node) {
      if (vacancy_lets_.contains(path.head) || top_lets_.contains(path.head)) {
        current = lower_let(path.head);
        if (current == no_node) return no_node;
      } else if (int const slot = spec_.field_index(path.head); slot >= 0) {
        Node n;
        n.op = Op::field;
        n.index = slot;
        n.type = spec_.fields[static_cast<std::size_t>(slot)].type;
        n.text = path.head;
        current = add(std::move(n));
      } else {
        std::vector<std::string> names = field_names();
        for (auto const& [name, info] : vacancy_lets_)
          names.push_back(name);
        for (auto const& [name, info] : top_lets_)
          names.push_back(name);
        for (auto const& binding : bindings_) {
          names.push_back(binding.name);
          if (binding.members_in_scope)
            for (auto const& m : binding.type.members)
              names.push_back(m.name);
        }
        unknown_name(path, path.head, names);
        return no_node;
      }
    }
    for (auto const& name : path.members) {
      Type const& type = node(current).type;
      Type const* record =
          type.kind == TypeKind::record ? &type
          : (type.kind == TypeKind::list && type.element_type().kind == TypeKind::record)
              ? &type.element_type()
              : nullptr;
      if (!record) {
        error(path, fmt::format("'{}' is {}, which has no member '{}'", node(current).text,
                                a_or_an(type), name));
        return no_node;
      }
      int const index = record->member_index(name);
      if (index < 0) {
        std::vector<std::string> names;
        for (auto const& m : record->members)
          names.push_back(m.name);
        auto const suggestion = nearest(name, names);
        error(path,
              fmt::format("'{}' has no member '{}'{}", node(current).text, name,
                          suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : ""));
        return no_node;
      }
      current = record == &type ? member(current, index, name) : project(current, index, name);
    }
    return current;
  }

  int variable(Binding const& binding) {
    Node n;
    n.op = Op::variable;
    n.index = binding.slot;
    n.type = binding.type;
    n.text = binding.name;
    return add(std::move(n));
  }

  int member(int record, int index, std::string const& name) {
    Node n;
    n.op = Op::member;
    n.a = record;
    n.index = index;
    n.type = node(record).type.members[static_cast<std::size_t>(index)].type;
    // Inside `where`, a member is written bare (`teaching`, not `it.teaching`): say it so.
    bool const implicit = node(record).op == Op::variable && node(record).text == "it";
    n.text = implicit ? name : node(record).text + "." + name;
    return add(std::move(n));
  }

  int project(int list, int index, std::string const& name) {
    Node n;
    n.op = Op::project;
    n.a = list;
    n.index = index;
    Type element = node(list).type.element_type().members[static_cast<std::size_t>(index)].type;
    element.optional = false;
    n.type = collection_of(TypeKind::list, std::move(element));
    n.text = node(list).text + "." + name;
    return add(std::move(n));
  }

  int lower_collection(ast::Collection const& collection) {
    Items items;
    Type element = scalar(TypeKind::any);
    for (auto const& item : collection.items) {
      int const lowered = lower(item);
      if (lowered == no_node) return no_node;
      Node const& n = node(lowered);
      if (n.op != Op::constant) {
        error(item,
              "a list or set written in a rule holds fixed values only; use a field or "
              "'where' to compute one");
        return no_node;
      }
      if (element.kind == TypeKind::any) {
        element = n.type;
      } else if (!compatible(n.type, element)) {
        error(item,
              fmt::format("this {} holds {} values, but this one is {}",
                          collection.is_set ? "set" : "list", describe(element), a_or_an(n.type)));
        return no_node;
      }
      items.push_back(n.constant);
    }
    if (collection.is_set) normalise_set(items);
    return constant(Value{std::move(items)},
                    collection_of(collection.is_set ? TypeKind::set : TypeKind::list, element),
                    print(ast::Operand(collection)));
  }

  int lower_unary(ast::Unary const& unary) {
    int const inner = lower(unary.operand);
    if (inner == no_node) return no_node;
    if (unary.op == "()") {
      Node n = node(inner);
      n.text = "(" + n.text + ")";
      return add(std::move(n));
    }
    Node n;
    n.a = inner;
    n.type = node(inner).type;
    if (unary.op == "not") {
      if (n.type.kind != TypeKind::boolean) {
        error(unary, fmt::format("'not' needs a yes/no value, but '{}' is {}", node(inner).text,
                                 a_or_an(n.type)));
        return no_node;
      }
      n.op = Op::logical_not;
      n.text = "not " + node(inner).text;
    } else {
      if (n.type.kind != TypeKind::number && n.type.kind != TypeKind::duration) {
        error(unary, fmt::format("'-' needs a number or a duration, but '{}' is {}",
                                 node(inner).text, a_or_an(n.type)));
        return no_node;
      }
      n.op = Op::negate;
      n.text = "-" + node(inner).text;
    }
    n.type.optional = false;
    return add(std::move(n));
  }

  int bind(std::string const& name, Type type, bool members_in_scope) {
    int const slot = static_cast<int>(bindings_.size());
    bindings_.push_back({name, slot, std::move(type), members_in_scope});
    vacancy_->variable_count = std::max(vacancy_->variable_count, slot + 1);
    return slot;
  }

  int lower_filter(ast::Operation const& step, int collection) {
    Type const type = node(collection).type;
    if (!type.is_collection()) {
      error(step, fmt::format("'where' picks elements from a list, but '{}' is {}",
                              node(collection).text, a_or_an(type)));
      return no_node;
    }
    int const slot = bind("it", type.element_type(), type.element_type().kind == TypeKind::record);
    auto const& predicate_ast = boost::get<x3::forward_ast<ast::Expr>>(step.operand.get()).get();
    int const predicate = lower_condition(predicate_ast, "'where'");
    bindings_.pop_back();
    if (predicate == no_node) return no_node;
    Node n;
    n.op = Op::filter;
    n.a = collection;
    n.b = predicate;
    n.index = slot;
    n.type = type;
    n.text = node(collection).text + " where " + node(predicate).text;
    return add(std::move(n));
  }

  int lower_quantifier(ast::Quantifier const& q) {
    if (refuse_protected(q, q.variable, "the name")) return no_node;
    int const collection = lower(q.collection);
    if (collection == no_node) return no_node;
    Type const type = node(collection).type;
    if (!type.is_collection()) {
      error(q, fmt::format("'{}' goes through a list, but '{}' is {}", q.kind,
                           node(collection).text, a_or_an(type)));
      return no_node;
    }
    int const slot = bind(q.variable, type.element_type(), false);
    int const predicate =
        lower_condition(q.predicate, q.kind == "any" ? "'satisfies'" : "'satisfy'");
    bindings_.pop_back();
    if (predicate == no_node) return no_node;
    Node n;
    n.op = q.kind == "any" ? Op::any : Op::all;
    n.a = collection;
    n.b = predicate;
    n.index = slot;
    n.type = scalar(TypeKind::boolean);
    n.text = print(ast::Operand(q));
    return add(std::move(n));
  }

  // Checks that a list holds spells: records with `start: date` and `end: date`.
  bool spell_members(ast::Call const& call, int list, int& start, int& end) {
    Type const& type = node(list).type;
    if (type.kind == TypeKind::list && type.element_type().kind == TypeKind::record) {
      auto const& record = type.element_type();
      start = record.member_index("start");
      end = record.member_index("end");
      if (start >= 0 && end >= 0 &&
          record.members[static_cast<std::size_t>(start)].type.kind == TypeKind::date &&
          record.members[static_cast<std::size_t>(end)].type.kind == TypeKind::date)
        return true;
    }
    error(call, fmt::format("{}() needs a list of spells with 'start' and 'end' dates, such as "
                            "employment; '{}' is {}",
                            call.function, node(list).text, a_or_an(type)));
    return false;
  }

  int lower_call(ast::Call const& call) {
    static const std::map<std::string, Op> functions = {{"count", Op::count},
                                                        {"years", Op::years},
                                                        {"longest_gap", Op::longest_gap},
                                                        {"years_since", Op::years_since}};
    auto const found = functions.find(call.function);
    if (found == functions.end()) {
      std::vector<std::string> names;
      for (auto const& [name, op] : functions)
        names.push_back(name);
      auto const suggestion = nearest(call.function, names);
      error(call, fmt::format("unknown function '{}'{}; the functions are count, years, "
                              "longest_gap and years_since",
                              call.function,
                              suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
      return no_node;
    }
    if (call.args.size() != 1) {
      error(call, fmt::format("{}() takes one argument, not {}", call.function, call.args.size()));
      return no_node;
    }
    int const argument = lower(call.args.front());
    if (argument == no_node) return no_node;
    Node n;
    n.op = found->second;
    n.a = argument;
    n.text = print(ast::Operand(call));
    Type const& type = node(argument).type;
    switch (n.op) {
      case Op::count:
        if (!type.is_collection()) {
          error(call, fmt::format("count() counts the elements of a list or set, but '{}' is {}",
                                  node(argument).text, a_or_an(type)));
          return no_node;
        }
        n.type = scalar(TypeKind::number);
        break;
      case Op::years:
      case Op::longest_gap:
        if (!spell_members(call, argument, n.start_member, n.end_member)) return no_node;
        n.type = scalar(n.op == Op::years ? TypeKind::number : TypeKind::duration);
        break;
      default:
        if (type.kind != TypeKind::date) {
          error(call, fmt::format("years_since() needs a date, but '{}' is {}", node(argument).text,
                                  a_or_an(type)));
          return no_node;
        }
        n.type = scalar(TypeKind::number);
        break;
    }
    return add(std::move(n));
  }

  int binary(ast::Operation const& step, int left, int right) {
    std::string const& op = step.op;
    Type const& lt = node(left).type;
    Node n;
    n.a = left;
    n.b = right;
    n.type = scalar(TypeKind::boolean);
    n.symbol = op;
    n.text = node(left).text + " " + op + (right == no_node ? "" : " " + node(right).text);
    auto mismatch = [&](char const* needs) {
      error(step, fmt::format("'{}' {}, but '{}' is {} and '{}' is {}", op, needs, node(left).text,
                              a_or_an(lt), node(right).text, a_or_an(node(right).type)));
      return no_node;
    };
    if (op == "is missing" || op == "is not missing" || op == "is known") {
      n.op = op == "is missing" ? Op::is_missing : Op::is_known;
      return add(std::move(n));
    }
    Type const& rt = node(right).type;
    if (op == "and" || op == "or") {
      if (lt.kind != TypeKind::boolean || rt.kind != TypeKind::boolean)
        return mismatch("joins yes/no conditions");
      n.op = op == "and" ? Op::logical_and : Op::logical_or;
    } else if (op == "=" || op == "!=") {
      if (!compatible(lt, rt) || lt.kind == TypeKind::record)
        return mismatch("compares values of the same type");
      n.op = op == "=" ? Op::equal : Op::not_equal;
    } else if (op == "<" || op == "<=" || op == ">" || op == ">=") {
      if (lt.kind != rt.kind || !is_ordered(lt.kind))
        return mismatch("compares two numbers, two dates or two durations");
      n.op = op == "<"    ? Op::less
             : op == "<=" ? Op::less_equal
             : op == ">"  ? Op::greater
                          : Op::greater_equal;
    } else if (op == "in" || op == "not in") {
      if (!rt.is_collection() || !compatible(lt, rt.element_type()))
        return mismatch("looks for a value in a list or set of the same type");
      n.op = op == "in" ? Op::in : Op::not_in;
    } else if (op == "contains") {
      if (lt.kind == TypeKind::text && rt.kind == TypeKind::text) {
        n.op = Op::text_contains;
      } else if (lt.is_collection() && compatible(rt, lt.element_type())) {
        n.op = Op::contains;
      } else {
        return mismatch("looks in a list, set or text for a value of the same type");
      }
    } else if (op == "contains all of" || op == "contains any of") {
      if (!lt.is_collection() || !rt.is_collection() ||
          !compatible(lt.element_type(), rt.element_type()))
        return mismatch("compares two lists or sets of the same type");
      n.op = op == "contains all of" ? Op::contains_all : Op::contains_any;
    } else if (op == "&" || op == "|" || (op == "-" && lt.is_collection())) {
      if (!lt.is_collection() || !rt.is_collection() ||
          !compatible(lt.element_type(), rt.element_type()))
        return mismatch("combines two lists or sets of the same type");
      n.op = op == "&" ? Op::intersect : op == "|" ? Op::unite : Op::difference;
      Type element =
          lt.element_type().kind == TypeKind::any ? rt.element_type() : lt.element_type();
      element.optional = false;
      n.type = collection_of(TypeKind::set, std::move(element));
    } else if (op == "+" || op == "-") {
      bool const plus = op == "+";
      if (lt.kind == TypeKind::number && rt.kind == TypeKind::number) {
        n.op = plus ? Op::add : Op::subtract;
        n.type = scalar(TypeKind::number);
      } else if (lt.kind == TypeKind::date && rt.kind == TypeKind::duration) {
        n.op = plus ? Op::date_plus : Op::date_minus;
        n.type = scalar(TypeKind::date);
      } else if (!plus && lt.kind == TypeKind::date && rt.kind == TypeKind::date) {
        n.op = Op::date_difference;
        n.type = scalar(TypeKind::duration);
      } else if (lt.kind == TypeKind::duration && rt.kind == TypeKind::duration) {
        n.op = plus ? Op::duration_add : Op::duration_subtract;
        n.type = scalar(TypeKind::duration);
      } else {
        return mismatch(plus ? "adds numbers, durations, or a duration to a date"
                             : "subtracts numbers, durations, dates, or a duration from a date");
      }
    } else {  // * and /
      if (lt.kind != TypeKind::number || rt.kind != TypeKind::number)
        return mismatch("works on numbers");
      n.op = op == "*" ? Op::multiply : Op::divide;
      n.type = scalar(TypeKind::number);
    }
    return add(std::move(n));
  }

  std::vector<ParsedFile> const& files_;
  std::vector<std::size_t> const& order_;
  std::vector<Diagnostic> diagnostics_;
  Specification spec_;
  std::size_t file_ = 0;
  std::map<std::string, LetInfo> top_lets_;
  std::map<std::string, SectionInfo> shared_sections_;
  std::map<std::string, Place> vacancies_;
  Vacancy* vacancy_ = nullptr;
  std::map<std::string, LetInfo> vacancy_lets_;
  std::map<std::string, int> let_nodes_;
  std::set<std::string> lets_in_progress_;
  std::set<std::string> broken_shared_lets_;
  std::map<std::string, Place> ids_;
  std::vector<Binding> bindings_;
  x3::position_tagged nil_position_;
};

}  // namespace

LoadResult check(std::vector<ParsedFile> const& files, std::vector<std::size_t> const& order) {
  return Checker(files, order).run();
}

int Specification::field_index(std::string const& name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return static_cast<int>(i);
  return -1;
}

Vacancy const* Specification::vacancy(std::string const& id) const {
  for (auto const& v : vacancies)
    if (v.id == id) return &v;
  return nullptr;
}

}  // namespace sift::rules
