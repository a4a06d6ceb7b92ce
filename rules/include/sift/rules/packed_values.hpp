// Values packed into bytes: how an application's facts are stored (data/fact_values.hpp), read
// back into values, or read in place by conditions compiled to do so (engine/).
//
// Layout: a varint count of fields, then per field (in the specification's slot order) a varint
// byte length and the value. A value is a tag byte, then by tag: a number or duration, 8 bytes
// (IEEE, little-endian); a text, a varint length and its UTF-8 bytes; a date, a varint of its
// days plus 2^31 and a varint span; a list, set or record, a varint count and its values.
// Unknown, none, false and true are the tag alone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sift/rules/members_read.hpp"
#include "sift/rules/packed_bytes.hpp"
#include "sift/rules/value.hpp"

namespace sift::rules {

enum class PackedTag : std::uint8_t {
  unknown,
  none,
  no,
  yes,
  number,
  text,
  date,
  duration,
  items,
};

// Dates are days since 1970 either side of it; stored offset so that the varint is unsigned.
inline constexpr std::int64_t packed_date_offset = std::int64_t{1} << 31;
// Deeper than any form nests (a list of records of lists): damaged bytes cannot recurse far.
inline constexpr int packed_depth_limit = 16;

// Appends the packing of one value to `out`.
void pack_value(Value const& value, std::string& out);

// Appends the packing of `fields` (one per form field, by slot) to `out`.
void pack_values(std::vector<Value> const& fields, std::string& out);

// Overwrites the fields at `slots` (sorted) from a packing, reusing their texts and lists; the
// other slots are left as they are. With `members` (by slot, members_read.hpp), a record
// field's members that no rule reads are left unknown instead of read. False when the bytes are
// not a packing of `fields.size()` fields (damaged or edited): the fields are then unspecified.
bool unpack_values(std::string_view packed, std::vector<int> const& slots,
                   std::vector<Value>& fields, std::vector<MembersRead> const* members = nullptr);

// The bytes of each field's packed value, by slot; false when the packing does not hold
// `fields.size()` fields.
bool packed_fields(std::string_view packed, std::vector<std::string_view>& fields);

// Passes over one packed value without reading it; false when the bytes are not one.
bool skip_packed(ByteReader& in);

}  // namespace sift::rules
