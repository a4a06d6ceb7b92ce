#include "sift/rules/value_tape.hpp"

#include <cstdint>

namespace sift::rules {

namespace {

// Reads a value that holds no others (every tag but items) into `cell`; `kind` any: a value of
// any type. Kept apart, and inlined where elements are read, because most cells are these: a
// call for each was a seventh of the time reading a tape took.
inline bool read_scalar(ByteReader& in, PackedTag tag, TypeKind kind, Cell& cell) {
  auto const is = [kind](TypeKind wanted) { return kind == TypeKind::any || kind == wanted; };
  switch (tag) {
    case PackedTag::unknown:
    case PackedTag::none:
      return true;
    case PackedTag::no:
    case PackedTag::yes:
      return is(TypeKind::boolean);
    case PackedTag::number:
    case PackedTag::duration:
      cell.number = in.number();
      return !in.failed && is(tag == PackedTag::number ? TypeKind::number : TypeKind::duration);
    case PackedTag::text:
      cell.text = in.take(static_cast<std::size_t>(in.varint()));
      return !in.failed && is(TypeKind::text);
    case PackedTag::date: {
      auto const days = in.varint() - packed_date_offset;
      auto const span = in.varint();
      if (in.failed || days < INT32_MIN || days > INT32_MAX || span < 0 || span > INT32_MAX)
        return false;
      cell.date = Date{static_cast<std::int32_t>(days), static_cast<std::int32_t>(span)};
      return is(TypeKind::date);
    }
    case PackedTag::items:
      break;
  }
  return false;
}

// Reads one value into cells[at] (its elements appended after the cells so far); `type` null:
// any value (an element of a collection of any type).
bool read_cell(ByteReader& in, Type const* type, std::vector<Cell>& cells, std::size_t at,
               int depth) {
  if (depth >= packed_depth_limit) return false;
  auto const tag = static_cast<PackedTag>(in.byte());
  if (in.failed) return false;
  cells[at].tag = tag;
  auto const kind = type ? type->kind : TypeKind::any;
  if (tag != PackedTag::items) return read_scalar(in, tag, kind, cells[at]);
  bool const record = kind == TypeKind::record;
  if (!(record || kind == TypeKind::list || kind == TypeKind::set || kind == TypeKind::any))
    return false;
  auto const count = static_cast<std::uint64_t>(in.varint());
  if (in.failed || count > in.bytes.size() - in.at) return false;  // a byte each at least
  if (record && count != type->members.size()) return false;
  auto const first = cells.size();
  cells[at].first = static_cast<std::uint32_t>(first);
  cells[at].count = static_cast<std::uint32_t>(count);
  cells.resize(first + count);  // the elements, together; theirs come after
  for (std::size_t i = 0; i < count; ++i) {
    Type const* inner = !type || kind == TypeKind::any ? nullptr
                        : record                       ? &type->members[i].type
                                                       : &type->element_type();
    // Anything but a scalar within the depth limit (a collection, the end of the bytes) is
    // read by the general case, which refuses what it must.
    if (in.at >= in.bytes.size() || depth + 1 >= packed_depth_limit ||
        static_cast<PackedTag>(in.bytes[in.at]) == PackedTag::items) {
      if (!read_cell(in, inner, cells, first + i, depth + 1)) return false;
      continue;
    }
    auto const inner_tag = static_cast<PackedTag>(in.byte());
    auto& cell = cells[first + i];
    cell.tag = inner_tag;
    if (!read_scalar(in, inner_tag, inner ? inner->kind : TypeKind::any, cell)) return false;
  }
  return true;
}

}  // namespace

void ValueTape::clear(std::size_t fields) {
  cells.resize(1);
  roots.assign(fields, 0);
}

bool ValueTape::read(std::size_t slot, std::string_view packed, Type const& type) {
  ByteReader in{packed};
  auto const root = cells.size();
  cells.emplace_back();
  if (!read_cell(in, &type, cells, root, 0) || !in.done()) return false;
  roots[slot] = static_cast<std::uint32_t>(root);
  return true;
}

}  // namespace sift::rules
