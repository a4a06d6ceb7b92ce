#include "sift/rules/members_read.hpp"

#include <algorithm>
#include <functional>

namespace sift::rules {

namespace {

bool is_records(Type const& type) {
  return type.kind == TypeKind::record || type.holds_records();
}

}  // namespace

std::vector<MembersRead> members_read(Specification const& spec, Vacancy const& vacancy) {
  auto const& nodes = vacancy.nodes;
  std::vector<MembersRead> read(spec.fields.size());
  std::vector<bool> tracked(spec.fields.size(), false);  // a record field, members not all used
  for (std::size_t slot = 0; slot < spec.fields.size(); ++slot) {
    auto const& type = spec.fields[slot].type;
    if (!is_records(type)) continue;
    tracked[slot] = true;
    read[slot].in_list = type.kind != TypeKind::record;
    auto const& record = read[slot].in_list ? type.element_type() : type;
    read[slot].members.assign(record.members.size(), false);
  }

  // Which record fields a node's value holds records of, unchanged: the field itself, a filter
  // of it, an element bound to a variable over it, its earliest or latest spell. A variable node
  // belongs to the filter, any or all whose predicate holds it (slots are reused by conditions
  // side by side, so the slot alone would mix them up).
  std::vector<std::vector<int>> bound_over(nodes.size());  // by variable node: collections
  for (auto const& binder : nodes) {
    if ((binder.op != Op::filter && binder.op != Op::any && binder.op != Op::all) ||
        binder.index < 0)
      continue;
    walk_nodes(nodes, binder.b, [&](Node const& n) {
      if (n.op == Op::variable && n.index == binder.index)
        bound_over[static_cast<std::size_t>(&n - nodes.data())].push_back(binder.a);
      return true;
    });
  }
  std::vector<std::vector<int>> memo(nodes.size());
  std::vector<bool> done(nodes.size(), false);
  std::function<std::vector<int> const&(int)> sources = [&](int index) -> std::vector<int> const& {
    static std::vector<int> const none;
    if (index < 0) return none;
    auto const at = static_cast<std::size_t>(index);
    if (done[at]) return memo[at];
    done[at] = true;  // a variable bound over itself cannot be written; this ends any loop
    auto const& n = nodes[at];
    std::vector<int> found;
    auto const add = [&](std::vector<int> const& more) {
      found.insert(found.end(), more.begin(), more.end());
    };
    switch (n.op) {
      case Op::field:
        if (n.index >= 0 && static_cast<std::size_t>(n.index) < tracked.size() &&
            tracked[static_cast<std::size_t>(n.index)])
          found.push_back(n.index);
        break;
      case Op::variable:
        for (int const collection : bound_over[at])
          add(sources(collection));
        break;
      case Op::filter:
      case Op::earliest:
      case Op::latest:
        add(sources(n.a));
        break;
      default:
        break;
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    memo[at] = std::move(found);
    return memo[at];
  };

  auto const whole = [&](int operand) {
    for (int const slot : sources(operand))
      read[static_cast<std::size_t>(slot)].members.clear();
  };
  auto const member = [&](int operand, int index) {
    for (int const slot : sources(operand)) {
      auto& members = read[static_cast<std::size_t>(slot)].members;
      if (index >= 0 && static_cast<std::size_t>(index) < members.size())
        members[static_cast<std::size_t>(index)] = true;
    }
  };
  for (auto const& n : nodes) {
    switch (n.op) {
      case Op::member:
      case Op::project:
        // A member that is itself records is followed no further: all are read.
        if (is_records(n.type))
          whole(n.a);
        else
          member(n.a, n.index);
        break;
      case Op::years:
      case Op::longest_gap:  // and its explained breaks, b
      case Op::earliest:
      case Op::latest:
        member(n.a, n.start_member);
        member(n.a, n.end_member);
        member(n.b, n.b_start_member);
        member(n.b, n.b_end_member);
        break;
      // These read the records themselves (how many, whether given), or pass them on to a
      // node that is looked at in its turn; their predicate (b) is a yes or no.
      case Op::filter:
      case Op::any:
      case Op::all:
      case Op::count:
      case Op::is_missing:
      case Op::is_known:
      case Op::is_none:
      case Op::is_not_none:
      case Op::field:
      case Op::variable:
      case Op::constant:
        break;
      default:
        whole(n.a);
        whole(n.b);
        break;
    }
  }
  for (auto& r : read)
    if (std::all_of(r.members.begin(), r.members.end(), [](bool b) { return b; }))
      r.members.clear();
  return read;
}

}  // namespace sift::rules
