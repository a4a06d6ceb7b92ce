// An application's facts as values of its form's declared fields, packed at import: a run reads
// them straight into the engine's values, without parsing the JSON facts again (parsing and
// decoding were a third of a run's work). They are derived from the JSON facts under one
// specification version's field declarations, recorded beside them; a run under another
// version reads the JSON. The JSON stays the record people read (and export); these bytes are
// covered by the same recorded hash (facts_digest), so an edit to either is found by verify.
//
// Layout: a varint count of fields, then per field (in the specification's slot order) a varint
// byte length and the value. A value is a tag byte, then by tag: a number or duration, 8 bytes
// (IEEE, little-endian); a text, a varint length and its UTF-8 bytes; a date, a varint of its
// days plus 2^31 and a varint span; a list, set or record, a varint count and its values.
// Unknown, none, false and true are the tag alone. The statement is never packed (it is stored
// apart, and erased); its slot is unknown.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sift/rules/members_read.hpp"
#include "sift/rules/value.hpp"

namespace sift::data {

// Appends the packing of `fields` (one per form field, by slot) to `out`.
void pack_values(std::vector<rules::Value> const& fields, std::string& out);

// Overwrites the fields at `slots` (sorted) from a packing, reusing their texts and lists; the
// other slots are left as they are. With `members` (by slot, rules/members_read.hpp), a record
// field's members that no rule reads are left unknown instead of read. False when the bytes are
// not a packing of `fields.size()` fields (damaged or edited): the fields are then unspecified.
bool unpack_values(std::string_view packed, std::vector<int> const& slots,
                   std::vector<rules::Value>& fields,
                   std::vector<rules::MembersRead> const* members = nullptr);

// The hash recorded at import over what a run reads of an application: the JSON facts and,
// when there are any, the packed values and the specification version they were packed under.
std::string facts_digest(std::string_view facts, std::string_view values, int values_version);

}  // namespace sift::data
