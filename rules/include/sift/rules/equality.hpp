// Equality Act 2010: screening rules must never use a protected characteristic. The checker
// refuses any declared name that is, or plainly stands for, one.
#pragma once

#include <string>

namespace sift::rules {

// The protected characteristic a name stands for ("age", "race (nationality)"), or empty when
// the name may be used. Names are matched word by word (words separated by '_').
std::string protected_name_reason(std::string const& name);

}  // namespace sift::rules
