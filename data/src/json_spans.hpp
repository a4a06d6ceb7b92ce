// The top-level members of a JSON object as spans of its original text. The line has already
// been validated by simdjson; this only finds where each member's value starts and ends, so
// that parts of a record can be stored apart without re-serialising the rest.
#pragma once

#include <string_view>
#include <vector>

namespace sift::data {

struct MemberSpan {
  std::string_view key;    // as written, without quotes (escapes left as they are)
  std::string_view value;  // the value's text
  std::size_t begin = 0;   // where the member starts (its key's opening quote)
  std::size_t end = 0;     // just past its value
};

// The members of the object `text` (valid JSON) in order.
std::vector<MemberSpan> object_members(std::string_view text);

}  // namespace sift::data
