// Which members of a form's record fields a vacancy's rules can read, so that reading an
// application can leave out the rest (the employers' names and roles, a qualification's subject:
// most of a form's bytes, read by no rule of the reference workload).
#pragma once

#include <vector>

#include "sift/rules/specification.hpp"

namespace sift::rules {

// For a field that is a record, or a list or set of records: which of the record's members the
// rules can read, by member index; empty when they may use the records whole (compare them,
// show them in evidence, gather them into sets), and for every other field.
struct MembersRead {
  bool in_list = false;       // the field is a list or set of records
  std::vector<bool> members;  // by member index; empty: all of them
};

// By field slot, over every node of the vacancy (each `let`, criterion, flag and tie break).
// Conservative: any use not known to read single members counts as reading them all.
std::vector<MembersRead> members_read(Specification const& spec, Vacancy const& vacancy);

}  // namespace sift::rules
