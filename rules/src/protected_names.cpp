// Names that are, or plainly stand for, a protected characteristic under the Equality Act 2010.
// A name is refused when it, or any of its underscore-separated words, is in this list.
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "sift/rules/equality.hpp"

namespace sift::rules {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 43> protected_words{{
    {"age", "age"},
    {"dob", "age"},
    {"birth", "age"},
    {"birthday", "age"},
    {"birthdate", "age"},
    {"born", "age"},
    {"disability", "disability"},
    {"disabled", "disability"},
    {"disabilities", "disability"},
    {"impairment", "disability"},
    {"reassignment", "gender reassignment"},
    {"transgender", "gender reassignment"},
    {"trans", "gender reassignment"},
    {"marriage", "marriage and civil partnership"},
    {"married", "marriage and civil partnership"},
    {"marital", "marriage and civil partnership"},
    {"partnership", "marriage and civil partnership"},
    {"spouse", "marriage and civil partnership"},
    {"pregnancy", "pregnancy and maternity"},
    {"pregnant", "pregnancy and maternity"},
    {"maternity", "pregnancy and maternity"},
    {"race", "race"},
    {"racial", "race"},
    {"ethnicity", "race"},
    {"ethnic", "race"},
    {"nationality", "race (nationality)"},
    {"colour", "race (colour)"},
    {"color", "race (colour)"},
    {"religion", "religion or belief"},
    {"religious", "religion or belief"},
    {"belief", "religion or belief"},
    {"beliefs", "religion or belief"},
    {"faith", "religion or belief"},
    {"sex", "sex"},
    {"gender", "sex"},
    {"orientation", "sexual orientation"},
    {"sexual", "sexual orientation"},
    {"sexuality", "sexual orientation"},
    {"gay", "sexual orientation"},
    {"lesbian", "sexual orientation"},
    {"bisexual", "sexual orientation"},
    {"monitoring", "equality monitoring"},
    {"personal", "identifying details"},
}};

}  // namespace

std::string protected_name_reason(std::string const& name) {
  // "national" alone is the National Curriculum; national origins are race.
  if (name.find("national_origin") != std::string::npos) return "race (national origins)";
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('_', start);
    if (end == std::string::npos) end = name.size();
    std::string_view const word(name.data() + start, end - start);
    for (auto const& [candidate, characteristic] : protected_words) {
      if (word.size() != candidate.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < word.size() && same; ++i)
        same = std::tolower(static_cast<unsigned char>(word[i])) == candidate[i];
      if (same) return std::string(characteristic);
    }
    start = end + 1;
  }
  return {};
}

}  // namespace sift::rules
