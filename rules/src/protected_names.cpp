// Names that are, or plainly stand for, a protected characteristic under the Equality Act 2010.
//
// A name is read as words: split at underscores, digits and camelCase ("dateOfBirth"), and any
// run-together word that can be read whole as protected words and common glue words
// ("maritalstatus", "countryofbirth") is split into them. Phrases are matched before single
// words, so that "country_of_birth" is national origin (race), not age. Abbreviations people
// use on forms are known ("dob", "yob", "d_o_b", "gndr"). A word is never matched inside
// another: "page", "stage", "language" and "transport" are ordinary names.
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sift/rules/equality.hpp"

namespace sift::rules {
namespace {

struct Word {
  std::string_view text;
  std::string_view characteristic;
};

constexpr std::array<Word, 56> protected_words{{
    {"age", "age"},
    {"ages", "age"},
    {"aged", "age"},
    {"dob", "age"},
    {"yob", "age"},
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
    {"ethn", "race"},
    {"bame", "race"},
    {"nationality", "race (nationality)"},
    {"citizenship", "race (nationality)"},
    {"colour", "race (colour)"},
    {"color", "race (colour)"},
    {"religion", "religion or belief"},
    {"relig", "religion or belief"},
    {"religious", "religion or belief"},
    {"belief", "religion or belief"},
    {"beliefs", "religion or belief"},
    {"faith", "religion or belief"},
    {"denomination", "religion or belief"},
    {"sex", "sex"},
    {"gender", "sex"},
    {"gndr", "sex"},
    {"orientation", "sexual orientation"},
    {"sexual", "sexual orientation"},
    {"sexuality", "sexual orientation"},
    {"gay", "sexual orientation"},
    {"lesbian", "sexual orientation"},
    {"bisexual", "sexual orientation"},
    {"lgbt", "sexual orientation"},
    {"lgbtq", "sexual orientation"},
    {"heterosexual", "sexual orientation"},
    {"homosexual", "sexual orientation"},
    {"monitoring", "equality monitoring"},
    {"personal", "identifying details"},
}};

// Words that join protected ones in a name ("date of birth", "marital status"): a run-together
// word is split only when every part is a protected word or one of these.
constexpr std::array<std::string_view, 20> glue_words{
    "of",      "date",     "year",    "place",    "country", "status",   "origin",
    "origins", "group",    "band",    "national", "civil",   "identity", "code",
    "type",    "category", "partner", "leave",    "d",       "o"};

struct Phrase {
  std::array<std::string_view, 3> words;  // empty words at the end are unused
  std::string_view characteristic;
};

constexpr std::array<Phrase, 12> protected_phrases{{
    {{"country", "of", "birth"}, "race (national origins)"},
    {{"place", "of", "birth"}, "race (national origins)"},
    {{"birth", "country", ""}, "race (national origins)"},
    {{"birth", "place", ""}, "race (national origins)"},
    {{"national", "origin", ""}, "race (national origins)"},
    {{"national", "origins", ""}, "race (national origins)"},
    {{"date", "of", "birth"}, "age"},
    {{"year", "of", "birth"}, "age"},
    {{"d", "o", "b"}, "age"},
    {{"y", "o", "b"}, "age"},
    {{"civil", "partner", ""}, "marriage and civil partnership"},
    {{"civil", "partnership", ""}, "marriage and civil partnership"},
}};

std::string_view characteristic_of(std::string_view word) {
  for (auto const& w : protected_words)
    if (w.text == word) return w.characteristic;
  return {};
}

bool is_glue(std::string_view word) {
  for (auto const g : glue_words)
    if (g == word) return true;
  return false;
}

// "dateOfBirth2" -> date, of, birth; "DOBDate" -> dob, date; lower case throughout.
std::vector<std::string> split_words(std::string const& name) {
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) words.push_back(std::move(current));
    current.clear();
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto const c = static_cast<unsigned char>(name[i]);
    if (!std::isalpha(c)) {  // underscores, digits and anything else separate words
      flush();
      continue;
    }
    if (std::isupper(c) && !current.empty()) {
      auto const previous = static_cast<unsigned char>(name[i - 1]);
      bool const next_lower =
          i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
      // a lower-case letter ends a word; so does an acronym before a capitalised word
      if (std::islower(previous) || (std::isupper(previous) && next_lower)) flush();
    }
    current += static_cast<char>(std::tolower(c));
  }
  flush();
  return words;
}

// A run-together word read whole as protected and glue words, if it can be, with at least
// one protected word among them; otherwise the word itself.
std::vector<std::string> segment(std::string const& word) {
  if (!characteristic_of(word).empty() || is_glue(word)) return {word};
  std::size_t const n = word.size();
  // readable[i]: word[0, i) reads as such words; from[i]: where the last of them starts.
  std::vector<bool> readable(n + 1, false);
  std::vector<std::size_t> from(n + 1, 0);
  readable[0] = true;
  for (std::size_t end = 2; end <= n; ++end)
    for (std::size_t start = 0; start + 2 <= end; ++start) {  // parts of two letters or more
      if (!readable[start]) continue;
      std::string_view const part(word.data() + start, end - start);
      if (!characteristic_of(part).empty() || is_glue(part)) {
        readable[end] = true;
        from[end] = start;
        break;
      }
    }
  if (!readable[n]) return {word};
  std::vector<std::string> parts;
  for (std::size_t end = n; end > 0; end = from[end])
    parts.insert(parts.begin(), word.substr(from[end], end - from[end]));
  for (auto const& part : parts)
    if (!characteristic_of(part).empty()) return parts;
  return {word};
}

}  // namespace

std::string protected_name_reason(std::string const& name) {
  std::vector<std::string> words;
  for (auto const& word : split_words(name))
    for (auto& part : segment(word))
      words.push_back(std::move(part));
  for (std::size_t i = 0; i < words.size(); ++i) {
    for (auto const& phrase : protected_phrases) {
      std::size_t matched = 0;
      while (matched < phrase.words.size() && !phrase.words[matched].empty() &&
             i + matched < words.size() && words[i + matched] == phrase.words[matched])
        ++matched;
      if (matched == phrase.words.size() || phrase.words[matched].empty())
        return std::string(phrase.characteristic);
    }
    if (auto const characteristic = characteristic_of(words[i]); !characteristic.empty())
      return std::string(characteristic);
  }
  return {};
}

}  // namespace sift::rules
