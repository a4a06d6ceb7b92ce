// Checking vacancies: sections, criteria, flags, ids and the shortlisting policy.
#include <fmt/format.h>

#include <algorithm>
#include <boost/variant/apply_visitor.hpp>
#include <cmath>
#include <map>
#include <set>

#include "checking.hpp"
#include "printer.hpp"
#include "sift/rules/equality.hpp"
#include "sift/rules/suggest.hpp"

namespace sift::rules {

void Checker::check_vacancy(ast::Vacancy const& decl) {
  Vacancy vacancy;
  vacancy.id = decl.id;
  vacancy.title = decl.title;
  vacancy.where = location(decl);
  vacancy_ = &vacancy;
  vacancy_lets_.clear();
  let_nodes_.clear();
  ids_.clear();
  referenced_lets_.clear();
  std::size_t const vacancy_file = file_;

  for (auto const& item : decl.items)
    if (auto const* let = boost::get<ast::LetDecl>(&item)) {
      if (refuse_protected(*let, let->name, "the name")) continue;
      if (auto const found = vacancy_lets_.find(let->name); found != vacancy_lets_.end()) {
        auto& d = error(*let, fmt::format("'{}' is defined twice", let->name));
        note(d, found->second.place, "first defined here");
        continue;
      }
      LetInfo const info{let, here(*let)};
      if (refuse_shadowing(info)) continue;
      vacancy_lets_[let->name] = info;
    }

  ast::ShortlistDecl const* shortlist = nullptr;
  ast::Setting const* blind_setting = nullptr;
  std::vector<ast::ExampleDecl const*> examples;
  for (auto const& item : decl.items) {
    file_ = vacancy_file;
    if (auto const* let = boost::get<ast::LetDecl>(&item)) {
      // Only the lets that were accepted: a refused one has already been reported.
      if (auto const found = vacancy_lets_.find(let->name);
          found != vacancy_lets_.end() && found->second.decl == let)
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
  for (auto const& [name, info] : vacancy_lets_)
    if (!referenced_lets_.contains(name)) {
      file_ = info.place.file;
      warning(*info.decl,
              fmt::format("'{}' is defined but no rule of vacancy '{}' uses it", name, decl.id));
    }
  file_ = vacancy_file;
  for (auto const& [name, info] : vacancy_lets_)
    if (auto const found = let_nodes_.find(name); found != let_nodes_.end())
      vacancy.lets.emplace_back(name, found->second);
  vacancy_ = nullptr;
  spec_.vacancies.push_back(std::move(vacancy));
}

// Criterion and flag ids share one namespace: both appear in the same results.
bool Checker::claim_id(x3::position_tagged const& node, std::string const& id, char const* what) {
  if (refuse_protected(node, id, what)) return false;
  if (auto const found = ids_.find(id); found != ids_.end()) {
    auto& d = error(node, fmt::format("'{}' is defined twice in vacancy '{}'", id, vacancy_->id));
    note(d, found->second, "first defined here");
    return false;
  }
  ids_[id] = here(node);
  return true;
}

void Checker::check_section(ast::Section const& section) {
  for (auto const& decl : section.criteria)
    check_criterion(decl, section.title);
}

void Checker::check_criterion(ast::Criterion const& decl, std::string const& section) {
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
      auto& d = error(setting,
                      fmt::format("criterion '{}' has two '{}' clauses", decl.id, setting.keyword));
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
        error(
            *found->second,
            fmt::format("unknown evidence source '{}'{}; the sources are application, "
                        "interview, references and task",
                        word, suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
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
    criterion.rule_text = fmt::format("scored by assessors at least {} (combined by {})",
                                      scoring.threshold, names[static_cast<int>(scoring.combine)]);
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

void Checker::check_flag(ast::FlagDecl const& decl) {
  if (!claim_id(decl, decl.id, "the flag id")) return;
  Flag flag;
  flag.id = decl.id;
  flag.title = decl.title;
  flag.where = location(decl);
  flag.condition = lower_condition(decl.condition, "'when'");
  flag.rule_text = "when " + print(decl.condition);
  vacancy_->flags.push_back(std::move(flag));
}

void Checker::check_policy(ast::ShortlistDecl const& decl) {
  Policy& policy = vacancy_->policy;
  policy.where = location(decl);
  std::set<std::string> seen;
  double max_score = 0;
  for (auto const& criterion : vacancy_->criteria)
    if (criterion.importance == Importance::desirable) max_score += criterion.weight;
  for (auto const& item : decl.settings) {
    if (auto const* tie_break = boost::get<ast::TieBreak>(&item)) {
      if (!seen.insert(tie_break->keyword).second)
        error(*tie_break, "the shortlist policy says 'tie break' twice");
      else
        check_tie_break(*tie_break);
      continue;
    }
    auto const& setting = boost::get<ast::Setting>(item);
    if (!seen.insert(setting.keyword).second) {
      error(setting, fmt::format("the shortlist policy says '{}' twice", setting.keyword));
      continue;
    }
    auto const& value = setting.values.back();
    if (setting.keyword == "top") {
      auto const top = parse_small_integer(value);
      if (!top || *top < 1)
        error(setting,
              fmt::format("'top {}' must name a whole number of applicants, 1 or more", value));
      else
        policy.top = *top;
    } else if (setting.keyword == "ties") {
      policy.ties_included = value == "included";
      policy.ties_on_score = setting.values.size() == 2;
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
    }
  }
  if (!seen.contains("top") && !seen.contains("minimum"))
    error(decl, "the shortlist policy needs 'top N', 'minimum score N' or both");
}

// Each key is a desirable criterion named by its id (its points), or a numeric expression.
void Checker::check_tie_break(ast::TieBreak const& decl) {
  for (auto const& key : decl.keys) {
    std::string const text = print(key);
    auto const found = std::find_if(vacancy_->criteria.begin(), vacancy_->criteria.end(),
                                    [&](Criterion const& c) { return c.id == text; });
    if (found != vacancy_->criteria.end()) {
      if (found->importance != Importance::desirable) {
        error(key, fmt::format("tie break by '{}': only desirable criteria score, and this one is "
                               "essential",
                               text));
        continue;
      }
      vacancy_->policy.tie_break.push_back({text, -1, text});
      continue;
    }
    auto const* path = key.rest.empty() ? boost::get<ast::Path>(&key.first.get()) : nullptr;
    if (path && path->members.empty() && spec_.field_index(path->head) < 0 &&
        !vacancy_lets_.contains(path->head) && !top_lets_.contains(path->head)) {
      std::vector<std::string> desirables;
      for (auto const& c : vacancy_->criteria)
        if (c.importance == Importance::desirable) desirables.push_back(c.id);
      auto const suggestion = nearest(text, desirables);
      error(key, fmt::format("tie break by '{}': no such criterion{}", text,
                             suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
      continue;
    }
    int const node = lower(key);
    if (node == no_node) continue;
    auto const kind = this->node(node).type.kind;
    if (kind != TypeKind::number && kind != TypeKind::duration) {
      error(key, fmt::format("tie break by '{}': applicants are ordered by a desirable criterion's "
                             "points or by a number or duration, but this is {}",
                             text, a_or_an(this->node(node).type)));
      continue;
    }
    vacancy_->policy.tie_break.push_back({"", node, text});
  }
}

}  // namespace sift::rules
