// Reading a JSON value as a value of a declared form type. The same code validates records on
// import and turns stored facts back into values for the engine, so both agree by construction.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "sift/rules/types.hpp"
#include "sift/rules/value.hpp"

namespace sift::data {

// Where a value sits in its record: a chain of steps on the caller's stack, rendered as text
// ("qualifications[0].year") only when there is something wrong to report.
struct JsonPath {
  JsonPath const* parent = nullptr;
  std::string_view key;   // a field or member name; empty for a list item
  std::size_t index = 0;  // the list item's position
  std::string text() const;
};

// Reads `json` as `type` into `*out`, or only checks it when `out` is null (no allocation).
// `*out` is overwritten whole, reusing the texts and lists it holds (from the previous
// application read into it), and left unspecified when there is a problem. A
// JSON null, or an absent key (not handled here), is missing (Unknown) unless the type is
// optional, where null is None. Returns an empty string on success, or what is wrong, naming
// the path ("qualifications[0].year is -2005, ..."). Reading stops at the first problem.
//
// Checking a record on import goes further, with `checking`: through the whole value, noting
// every problem, and the members of objects the form does not declare, and keys said twice.
struct Checking {
  std::vector<std::string> problems;
  std::vector<std::string> undeclared;  // paths: "pay.ni_number"
  std::vector<std::string_view> keys;   // scratch: an object's keys (kept to save allocating)
};
std::string decode(simdjson::dom::element json, rules::Type const& type, JsonPath const& path,
                   rules::Value* out, Checking* checking = nullptr);

// Writes `json` as JSON text, less the object members `type` does not declare.
void write_declared(simdjson::dom::element json, rules::Type const& type, std::string& out);

// How a JSON value reads in a message: `the text "yes"`, `the number 1`, `a list`.
std::string describe_json(simdjson::dom::element json);

// Where in a line a number too large for a double sits: "pay.point", or empty if none is
// found. Used to name the field when the whole-line parse fails on a number.
std::string locate_bad_number(std::string_view line);

}  // namespace sift::data
