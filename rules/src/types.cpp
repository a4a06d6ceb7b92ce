#include "sift/rules/types.hpp"

#include <algorithm>

#include "sift/rules/value.hpp"

namespace sift::rules {

int Type::member_index(std::string const& name) const {
  auto const found = std::find_if(members.begin(), members.end(),
                                  [&](TypeMember const& member) { return member.name == name; });
  return found == members.end() ? -1 : static_cast<int>(found - members.begin());
}

Type scalar(TypeKind kind) {
  return Type{kind, false, {}, {}, std::nullopt, {}};
}

Type collection_of(TypeKind kind, Type element) {
  Type type{kind, false, {}, {}, std::nullopt, {}};
  type.element.push_back(std::move(element));
  return type;
}

std::string describe(Type const& type) {
  std::string prefix = type.optional ? "optional " : "";
  switch (type.kind) {
    case TypeKind::boolean:
      return prefix + "bool";
    case TypeKind::number:
      if (type.range)
        return prefix + "number from " + format_number(type.range->low) + " to " +
               format_number(type.range->high);
      return prefix + "number";
    case TypeKind::text:
      return prefix + "text";
    case TypeKind::date:
      return prefix + "date";
    case TypeKind::duration:
      return prefix + "duration";
    case TypeKind::any:
      return prefix + "anything";
    case TypeKind::list:
      return prefix + "list of " + describe(type.element_type());
    case TypeKind::set:
      return prefix + "set of " + describe(type.element_type());
    case TypeKind::record: {
      std::string out = prefix + "{";
      for (std::size_t i = 0; i < type.members.size(); ++i) {
        if (i) out += ", ";
        out += type.members[i].name + ": " + describe(type.members[i].type);
      }
      return out + "}";
    }
  }
  return prefix;
}

bool compatible(Type const& from, Type const& to) {
  if (from.kind == TypeKind::any || to.kind == TypeKind::any) return true;
  if (from.kind != to.kind) return false;
  if (from.is_collection()) return compatible(from.element_type(), to.element_type());
  if (from.kind == TypeKind::record) {
    if (from.members.size() != to.members.size()) return false;
    for (std::size_t i = 0; i < from.members.size(); ++i)
      if (from.members[i].name != to.members[i].name ||
          !compatible(from.members[i].type, to.members[i].type))
        return false;
  }
  return true;
}

}  // namespace sift::rules
