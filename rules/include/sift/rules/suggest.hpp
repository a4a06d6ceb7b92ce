// "Did you mean ...?": the nearest of a set of names by edit distance.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sift::rules {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate, if it is close enough to be a plausible misspelling.
std::optional<std::string> nearest(std::string_view word,
                                   std::vector<std::string> const& candidates);

// The same for a value of a declared list: one written in another case ("ks3" for "KS3") is the
// likeliest slip, whatever the distance.
std::optional<std::string> nearest_value(std::string_view word,
                                         std::vector<std::string> const& values);

}  // namespace sift::rules
