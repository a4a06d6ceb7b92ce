// The arithmetic of spells (of employment, of explained breaks): the years they cover, overlaps
// counted once, and the longest gap between them, each as the least and most it can be when
// dates are partial or records missing; and comparisons of numbers known only that well. One
// arithmetic, whoever reads the dates: the interpreter (expression.cpp) from values, the compiled
// conditions (packed_conditions.cpp) from packed bytes.
#pragma once

#include <boost/container/small_vector.hpp>

#include <cstdint>
#include <optional>

#include "sift/rules/specification.hpp"
#include "sift/rules/value.hpp"

namespace sift::engine {

// The value of a yes/no condition: Kleene's three.
enum class Truth { no, yes, unknown };

// The least and most a number can be.
struct Bounds {
  double low;
  double high;
};

// A comparison (`op`: =, !=, <, <=, >, >=) of two numbers known only by their bounds: yes when
// every pair of possible values says yes, no when every pair says no.
Truth compare_bounds(rules::Op op, Bounds left, Bounds right);

// A date member of a spell's record, as given.
struct GivenDate {
  enum class State : std::uint8_t { unknown, none, known };
  State state = State::unknown;
  rules::Date date;
};

// One record of a list of spells: whether it is in the list (the answer of the list's `where`;
// yes without one), and its start and end dates.
struct SpellRecord {
  bool missing = false;  // the whole record
  Truth counts = Truth::yes;
  GivenDate start;
  GivenDate end;
};

// An applicant's records: a handful, kept on the stack.
using SpellRecords = boost::container::small_vector<SpellRecord, 16>;

// How a list of records is read as spells: which members hold the dates, and whether the end
// date is a day of the spell (the default: "to 31 August" includes 31 August).
struct SpellReading {
  int start_member;
  int end_member;
  bool end_excluded;
};

// The reading of a years/longest_gap node's spells, or of its explained breaks.
SpellReading reading_of(rules::Node const& n, bool breaks);

// The records a list keeps, as a filter keeps them: those that count; false (the list is not
// known) when whether one counts is not known.
bool keep_counted(SpellRecords& records);

// years(...) of a list of records (null: the list is missing): at least those of the spells known
// to count with known dates, and at most those of every spell that may count (a spell whose
// `where` is unknown, or whose end is missing, at its longest), or without limit when a spell's
// start or a whole record is missing. Lengths only grow with more spells, so every completion
// lies inside. `dates_only` is set when only partial dates leave it a range.
Bounds years_bounds(SpellRecords const* records, bool end_excluded, rules::Date as_of,
                    bool* dates_only = nullptr);

// longest_gap(...) in days, of the kept records of a list of spells and of its explained breaks
// (`has_breaks`); null when a list, or which records it keeps, is not known. Nullopt when the gap
// is not known at all; a range when partial dates, or breaks not known, leave it one
// (`breaks_unknown` is set for the latter).
std::optional<Bounds> gap_bounds(SpellRecords const* spells, bool has_breaks,
                                 SpellRecords const* breaks, bool end_excluded, rules::Date as_of,
                                 bool between_spells, bool* breaks_unknown = nullptr);

}  // namespace sift::engine
