// Text as Sift compares it with other text, ignoring what a person would not count as a
// difference: Unicode case folding (so "SIOBHÁN" finds "siobhán", and "STRASSE" finds "straße")
// after canonical composition (an accent typed as a separate mark is the accented letter), and,
// where asked, without accents ("Économie" is "economie", for matching a declared value).
// Rules use it for `contains`; imports for matching spreadsheet cells to declared values.
#pragma once

#include <string>
#include <string_view>

namespace sift::rules {

enum class Accents { kept, ignored };

// `text` folded; text that is not UTF-8 comes back as it is.
std::string folded(std::string_view text, Accents accents = Accents::kept);

}  // namespace sift::rules
