// Checking the declarations shared by every vacancy: fields, types and shared lets.
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

void Checker::declare_top_level() {
  for (std::size_t const f : order_) {
    file_ = f;
    for (auto const& item : files_[f].tree) {
      if (auto const* field = boost::get<ast::FieldDecl>(&item)) {
        declare_field(*field, field_places_);
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
          auto& d = error(*section, fmt::format("section \"{}\" is defined twice", section->title));
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
  // One name, one meaning: a let named like a form field would silently replace every
  // applicant's answer.
  for (auto it = top_lets_.begin(); it != top_lets_.end();) {
    if (refuse_shadowing(it->second)) {
      it = top_lets_.erase(it);
      continue;
    }
    ++it;
  }
}

bool Checker::refuse_shadowing(LetInfo const& let) {
  auto const& name = let.decl->name;
  std::size_t const saved = file_;
  file_ = let.place.file;
  bool refused = false;
  if (auto const field = field_places_.find(name); field != field_places_.end()) {
    auto& d = error(*let.decl, fmt::format("'{}' is a form field: a let of the same name would "
                                           "replace every applicant's answer; choose another name",
                                           name));
    note(d, field->second, "the field is declared here");
    refused = true;
  } else if (auto const shared = top_lets_.find(name);
             vacancy_ && shared != top_lets_.end() && shared->second.decl != let.decl) {
    auto& d =
        error(*let.decl, fmt::format("'{}' is already defined for every vacancy: a second meaning "
                                     "here would be silent; choose another name",
                                     name));
    note(d, shared->second.place, "the shared definition is here");
    refused = true;
  }
  file_ = saved;
  return refused;
}

// Shared lets are lowered into each vacancy that refers to them; each is also checked once
// here, so that an unused one is checked too and a broken one is reported only once.
void Checker::check_shared_lets() {
  Vacancy scratch;
  vacancy_ = &scratch;
  for (auto const& [name, info] : top_lets_)
    if (lower_let(name) == no_node) broken_shared_lets_.insert(name);
  vacancy_ = nullptr;
  let_nodes_.clear();
}

void Checker::declare_field(ast::FieldDecl const& field, std::map<std::string, Place>& seen) {
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

// A text field's declared values: `text from {"a", "b"}` (range holds them quoted, as written).
std::optional<Type> Checker::with_domain(ast::TypeExpr const& type, Type result) {
  if (result.kind != TypeKind::text) {
    error(type, fmt::format("only a text takes a list of values ('from {{\"a\", \"b\"}}'), not {}",
                            a_or_an(result)));
    return std::nullopt;
  }
  for (auto const& quoted : type.range) {
    std::string value;
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
      if (quoted[i] == '\\') {
        ++i;
        value += quoted[i] == 'n' ? '\n' : quoted[i];
      } else {
        value += quoted[i];
      }
    }
    if (value.find_first_not_of(" \t\n") == std::string::npos) {
      error(type, "a field's values cannot be empty: leave the answer out to say nothing");
      return std::nullopt;
    }
    if (std::find(result.domain.begin(), result.domain.end(), value) != result.domain.end()) {
      error(type, fmt::format("the value \"{}\" is listed twice", value));
      return std::nullopt;
    }
    result.domain.push_back(std::move(value));
  }
  return result;
}

std::optional<Type> Checker::resolve_type(ast::TypeExpr const& type) {
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
    if (type.range.front().starts_with('"')) return with_domain(type, std::move(result));
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

}  // namespace sift::rules
