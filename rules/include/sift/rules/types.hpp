// Static types of the rules language: what a declared form field holds and what an expression
// yields. The checker gives every expression a type before anything runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sift::rules {

enum class TypeKind { boolean, number, text, date, duration, list, set, record, any };

struct TypeMember;

// The declared bounds of a number field (`number from 1900 to 2100`), checked on import.
struct NumberRange {
  double low = 0;
  double high = 0;
};

struct Type {
  TypeKind kind = TypeKind::boolean;
  // An optional value may be "none" (the form's null, such as the end of the current post),
  // which is a known answer; a value that is absent or null otherwise is missing evidence.
  bool optional = false;
  std::vector<Type> element;         // one element type for a list or set
  std::vector<TypeMember> members;   // for a record, in declaration order
  std::optional<NumberRange> range;  // for a number, when declared
  // For a text, when declared (`text from {"awarded", "on_track", "no"}`): the only values it
  // takes, in declaration order. Checked on import; a rule comparing with any other is an error.
  std::vector<std::string> domain;

  bool is_collection() const { return kind == TypeKind::list || kind == TypeKind::set; }
  // A list of records (qualifications, employment): a sheet of its own in a workbook.
  bool holds_records() const { return is_collection() && element_type().kind == TypeKind::record; }
  Type const& element_type() const { return element.front(); }
  // Index of the named record member, or -1.
  int member_index(std::string const& name) const;
};

struct TypeMember {
  std::string name;
  Type type;
};

Type scalar(TypeKind kind);
Type collection_of(TypeKind kind, Type element);

// "list of {employer: text, ...}", "optional date", "number".
std::string describe(Type const& type);

// Whether a value of type `from` can stand where `to` is expected (ignoring optional; an empty
// collection literal fits any collection of the same kind).
bool compatible(Type const& from, Type const& to);

}  // namespace sift::rules
