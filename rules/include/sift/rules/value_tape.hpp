// An application's packed values (packed_values.hpp) read once into a flat array of cells, each
// checked against its field's declared type: what conditions compiled to read packed values
// (engine/) read, with every member and element one index away and no value built. A tape is
// reused from applicant to applicant, so reading one allocates nothing once it has grown.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sift/rules/packed_values.hpp"
#include "sift/rules/types.hpp"
#include "sift/rules/value.hpp"

namespace sift::rules {

// One value. A list, set or record's `count` elements or members are the cells from `first` on.
struct Cell {
  PackedTag tag = PackedTag::unknown;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  double number = 0;      // a number, or a duration in days
  Date date;              // a date
  std::string_view text;  // a text: in the packed bytes read, which must outlive the tape
};

struct ValueTape {
  // Cell 0 is unknown: what a field not read, and a member of a missing record, read as.
  std::vector<Cell> cells{Cell{}};
  std::vector<std::uint32_t> roots;  // by field slot

  // Forgets every field, keeping the memory; `fields` slots, none read.
  void clear(std::size_t fields);
  // Reads `packed`, one field's packed value, as the field at `slot`; false when the bytes are
  // not one value of `type` (damaged or edited). Unknown and none fit every type.
  bool read(std::size_t slot, std::string_view packed, Type const& type);

  Cell const& at(std::uint32_t cell) const { return cells[cell]; }
  Cell const& field(std::size_t slot) const { return cells[roots[slot]]; }
  // Whether a cell is missing evidence (unknown) or an answer of none.
  static bool missing(Cell const& cell) {
    return cell.tag == PackedTag::unknown || cell.tag == PackedTag::none;
  }
};

}  // namespace sift::rules
