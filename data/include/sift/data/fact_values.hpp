// An application's facts as values of its form's declared fields, packed at import
// (rules/packed_values.hpp): a run reads them straight into the engine's values, or evaluates
// its conditions on the bytes themselves, without parsing the JSON facts again (parsing and
// decoding were a third of a run's work). They are derived from the JSON facts under one
// specification version's field declarations, recorded beside them; a run under another
// version reads the JSON. The JSON stays the record people read (and export); these bytes are
// covered by the same recorded hash (facts_digest), so an edit to either is found by verify.
// The statement is never packed (it is stored apart, and erased); its slot is unknown.
#pragma once

#include <string>
#include <string_view>

namespace sift::data {

// The hash recorded at import over what a run reads of an application: the JSON facts and,
// when there are any, the packed values and the specification version they were packed under.
std::string facts_digest(std::string_view facts, std::string_view values, int values_version);

}  // namespace sift::data
